import Foundation
import Testing
import SyncModel
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
        #expect(metrics.contains("syncd_build_info{version=\"\(SyncdVersion.current)\"} 1"), "\(metrics)")
        #expect(metrics.contains("syncd_source_freshness_seconds{source=\"docs\",type=\"folder\"}"), "\(metrics)")
        #expect(metrics.contains("syncd_scan_seconds_bucket") && metrics.contains("syncd_extraction_failures_total{source=\"docs\"}"))
        // Prometheus's own linter reads it (Debian `prometheus`, which `make test` installs).
        let exposition = FileManager.default.temporaryDirectory.appendingPathComponent("metrics-\(UUID().uuidString).txt").path
        try metrics.write(toFile: exposition, atomically: true, encoding: .utf8)
        defer { try? FileManager.default.removeItem(atPath: exposition) }
        let lint = try Harness.runTool("sh", ["-c", "promtool check metrics < '\(exposition)'"])
        #expect(lint.status == 0, "promtool check metrics: \(lint.stdout) \(lint.stderr)")

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

    @Test("the TCP listener answers only requests with its bearer token and a Host it serves; POST without JSON is refused there too")
    func tcpListener() throws {
        // Port 0: the system picks a free port and the daemon logs it (no port picked here,
        // closed, and handed on to race with other processes).
        let token = "s3cret-token-0123456789abcdef"
        let harness = try Harness(
            extraConfig: DaemonTests.daemonConfig + "listen = \"127.0.0.1:0\"\ntoken_file = \"api.token\"\nidle_timeout = \"2s\"\n")
        try "\(token)\n".write(toFile: harness.folder + "/api.token", atomically: true, encoding: .utf8)
        try harness.write("a.txt", "A title\n\nSome text for the TCP listener test.\n")
        let daemon = try DaemonProcess(harness: harness, notify: nil)
        try daemon.waitForAPI()
        let line = try #require(daemon.log.split(separator: "\n").first { $0.contains("API listening on TCP") })
        let port = try #require(line.split(separator: " ").first { $0.hasPrefix("port=") }.flatMap { Int($0.dropFirst(5)) })
        let url = "http://127.0.0.1:\(port)/v1/status"
        func code(_ arguments: [String]) throws -> String {
            try Harness.runTool("curl", ["-s", "-o", "/dev/null", "-w", "%{http_code}"] + arguments).stdout
        }
        #expect(try code([url]) == "401")
        #expect(try code(["-H", "Authorization: Bearer wrong-token-0123456789", url]) == "401")
        let challenge = try Harness.runTool("curl", ["-s", "-D", "-", "-o", "/dev/null", url]).stdout
        #expect(challenge.lowercased().contains("www-authenticate: bearer"))
        #expect(try code(["-H", "Authorization: Bearer \(token)", url]) == "200")
        #expect(try code(["-H", "Authorization: Bearer \(token)", "-H", "Host: localhost:\(port)", url]) == "200")
        // A page whose name was rebound to 127.0.0.1 sends its own name as Host.
        #expect(try code(["-H", "Authorization: Bearer \(token)", "-H", "Host: attacker.example", url]) == "421")
        let post = try code([
            "-X", "POST", "-H", "Authorization: Bearer \(token)", "-H", "Content-Type: text/plain",
            "--data", "{\"seq\": 0}", "http://127.0.0.1:\(port)/v1/consumers/x/ack",
        ])
        #expect(post == "415")

        // A request whose header never ends is closed after the idle timeout: the read below
        // ends with the server's close, not with data (its own 60 s limit only guards the test).
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        #expect(fd >= 0)
        defer { close(fd) }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = in_port_t(UInt16(port).bigEndian)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        let connected = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { connect(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
        }
        #expect(connected == 0)
        var limit = timeval(tv_sec: 60, tv_usec: 0)
        setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &limit, socklen_t(MemoryLayout<timeval>.size))
        let partial = Array("GET /v1/status HTTP/1.1\r\nHost: 127.0.0.1\r\n".utf8)
        #expect(write(fd, partial, partial.count) == partial.count)
        var buffer = [UInt8](repeating: 0, count: 512)
        let read = recv(fd, &buffer, buffer.count, 0)
        #expect(read == 0, "expected the server to close the connection (read \(read), errno \(errno))")
        #expect(daemon.stop() == 0)
    }

    @Test("no TCP listener without a token: a missing or short token file stops syncd with the file's name")
    func tcpListenerNeedsAToken() throws {
        let harness = try Harness(extraConfig: DaemonTests.daemonConfig + "listen = \"127.0.0.1:0\"\ntoken_file = \"api.token\"\n")
        let missing = try DaemonProcess(harness: harness, notify: nil)
        let status = missing.waitForExit()
        #expect(status != nil && status != 0)
        #expect(missing.log.contains(harness.folder + "/api.token") && missing.log.contains("cannot read the API token file"), "\(missing.log)")
        try "short\n".write(toFile: harness.folder + "/api.token", atomically: true, encoding: .utf8)
        let short = try DaemonProcess(harness: harness, notify: nil)
        let shortStatus = short.waitForExit()
        #expect(shortStatus != nil && shortStatus != 0)
        #expect(short.log.contains("at least 16 characters"), "\(short.log)")
    }
}
