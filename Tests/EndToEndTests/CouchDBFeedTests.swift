import Foundation
import Testing
#if canImport(Glibc)
import Glibc
#endif

/// The change feed as CouchDB clients read it, with a real CouchDB client library (PyPI
/// `couchdb`, installed by `make test`) against real daemon processes.
@Suite("CouchDB-style change feed, end to end", .serialized)
struct CouchDBFeedTests {
    static let token = "couch-token-0123456789abcdef"

    /// A harness whose daemon also listens on TCP (port 0) with a token.
    static func harness() throws -> Harness {
        let harness = try Harness(extraConfig: DaemonTests.daemonConfig + "listen = \"127.0.0.1:0\"\ntoken_file = \"api.token\"\n")
        try "\(token)\n".write(toFile: harness.folder + "/api.token", atomically: true, encoding: .utf8)
        return harness
    }

    /// The TCP port the daemon logged.
    static func port(_ daemon: DaemonProcess) throws -> Int {
        let line = try #require(daemon.log.split(separator: "\n").last { $0.contains("API listening on TCP") })
        return try #require(line.split(separator: " ").first { $0.hasPrefix("port=") }.flatMap { Int($0.dropFirst(5)) })
    }

    @Test("couchdb-python follows feed=continuous across a daemon restart and sees every change once, tombstones as deleted")
    func couchClientAcrossRestart() throws {
        let check = try Harness.runTool("python3", ["-c", "import couchdb"])
        try #require(check.status == 0, "the CouchDB client is missing: pip install couchdb (make test installs it)\n\(check.stderr)")
        let harness = try Self.harness()
        let story = DaemonTests().story
        for index in 1...3 { try harness.write("s\(index).txt", story(index, "")) }
        var daemon = try DaemonProcess(harness: harness, notify: nil)
        try daemon.waitForAPI()
        let portFile = harness.folder + "/port"
        try "\(try Self.port(daemon))".write(toFile: portFile, atomically: true, encoding: .utf8)
        let (follower, out, err) = try Harness.start(
            "/usr/bin/env", ["python3", Harness.repositoryRoot + "/scripts/couchdb-follow.py", portFile, Self.token, "120"])
        // SIGKILL: the test process may block SIGTERM, and a child inherits that mask.
        defer { if follower.isRunning { kill(follower.processIdentifier, SIGKILL) } }
        func seen() -> [[String: Any]] {
            ((try? String(contentsOfFile: out, encoding: .utf8)) ?? "").split(separator: "\n").compactMap {
                try? JSONSerialization.jsonObject(with: Data($0.utf8)) as? [String: Any]
            }
        }
        func head() throws -> Int64 { try daemon.changes(since: 0).last }
        _ = try daemon.waitForChanges(since: 0, atLeast: 3)  // READY comes before the first scan ends
        let firstHead = try head()
        #expect(firstHead >= 3)
        // The client's output is looked at again whenever it grows (inotify).
        let output = FileWatch([out])
        #expect(
            output.wait(timeout: 120) { seen().count >= firstHead },
            "the client saw the first changes: \(seen().count); \(String(describing: try? String(contentsOfFile: err, encoding: .utf8)))")

        // Stopped: a file changes and one goes away while nobody watches.
        #expect(daemon.stop() == 0)
        try harness.write("s4.txt", story(4, ""))
        try harness.remove("s1.txt")
        daemon = try DaemonProcess(harness: harness, notify: nil)
        try daemon.waitForAPI()
        try "\(try Self.port(daemon))".write(toFile: portFile, atomically: true, encoding: .utf8)
        try harness.write("s5.txt", story(5, ""))
        _ = try daemon.waitForChanges(since: firstHead, atLeast: 3, within: 120)
        let finalHead = try head()
        #expect(finalHead >= firstHead + 3)
        #expect(
            output.wait(timeout: 120) { seen().count >= finalHead },
            "\(seen().count) of \(finalHead); \(String(describing: try? String(contentsOfFile: err, encoding: .utf8)))")
        kill(follower.processIdentifier, SIGKILL)
        follower.waitUntilExit()
        let changes = seen()
        #expect(changes.map { ($0["seq"] as? NSNumber)?.int64Value ?? -1 } == Array(1...finalHead), "every change once, in order")
        let deleted = changes.filter { $0["deleted"] as? Bool == true }.compactMap { $0["id"] as? String }
        #expect(deleted == ["docs:s1.txt"])
        #expect(changes.allSatisfy { ($0["id"] as? String)?.hasPrefix("docs:") == true && ($0["rev"] as? String)?.contains("-") == true })
        #expect(
            try String(contentsOfFile: err, encoding: .utf8).contains("reconnecting"),
            "the client did see the restart (a cut stream, or a feed the stopping daemon ended cleanly)")
        #expect(daemon.stop() == 0)
    }

    @Test("CouchDB parameters over the socket: since=now, descending, source and op filters, include_docs, longpoll heartbeats, continuous")
    func parameters() throws {
        let harness = try Self.harness()
        let story = DaemonTests().story
        for index in 1...3 { try harness.write("s\(index).txt", story(index, "")) }
        let daemon = try DaemonProcess(harness: harness, notify: nil)
        try daemon.waitForAPI()
        _ = try daemon.waitForChanges(since: 0, atLeast: 3)
        let socket = daemon.socket
        func get(_ path: String) throws -> [String: Any] { try UnixHTTP.request(socket, "GET", path).json }
        func seqs(_ object: [String: Any]) -> [Int64] {
            (object["results"] as? [[String: Any]] ?? []).map { ($0["seq"] as? NSNumber)?.int64Value ?? -1 }
        }
        let all = try get("/v1/changes?since=0")
        let head = (all["last_seq"] as? NSNumber)?.int64Value ?? -1
        #expect(seqs(all) == Array(1...head) && (all["pending"] as? NSNumber)?.intValue == 0)
        let firstTwo = try get("/v1/changes?since=0&limit=2")
        #expect((firstTwo["pending"] as? NSNumber)?.int64Value == head - 2)
        let now = try get("/v1/changes?since=now")
        #expect(seqs(now) == [] && (now["last_seq"] as? NSNumber)?.int64Value == head)
        #expect(seqs(try get("/v1/changes?descending=true&limit=2")) == [head, head - 1])
        #expect(seqs(try get("/v1/changes?since=0&op=update,delete")) == [])
        #expect(seqs(try get("/v1/changes?since=0&source=elsewhere&source=docs&op=create")).count == 3)
        #expect(try UnixHTTP.request(socket, "GET", "/v1/changes?op=rename").status == 400)
        #expect(try UnixHTTP.request(socket, "GET", "/v1/changes?filter=_doc_ids").status == 400)

        // Today's shape keeps `doc` the number; `/v1/_changes` keeps it for the document object
        // and both carry `doc_id`, `id` and `changes`.
        let ours = (try get("/v1/changes?since=0&limit=1")["results"] as? [[String: Any]])?.first
        #expect(ours?["doc"] is NSNumber && ours?["doc_id"] is NSNumber && (ours?["id"] as? String)?.hasPrefix("docs:") == true)
        let couch = (try get("/v1/_changes?since=0&limit=1")["results"] as? [[String: Any]])?.first
        #expect(couch?["doc"] == nil && couch?["doc_id"] is NSNumber && (couch?["changes"] as? [[String: Any]])?.first?["rev"] is String)
        let withDoc = ((try get("/v1/_changes?since=0&limit=1&include_docs=true")["results"] as? [[String: Any]])?.first?["doc"] as? [String: Any])
        #expect(withDoc?["_id"] as? String == couch?["id"] as? String && withDoc?["doc_id"] is NSNumber && withDoc?["text"] is String)

        // A long poll with heartbeats writes newlines until a change it takes commits (here a
        // deletion, made once the first heartbeat arrived); the JSON after them parses.
        let fd = try UnixHTTP.connect(socket)
        defer { close(fd) }
        let request = "GET /v1/changes?feed=longpoll&since=\(head)&heartbeat=200&op=delete HTTP/1.1\r\nHost: syncd\r\nConnection: close\r\n\r\n"
        _ = Array(request.utf8).withUnsafeBytes { send(fd, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL)) }
        var received: [UInt8] = []
        var buffer = [UInt8](repeating: 0, count: 65536)
        func receive() -> Bool {
            let count = buffer.withUnsafeMutableBytes { recv(fd, $0.baseAddress, $0.count, 0) }
            if count > 0 { received += buffer[0..<count] }
            return count > 0
        }
        while !String(decoding: received, as: UTF8.self).contains("\r\n1\r\n\n\r\n") && receive() {}
        #expect(
            String(decoding: received, as: UTF8.self).contains("\r\n1\r\n\n\r\n"), "a heartbeat chunk: \(String(decoding: received, as: UTF8.self))")
        try harness.remove("s2.txt")
        while receive() {}
        let text = String(decoding: received, as: UTF8.self)
        let body = UnixHTTP.dechunk(String(text[(text.range(of: "\r\n\r\n")?.upperBound ?? text.startIndex)...]))
        let poll = (try? JSONSerialization.jsonObject(with: Data(body.utf8)) as? [String: Any]) ?? [:]
        let deletion = (poll["results"] as? [[String: Any]])?.first
        #expect(
            deletion?["op"] as? String == "delete" && deletion?["deleted"] as? Bool == true && deletion?["id"] as? String == "docs:s2.txt", "\(body)")
        let after = (poll["last_seq"] as? NSNumber)?.int64Value ?? -1

        // Continuous without a heartbeat ends after `timeout` idle with a last_seq line.
        let lines = try UnixHTTP.request(socket, "GET", "/v1/changes?feed=continuous&since=\(after - 2)&timeout=300").body.split(separator: "\n")
        #expect(lines.count == 3, "\(lines)")
        let end = (try? JSONSerialization.jsonObject(with: Data((lines.last ?? "").utf8)) as? [String: Any]) ?? [:]
        #expect((end["last_seq"] as? NSNumber)?.int64Value == after && (end["pending"] as? NSNumber)?.intValue == 0)
        #expect(daemon.stop() == 0)
    }
}
