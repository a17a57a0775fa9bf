import Foundation
import PostgresStore
import Storage
import SyncModel
import Synchronization
import TestSupport
import Testing

/// Feed leases on a shared store: each due poll happens on exactly one node.
@Suite("PostgreSQL: feed leases")
struct PostgresLeaseTests {
    func nodes(_ names: [String]) throws -> [PostgresStore] {
        let url = try PostgresURL(try PostgresServer.shared().createDatabase())
        let stores = try names.map { try PostgresStore(url: url, parameters: .default, node: $0) }
        for store in stores { try store.registerSources([StoreSource(name: "feed", kind: .feed, location: "http://example.com/f")]) }
        return stores
    }

    @Test("of several nodes claiming a due feed at once, exactly one wins")
    func oneWinner() async throws {
        try await offPool { try self.oneWinnerBody() }
    }

    func oneWinnerBody() throws {
        let stores = try nodes(["n1", "n2", "n3", "n4"])
        for round in 0..<10 {
            let now = Double(1000 + round * 100)
            let wins = Atomic<Int>(0)
            let group = DispatchGroup()
            for store in stores {
                group.enter()
                Thread {
                    if (try? store.claimFeed(source: "feed", lease: 60, force: false, now: now)) == true { wins.add(1, ordering: .relaxed) }
                    group.leave()
                }.start()
            }
            group.wait()
            try check(wins.load(ordering: .relaxed) == 1, "round \(round)")
            // The winner's poll moves the shared due time; its lease ends.
            var state = FeedState(url: "http://example.com/f")
            state.nextDueAt = now + 50
            try stores[0].saveFeedState(source: "feed", state: state)
            for store in stores { try store.releaseFeed(source: "feed") }
            try check(try stores.allSatisfy { try !$0.claimFeed(source: "feed", lease: 60, force: false, now: now + 10) }, "not due again yet")
        }
    }

    @Test("a node that died mid-poll keeps the feed only until its lease runs out; then another node polls it")
    func expiredLeaseIsTakenOver() throws {
        let stores = try nodes(["dead", "alive"])
        #expect(try stores[0].claimFeed(source: "feed", lease: 60, force: false, now: 100))
        // The dead node records nothing: the feed stays due, but leased.
        #expect(try !stores[1].claimFeed(source: "feed", lease: 60, force: false, now: 159))
        #expect(try stores[1].claimFeed(source: "feed", lease: 60, force: false, now: 161))
        let status = try stores[1].nodes()
        #expect(status.isEmpty)  // neither recorded itself as a daemon
    }

    @Test("status lists every node with its sources and the feeds it holds")
    func nodesInStatus() throws {
        let stores = try nodes(["east", "west"])
        let now = Date().timeIntervalSince1970
        for (index, store) in stores.enumerated() {
            try store.setDaemonInfo(DaemonInfo(pid: Int32(100 + index), startedAt: now, readyAt: now, heartbeatAt: now, socket: nil))
        }
        #expect(try stores[1].claimFeed(source: "feed", lease: 600, force: false, now: now))
        let listed = try stores[0].status().nodes
        #expect(listed.map(\.name) == ["east", "west"])
        #expect(listed.map(\.sources) == [["feed"], ["feed"]])
        #expect(listed.map(\.leases) == [[], ["feed"]])
        #expect(try stores[0].daemonInfo()?.pid == 100 && stores[1].daemonInfo()?.pid == 101)
    }
}
