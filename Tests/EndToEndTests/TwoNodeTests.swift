import Foundation
import SyncModel
import TestSupport
import Testing

/// Two real `syncd` processes on one PostgreSQL database (the test process's `PostgresServer`),
/// each with its own folder; west's folder holds lightly edited copies of east's files.
@Suite("Two nodes, one PostgreSQL", .serialized)
struct TwoNodeTests {
    struct Node {
        let name: String
        let folder: String
        let config: String

        /// `syncd` with this node's config.
        func start(_ arguments: String...) throws -> Process {
            try Harness.start("syncd", ["--config", config] + arguments).0
        }
    }

    let database: String
    let url: String

    init() throws {
        let server = try PostgresServer.shared()
        url = try server.createDatabase(prefix: "two")
        database = try PostgresURL(url).database
    }

    /// A node with its own folder source (named as the node) on the shared database.
    func node(_ name: String) throws -> Node {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("syncd-node-\(name)-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: folder + "/docs", withIntermediateDirectories: true)
        let config = folder + "/syncd.toml"
        try """
        [store]
        url = "\(url)"

        [daemon]
        node = "\(name)"
        socket = "\(folder)/api.sock"

        [[source]]
        name = "\(name)"
        type = "folder"
        path = "docs"
        """.write(toFile: config, atomically: true, encoding: .utf8)
        return Node(name: name, folder: folder, config: config)
    }

    /// `pairs` stories of random seed words in east's folder and a light edit of each in west's.
    func writePairs(_ pairs: Int, east: Node, west: Node) throws {
        var vocabulary = Set<String>()
        for name in try FileManager.default.contentsOfDirectory(atPath: Harness.repositoryRoot + "/seeds") {
            let text = try String(contentsOfFile: Harness.repositoryRoot + "/seeds/" + name, encoding: .utf8)
            vocabulary.formUnion(text.split(whereSeparator: { $0.isWhitespace }).map(String.init))
        }
        let words = vocabulary.sorted()
        var state: UInt64 = 7
        func next() -> Int {
            state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            return Int(state >> 33)
        }
        for index in 0..<pairs {
            var body = (0..<160).map { _ in words[next() % words.count] }
            let key = String(format: "%05d.txt", index)
            try ("Story \(index)\n\n" + body.joined(separator: " ")).write(toFile: east.folder + "/docs/" + key, atomically: true, encoding: .utf8)
            for i in stride(from: 9, to: body.count, by: 20) { body[i] = words[next() % words.count] }
            try ("Story \(index)\n\n" + body.joined(separator: " ")).write(toFile: west.folder + "/docs/" + key, atomically: true, encoding: .utf8)
        }
    }

    func psql(_ sql: String) throws -> [[String]] {
        try PostgresServer.shared().psql(sql, database: database).split(separator: "\n").map {
            $0.split(separator: "|", omittingEmptySubsequences: false).map(String.init)
        }
    }

    /// Every cluster of live documents as its members' `SOURCE:KEY`s.
    func clusters() throws -> [Set<String>] {
        try psql(
            """
            SELECT string_agg(s.name || ':' || d.key, ',') FROM document d JOIN source s ON s.id = d.source_id
            WHERE NOT d.deleted AND d.cluster_id IS NOT NULL GROUP BY d.cluster_id
            """
        ).map { Set($0[0].split(separator: ",").map(String.init)) }
    }

    func checkPairsAndLog(_ pairs: Int) throws {
        let expected = Set((0..<pairs).map { index in Set(["east", "west"].map { "\($0):" + String(format: "%05d.txt", index) }) })
        try check(Set(try clusters()) == expected)
        let log = try psql("SELECT seq, node, op, key FROM change ORDER BY seq")
        try check(log.map { Int64($0[0]) } == (1...Int64(log.count)).map { $0 }, "seq is gapless")
        try check(Set(log.map { $0[1] }) == ["east", "west"])
        let creates = log.filter { $0[2] == "create" }.map { $0[1] + ":" + $0[3] }
        try check(creates.count == 2 * pairs && Set(creates).count == creates.count, "every file created exactly once")
    }

    @Test("both nodes ingest at once: every cross-node copy is in its original's cluster, the log is one gapless cursor")
    func concurrentOnce() async throws {
        try await offPool { try self.concurrentOnceBody() }
    }

    func concurrentOnceBody() throws {
        let (east, west) = (try node("east"), try node("west"))
        try writePairs(150, east: east, west: west)
        let processes = [try east.start("--once"), try west.start("--once")]
        for process in processes { process.waitUntilExit() }
        try check(processes.map(\.terminationStatus) == [0, 0])
        try checkPairsAndLog(150)
    }

    @Test("kill -9 of one node mid-ingest: the other finishes, the restarted node completes its folder with nothing doubled")
    func killOneNode() async throws {
        try await offPool { try self.killOneNodeBody() }
    }

    func killOneNodeBody() throws {
        let (east, west) = (try node("east"), try node("west"))
        try writePairs(400, east: east, west: west)
        let victim = try east.start("--once")
        let survivor = try west.start("--once")
        // Wait until east has committed part of its folder, then kill it: looked at again
        // whenever the server writes its log (inotify on pg_wal). (Until syncd has made the
        // schema, there is no change table to count.)
        let wal = FileWatch([try PostgresServer.shared().folder + "/data/pg_wal"])
        wal.wait(timeout: 120) {
            !victim.isRunning || (try? psql("SELECT COUNT(*) FROM change WHERE node = 'east'"))?.first?.first.flatMap({ Int($0) }) ?? 0 > 0
        }
        try check(victim.isRunning, "east finished before it could be killed mid-ingest")
        kill(victim.processIdentifier, SIGKILL)
        victim.waitUntilExit()
        survivor.waitUntilExit()
        try check(survivor.terminationStatus == 0)
        let rerun = try east.start("--once")
        rerun.waitUntilExit()
        try check(rerun.terminationStatus == 0)
        try checkPairsAndLog(400)
    }
}
