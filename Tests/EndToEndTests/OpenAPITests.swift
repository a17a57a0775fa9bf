import Foundation
import Testing

/// The API's contract: docs/openapi.json is a valid OpenAPI 3.1 document, the daemon serves
/// exactly it, and schemathesis (PyPI) finds no 5xx and no answer that breaks it.
@Suite("OpenAPI contract")
struct OpenAPITests {
    @Test("docs/openapi.json validates, /v1/openapi.json serves it, and a bounded schemathesis run finds no 5xx and no answer off the schema")
    func contract() throws {
        let spec = Harness.repositoryRoot + "/docs/openapi.json"
        let validation = try Harness.runTool("python3", ["-m", "openapi_spec_validator", spec])
        #expect(validation.status == 0, "openapi-spec-validator: \(validation.stdout) \(validation.stderr)")

        let token = "schema-token-0123456789abcdef"
        let harness = try Harness(extraConfig: DaemonTests.daemonConfig + "listen = \"127.0.0.1:0\"\ntoken_file = \"api.token\"\n")
        try "\(token)\n".write(toFile: harness.folder + "/api.token", atomically: true, encoding: .utf8)
        // Documents, a cluster, a second version and a delete, so the answers have every shape.
        let story = "Council budget\n\nThe city council approved the new budget on Monday after a long debate about schools and roads.\n"
        try harness.write("a.txt", story)
        try harness.write("b.txt", story.replacingOccurrences(of: "Monday", with: "Tuesday"))
        try harness.write("c.txt", "Storm closes roads\n\nHeavy snow closed three mountain roads overnight.\n")
        let daemon = try DaemonProcess(harness: harness, notify: nil)
        try daemon.waitForAPI()
        _ = try daemon.waitForChanges(since: 0, within: 20) { rows in rows.count >= 4 }
        try harness.write("c.txt", "Storm closes roads\n\nHeavy snow closed three mountain roads overnight; more is expected.\n")
        try harness.remove("a.txt")
        _ = try daemon.waitForChanges(since: 0, within: 20) { rows in rows.contains { $0["op"] as? String == "delete" } }
        let line = try #require(daemon.log.split(separator: "\n").first { $0.contains("API listening on TCP") })
        let port = try #require(line.split(separator: " ").first { $0.hasPrefix("port=") }.flatMap { Int($0.dropFirst(5)) })

        let served = try UnixHTTP.request(daemon.socket, "GET", "/v1/openapi.json")
        let committed = try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: spec))) as? NSDictionary
        let answered = try JSONSerialization.jsonObject(with: Data(served.body.utf8)) as? NSDictionary
        #expect(served.status == 200 && committed != nil && answered == committed, "run `make Sources/API/OpenAPIDocument.swift`")

        let run = try Harness.run(
            "/usr/bin/env",
            [
                "SCHEMATHESIS_HOOKS=schemathesis_hooks", "PYTHONPATH=" + Harness.repositoryRoot + "/scripts", "st", "run",
                "http://127.0.0.1:\(port)/v1/openapi.json", "-H", "Authorization: Bearer \(token)", "--max-examples", "25", "--seed", "1",
                "--checks", "not_a_server_error,status_code_conformance,content_type_conformance,response_schema_conformance",
                "--request-timeout", "20", "--no-color",
            ])
        let summary = run.stdout.split(separator: "\n").filter { $0.contains("generated") || $0.contains("passed") || $0.contains("failed") }
        print("schemathesis:", summary.joined(separator: " | "))
        #expect(run.status == 0, "\(run.stdout.suffix(6000)) \(run.stderr.suffix(2000))")
        #expect(run.stdout.contains("Test cases:"), "\(run.stdout.suffix(2000))")
        #expect(daemon.stop() == 0)
    }
}
