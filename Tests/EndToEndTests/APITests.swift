import Foundation
import Testing
#if canImport(Glibc)
import Glibc
#endif

/// The HTTP API of a running syncd, over its unix socket.
@Suite("The HTTP API, end to end", .serialized)
struct APITests {
    @Test("consumers, documents, clusters, include_docs, status, metrics and JSON errors")
    func endpoints() throws {
        let harness = try Harness(extraConfig: DaemonTests.daemonConfig)
        let text =
            "Council approves the budget\n\nThe city council approved the annual budget on Tuesday after a long debate about schools and roads.\n"
        try harness.write("a.txt", text)
        try harness.write("b.txt", text.replacingOccurrences(of: "Tuesday", with: "Tuesday evening"))
        try harness.write("sub/deeper/c d.txt", "A file in a sub-folder\n\nIts key holds slashes and a space, and the API still finds it.\n")
        let daemon = try DaemonProcess(harness: harness, notify: nil)
        try daemon.waitForAPI()
        let changes = try daemon.waitForChanges(since: 0, atLeast: 3)
        #expect(changes.count >= 3)
        let socket = daemon.socket

        // A named consumer resumes from its committed cursor; status shows its lag.
        #expect(try UnixHTTP.request(socket, "POST", "/v1/consumers/indexer/ack", body: #"{"seq": 1}"#).status == 200)
        let resumed = try UnixHTTP.request(socket, "GET", "/v1/changes?consumer=indexer").json
        #expect(((resumed["results"] as? [[String: Any]])?.first?["seq"] as? NSNumber)?.int64Value == 2)
        let status = try UnixHTTP.request(socket, "GET", "/v1/status").json
        let consumers = status["consumers"] as? [[String: Any]]
        #expect((consumers?.first?["name"] as? String) == "indexer" && ((consumers?.first?["lag"] as? NSNumber)?.intValue ?? 0) >= 1)
        #expect(status["ready"] as? Bool == true)
        #expect(try harness.syncctl("status").stdout.contains("indexer"))
        // A seq that is no integer is refused, not wrapped.
        #expect(try UnixHTTP.request(socket, "POST", "/v1/consumers/indexer/ack", body: #"{"seq": 1e300}"#).status == 400)
        #expect(try UnixHTTP.request(socket, "POST", "/v1/consumers/indexer/ack", body: #"{"seq": 1.5}"#).status == 400)
        // A cursor beyond the head is answered from the head, not echoed back.
        let beyond = try UnixHTTP.request(socket, "GET", "/v1/changes?since=1000000").json
        #expect((beyond["last_seq"] as? NSNumber)?.int64Value == (status["changeHead"] as? NSNumber)?.int64Value ?? -1, "\(beyond)")

        // Documents and their text, by id and by SOURCE:KEY; clusters.
        let withDocs = try UnixHTTP.request(socket, "GET", "/v1/changes?since=0&limit=1&include_docs=true").json
        let doc = ((withDocs["results"] as? [[String: Any]])?.first?["doc"] as? [String: Any])
        #expect((doc?["title"] as? String) == "Council approves the budget")
        let byKey = try UnixHTTP.request(socket, "GET", "/v1/documents/docs:a.txt").json
        #expect((byKey["title"] as? String) == "Council approves the budget" && (byKey["version"] as? NSNumber)?.intValue == 1)
        #expect(try UnixHTTP.request(socket, "GET", "/v1/documents/1/versions/1").status == 200)
        // Keys of files in sub-folders hold slashes, as they are or percent-encoded.
        for path in [
            "/v1/documents/docs:sub/deeper/c%20d.txt", "/v1/documents/docs:sub%2Fdeeper%2Fc%20d.txt",
            "/v1/documents/docs:sub/deeper/c%20d.txt/versions/1",
        ] {
            let reply = try UnixHTTP.request(socket, "GET", path)
            #expect(reply.status == 200 && (reply.json["key"] as? String) == "sub/deeper/c d.txt", "\(path): \(reply.status) \(reply.body)")
        }
        #expect(try UnixHTTP.request(socket, "GET", "/v1/documents/docs:sub/deeper/c%20d.txt/versions/0").status == 400)
        let cluster = (byKey["cluster"] as? NSNumber)?.int64Value
        if let cluster {
            let members = try UnixHTTP.request(socket, "GET", "/v1/clusters/\(cluster)").json["members"] as? [[String: Any]]
            #expect(members?.count == 2)
        }
        #expect(cluster != nil, "the two near-identical files form a cluster")

        // Sync and metrics.
        #expect(try UnixHTTP.request(socket, "POST", "/v1/sources/docs/sync").status == 202)
        let metrics = try UnixHTTP.request(socket, "GET", "/metrics").body
        #expect(metrics.contains("syncd_documents 3") && metrics.contains("syncd_change_log_head") && metrics.contains("syncd_fetch_seconds_bucket"))
        #expect(metrics.contains("syncd_consumer_lag{consumer=\"indexer\"}"))

        // Bad requests: 4xx with a JSON error, and the daemon keeps answering.
        for (method, path, body, expected) in [
            ("GET", "/v1/changes?since=-1", nil, 400), ("GET", "/v1/changes?feed=websocket", nil, 400),
            ("GET", "/v1/documents/nope:missing", nil, 404), ("GET", "/v1/documents/abc", nil, 400),
            ("GET", "/v1/clusters/x", nil, 400), ("POST", "/v1/consumers/indexer/ack", "not json", 400),
            ("POST", "/v1/consumers/indexer/ack", #"{"seq": 999999}"#, 400), ("POST", "/v1/consumers/bad%20name/ack", #"{"seq": 1}"#, 400),
            ("GET", "/v1/nothing-here", nil, 404), ("POST", "/v1/sources/nope/sync", nil, 404),
        ] as [(String, String, String?, Int)] {
            let reply = try UnixHTTP.request(socket, method, path, body: body)
            #expect(reply.status == expected, "\(method) \(path): \(reply.status) \(reply.body)")
            #expect(reply.json["error"] is String, "\(method) \(path): \(reply.body)")
        }
        let plain = try UnixHTTP.request(socket, "POST", "/v1/consumers/indexer/ack", body: #"{"seq": 2}"#, headers: ["Content-Type: text/plain"])
        #expect(plain.status == 415, "a POST a web page could send without a preflight is refused")
        #expect(try UnixHTTP.request(socket, "GET", "/v1/status").status == 200)
        #expect(daemon.stop() == 0)
    }

    @Test("with [daemon] listen the API also answers on TCP; POST without JSON is refused there too")
    func tcpListener() throws {
        // Port 0: the system picks a free port and the daemon logs it (no port picked here,
        // closed, and handed on to race with other processes).
        let harness = try Harness(extraConfig: DaemonTests.daemonConfig + "listen = \"127.0.0.1:0\"\n")
        try harness.write("a.txt", "A title\n\nSome text for the TCP listener test.\n")
        let daemon = try DaemonProcess(harness: harness, notify: nil)
        try daemon.waitForAPI()
        let line = try #require(daemon.log.split(separator: "\n").first { $0.contains("API listening on TCP") })
        let port = try #require(line.split(separator: " ").first { $0.hasPrefix("port=") }.flatMap { Int($0.dropFirst(5)) })
        let status = try Harness.runTool("curl", ["-s", "-o", "/dev/null", "-w", "%{http_code}", "http://127.0.0.1:\(port)/v1/status"])
        #expect(status.stdout == "200", "\(status.stderr) \(daemon.log)")
        let post = try Harness.runTool(
            "curl",
            [
                "-s", "-o", "/dev/null", "-w", "%{http_code}", "-X", "POST", "-H", "Content-Type: text/plain",
                "--data", "{\"seq\": 0}", "http://127.0.0.1:\(port)/v1/consumers/x/ack",
            ])
        #expect(post.stdout == "415")
        #expect(daemon.stop() == 0)
    }
}
