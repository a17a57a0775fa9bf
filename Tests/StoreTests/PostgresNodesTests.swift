import Foundation
import PostgresStore
import Storage
import SyncModel
import Synchronization
import TestSupport
import Testing

/// Several nodes on one PostgreSQL database: each test opens two stores (two nodes) on one
/// database and writes from both at once.
@Suite("PostgreSQL: several nodes on one database")
struct PostgresNodesTests {
    /// Two stores on one fresh database, as nodes `east` and `west`.
    func twoNodes() throws -> (any DocumentStore, any DocumentStore) {
        let url = try PostgresURL(try PostgresServer.shared().createDatabase())
        let east = try PostgresStore(url: url, parameters: .default, node: "east")
        let west = try PostgresStore(url: url, parameters: .default, node: "west")
        for store in [east, west] {
            try store.registerSources(["a", "b"].map { StoreSource(name: $0, kind: .folder, location: "/tmp/\($0)") })
        }
        return (east, west)
    }

    /// Runs `bodies` on threads of their own at once and waits for all; rethrows the first error.
    func together(_ bodies: [@Sendable () throws -> Void]) throws {
        let failures = Mutex<[any Error]>([])
        let group = DispatchGroup()
        for body in bodies {
            group.enter()
            Thread {
                do { try body() } catch { failures.withLock { $0.append(error) } }
                group.leave()
            }.start()
        }
        group.wait()
        if let first = failures.withLock({ $0.first }) { throw first }
    }

    @Test("a story merged on one node and its copy on the other at the same moment end in one cluster")
    func concurrentNearDuplicates() async throws {
        try await offPool { try self.concurrentNearDuplicatesBody() }
    }

    func concurrentNearDuplicatesBody() throws {
        let (east, west) = try twoNodes()
        let texts = try (0..<5).map { try seedText($0) }
        // Each round: the same story on both nodes at once, as a light edit on one of them.
        for round in 0..<5 {
            try together([
                { _ = try east.mergeOne("a", "story\(round).txt", texts[round]) },
                { _ = try west.mergeOne("b", "copy\(round).txt", lightlyEdited(texts[round])) },
            ])
        }
        let clusters = try east.duplicateClusters()
        try check(clusters.count == 5)
        try check(clusters.allSatisfy { $0.members.count == 2 && Set($0.members.map(\.source)) == ["a", "b"] })
        try check(try west.duplicateClusters().map(\.cluster) == clusters.map(\.cluster))
    }

    @Test("seq follows commit order: a reader polling while two nodes write sees every change once, in order, with no gap")
    func changeLogIsAPerfectCursor() async throws {
        try await offPool { try self.changeLogIsAPerfectCursorBody() }
    }

    func changeLogIsAPerfectCursorBody() throws {
        let (east, west) = try twoNodes()
        let texts = try (0..<5).map { try seedText($0) }
        let done = Atomic<Int>(0)
        let seen = Mutex<[Int64]>([])
        let reader = east
        try together([
            {
                defer { done.add(1, ordering: .sequentiallyConsistent) }
                for i in 0..<30 { _ = try east.mergeOne("a", "e\(i).txt", lightlyEdited(texts[i % 5], every: 7 + i)) }
            },
            {
                defer { done.add(1, ordering: .sequentiallyConsistent) }
                for i in 0..<30 { _ = try west.mergeOne("b", "w\(i).txt", lightlyEdited(texts[(i + 2) % 5], every: 9 + i)) }
            },
            {
                var cursor: Int64 = 0
                while true {
                    let finished = done.load(ordering: .sequentiallyConsistent) == 2
                    let page = try reader.changes(since: cursor, limit: 7)
                    // Every page continues exactly where the last one ended.
                    for change in page {
                        guard change.seq == cursor + 1 else {
                            throw SyncError(.store, "after seq \(cursor) the reader found \(change.seq)")
                        }
                        cursor = change.seq
                    }
                    seen.withLock { $0 += page.map(\.seq) }
                    if finished && page.isEmpty { break }
                }
            },
        ])
        let head = try west.changeHead()
        try check(seen.withLock { $0 } == Array(1...head))
        try check(Set(try east.allChanges().map(\.op)).isSuperset(of: [.create]))
    }

    @Test("a commit on one node wakes a long poll waiting on the other (LISTEN/NOTIFY)")
    func notifyWakesOtherNodes() async throws {
        let (east, west) = try twoNodes()
        let head = try west.changeHead()
        let text = try seedText(0)
        let writer = Task.detached { try east.mergeOne("a", "x.txt", text) }
        let woken = await west.commits.wait(after: head, timeout: .seconds(30))
        _ = try await writer.value
        #expect(woken > head)
        #expect(try west.changeHead() == woken)
    }

    @Test("consumers, host deadlines and feed states written by one node are read by the other")
    func sharedState() throws {
        let (east, west) = try twoNodes()
        _ = try east.mergeOne("a", "x.txt", try seedText(1))
        try east.ackConsumer("indexer", seq: 1)
        #expect(try west.consumerSeq("indexer") == 1)
        try west.setHostDeadline(host: "example.com", until: 500, reason: "429")
        try east.setHostDeadline(host: "example.com", until: 100, reason: "503")
        #expect(try west.hostDeadlines()["example.com"]?.until == 500)
        var state = FeedState(url: "http://example.com/feed")
        state.etag = "\"v1\""
        try east.registerSources([StoreSource(name: "feed", kind: .feed, location: state.url)])
        try east.recordFetch(source: "feed", state: state, error: nil, problems: [], now: 10)
        #expect(try west.feedState(source: "feed", url: state.url)?.state.etag == "\"v1\"")
    }

    @Test("the change log names the node that wrote each change")
    func changesNameTheirNode() throws {
        let (east, west) = try twoNodes()
        _ = try east.mergeOne("a", "x.txt", try seedText(1))
        _ = try west.mergeOne("b", "y.txt", try seedText(2))
        let url = try PostgresURL(east.location)
        let nodes = try PostgresServer.shared().psql("SELECT node FROM change ORDER BY seq", database: url.database)
        #expect(nodes.split(separator: "\n") == ["east", "west"])
    }

    @Test("a wrong password or database is a clear store error naming the URL without the password")
    func connectionErrors() throws {
        let server = try PostgresServer.shared()
        let url = try PostgresURL(server.url(database: "no_such_database"))
        let error = #expect(throws: SyncError.self) { try PostgresStore(url: url, password: "hunter2", parameters: .default, node: "n") }
        #expect(error?.code == .store)
        #expect(error?.description.contains("no_such_database") == true)
        #expect(error?.description.contains("hunter2") == false)
    }
}
