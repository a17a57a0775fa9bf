import API
import Daemon
import Foundation
import Logging
import SQLiteStore
import ServiceLifecycle
import Storage
import SyncConfig
import SyncModel
import TestSupport
import Testing

/// The daemon's services run in-process on a clock the test moves: no sleeping, no spawned
/// binary. Each test waits on events (a finished poll, the services asleep again).
@Suite("daemon services in-process")
struct DaemonServiceTests {
    /// A daemon with one feed source on a local server, its store and socket in a temporary folder.
    struct Running {
        let daemon: DaemonServices
        let clock: ManualClock
        let server: TestHTTPServer
        let routes: Routes
        let store: SQLiteStore
        let config: SyncdConfig

        init(minInterval: Double = 60, interval: Double = 600) async throws {
            let folder = try makeTemporaryDirectory()
            (server, routes) = try await startServer()
            var config = SyncdConfig(path: folder + "/syncd.toml", store: StoreSettings(path: folder + "/store.db"), sources: [])
            config.sources = [
                .feed("a", FeedSettings(url: server.baseURL + "/a.xml", interval: interval, minInterval: minInterval, maxInterval: 3600))
            ]
            config.daemon.socket = folder + "/d.sock"
            self.config = config
            clock = ManualClock()
            store = try SQLiteStore(path: config.store.path, parameters: .default)
            daemon = try buildServices(
                config: config, store: store, clock: clock, notifier: SystemdNotifier(environment: [:]),
                logger: FeedHarness.quiet, environment: [:])
        }

        /// Runs the services until `body` returns, then shuts them down gracefully.
        func run(_ body: @Sendable (Running) async throws -> Void) async throws {
            let group = ServiceGroup(services: daemon.services, logger: FeedHarness.quiet)
            try await withThrowingTaskGroup(of: Void.self) { tasks in
                tasks.addTask { try await group.run() }
                do {
                    try await body(self)
                } catch {
                    await group.triggerGracefulShutdown()
                    throw error
                }
                await group.triggerGracefulShutdown()
                try await tasks.waitForAll()
            }
        }

        /// Waits until `count` scans or polls have finished in all.
        func finished(_ count: Int64) async {
            while daemon.activity.head < count { await daemon.activity.wait(after: count - 1, timeout: .seconds(60)) }
        }

        /// Moves the clock and waits until the scheduler and the notifier sleep again.
        func advance(by seconds: Double) async {
            clock.advance(by: seconds)
            await clock.waitForSleepers(2)
        }
    }

    @Test("a feed is polled at start, again only once its interval has passed on the daemon's clock")
    func pollsWhenDue() async throws {
        let running = try await Running(interval: 600)
        running.routes.serve("/a.xml", rss([Item(guid: "1", link: nil, title: "one", body: "the first story of the feed")]))
        try await running.run { running in
            await running.finished(1)
            await running.clock.waitForSleepers(2)  // the notifier sleeps only once READY=1 is out
            #expect(running.server.requestCount == 1)
            let documents = try running.store.status().documents
            #expect(documents == 1)
            #expect(running.daemon.control.isReady)
            await running.advance(by: 300)
            #expect(running.server.requestCount == 1, "not due before its interval")
            running.routes.serve("/a.xml", rss([Item(guid: "2", link: nil, title: "two", body: "the second story of the feed")]))
            running.clock.advance(by: 301)
            await running.finished(2)
            #expect(running.server.requestCount == 2)
            let later = try running.store.status().documents
            #expect(later == 2)
        }
    }

    @Test("a failing feed backs off from min_interval, then recovers")
    func backoff() async throws {
        let running = try await Running(minInterval: 60, interval: 600)
        running.routes["/a.xml"] = { _ in HTTPResponse(status: 500, text: "down") }
        try await running.run { running in
            await running.finished(1)
            let state = try #require(try running.store.feedState(source: "a", url: running.config.sources[0].location))
            #expect(state.consecutiveFailures == 1 && state.state.lastResult == .failed)
            let backoff = try #require(state.state.backoffSeconds)
            #expect((45...75).contains(backoff), "min_interval ± 25% jitter")
            await running.advance(by: 40)
            #expect(running.server.requestCount == 1, "still backing off")
            running.routes.serve("/a.xml", rss([Item(guid: "1", link: nil, title: "one", body: "the first story of the feed")]))
            running.clock.advance(by: 40)
            await running.finished(2)
            let after = try #require(try running.store.feedState(source: "a", url: running.config.sources[0].location))
            #expect(after.consecutiveFailures == 0 && after.state.lastResult == .new && after.state.backoffSeconds == nil)
        }
    }

    @Test("syncctl sync revives a feed that answered 410; the scheduler alone never polls it again")
    func syncRevivesGone() async throws {
        let running = try await Running()
        running.routes["/a.xml"] = { _ in HTTPResponse(status: 410, text: "gone") }
        try await running.run { running in
            await running.finished(1)
            await running.advance(by: 7200)
            #expect(running.server.requestCount == 1, "a gone feed is not polled when due")
            running.routes.serve("/a.xml", rss([Item(guid: "1", link: nil, title: "back", body: "the feed came back to life")]))
            #expect(running.daemon.control.requestSync("a") == ["a"])
            running.clock.advance(by: 1)
            await running.finished(2)
            #expect(running.server.requestCount == 2)
            let state = try #require(try running.store.feedState(source: "a", url: running.config.sources[0].location))
            #expect(state.state.disabledReason == nil && state.state.lastResult == .new)
        }
    }

    @Test("a consumer's ack goes through the daemon's writer and is refused beyond the head")
    func acknowledge() async throws {
        let running = try await Running()
        running.routes.serve("/a.xml", rss([Item(guid: "1", link: nil, title: "one", body: "the first story of the feed")]))
        try await running.run { running in
            await running.finished(1)
            try await running.daemon.control.acknowledge(consumer: "indexer", seq: 1)
            let seq = try running.store.consumerSeq("indexer")
            #expect(seq == 1)
            await #expect(throws: SyncError.self) { try await running.daemon.control.acknowledge(consumer: "indexer", seq: 99) }
        }
    }
}

@Suite("daemon lifecycle in-process")
struct DaemonLifecycleTests {
    @Test("READY=1 with STATUS and MAINPID once the API listens, WATCHDOG=1 and STATUS= on the clock, STOPPING=1 at shutdown")
    func notifyProtocol() async throws {
        let folder = try makeTemporaryDirectory()
        let notify = try NotifySocket(path: folder + "/notify.sock")
        let environment = ["NOTIFY_SOCKET": notify.path, "WATCHDOG_USEC": "2000000"]
        var config = SyncdConfig(path: folder + "/syncd.toml", store: StoreSettings(path: folder + "/store.db"), sources: [])
        config.daemon.socket = folder + "/d.sock"
        let clock = ManualClock()
        let store = try SQLiteStore(path: config.store.path, parameters: .default)
        let daemon = try buildServices(
            config: config, store: store, clock: clock, notifier: SystemdNotifier(environment: environment),
            logger: FeedHarness.quiet, environment: environment)
        let group = ServiceGroup(services: daemon.services, logger: FeedHarness.quiet)
        try await withThrowingTaskGroup(of: Void.self) { tasks in
            tasks.addTask { try await group.run() }
            let ready = await notify.next(until: { $0.contains("READY=1") }, timeout: 120)
            #expect(ready.last?.contains("STATUS=0 folders, 0 feeds") == true && ready.last?.contains("MAINPID=\(getpid())") == true)
            #expect(FileManager.default.fileExists(atPath: daemon.socketPath), "READY only once the API socket exists")
            await clock.waitForSleepers(2)
            clock.advance(by: 1)  // half of WATCHDOG_USEC
            let watchdog = await notify.next(until: { $0 == "WATCHDOG=1" }, timeout: 120)
            #expect(watchdog.last == "WATCHDOG=1")
            for _ in 0..<4 {
                await clock.waitForSleepers(2)
                clock.advance(by: 1)
            }
            let status = await notify.next(until: { $0.hasPrefix("STATUS=") }, timeout: 120)
            #expect(status.last?.hasPrefix("STATUS=0 folders, 0 feeds; change log at 0") == true, "\(status)")
            await group.triggerGracefulShutdown()
            let stopping = await notify.next(until: { $0.contains("STOPPING=1") }, timeout: 120)
            #expect(stopping.last?.contains("STOPPING=1") == true)
            try await tasks.waitForAll()
        }
    }

    @Test("a notify socket nobody reads never blocks a send: a full socket drops the message", .timeLimit(.minutes(1)))
    func fullNotifySocket() throws {
        let folder = try makeTemporaryDirectory()
        let socket = try NotifySocket(path: folder + "/n.sock")
        let notifier = SystemdNotifier(environment: ["NOTIFY_SOCKET": socket.path])
        var dropped = 0
        for index in 0..<10_000 where !notifier.notify("STATUS=message \(index) to a socket nobody reads") { dropped += 1 }
        #expect(dropped > 0, "the socket filled up (max_dgram_qlen) and sends were dropped, not waited for")
    }

    @Test("a scan the store refuses is retried with backoff, shown in status and metrics, and completes once the store is back")
    func failedScanRetried() async throws {
        let folder = try makeTemporaryDirectory()
        try FileManager.default.createDirectory(atPath: folder + "/docs", withIntermediateDirectories: true)
        try "A title\n\nThe text of a document the store will not take at first.\n".write(
            toFile: folder + "/docs/a.txt", atomically: true, encoding: .utf8)
        var config = SyncdConfig(
            path: folder + "/syncd.toml", store: StoreSettings(path: folder + "/store.db"),
            sources: [
                .folder("docs", path: folder + "/docs")
            ])
        config.daemon.socket = folder + "/d.sock"
        let store = FaultyStore(try SQLiteStore(path: config.store.path, parameters: .default))
        store.failWrites(true)
        let clock = ManualClock()
        let daemon = try buildServices(
            config: config, store: store, clock: clock, notifier: SystemdNotifier(environment: [:]),
            logger: FeedHarness.quiet, environment: [:])
        let group = ServiceGroup(services: daemon.services, logger: FeedHarness.quiet)
        try await withThrowingTaskGroup(of: Void.self) { tasks in
            tasks.addTask { try await group.run() }
            func scans(_ count: Int64) async {
                while daemon.activity.head < count { await daemon.activity.wait(after: count - 1, timeout: .seconds(60)) }
            }
            await scans(1)
            var failing = daemon.control.failingSources
            #expect(failing.map(\.source) == ["docs"] && failing.first?.failures == 1 && failing.first?.error.contains("disk is full") == true)
            #expect(daemon.control.metrics.snapshot().scanFailures == 1)
            await clock.waitForSleepers(2)
            clock.advance(by: 1)  // backoff 1 s: tried again
            await scans(2)
            failing = daemon.control.failingSources
            #expect(failing.first?.failures == 2, "\(failing)")
            await clock.waitForSleepers(2)
            clock.advance(by: 1)  // backoff now 2 s: not yet
            await clock.waitForSleepers(2)
            #expect(daemon.activity.head == 2)
            store.failWrites(false)
            clock.advance(by: 1)
            await scans(3)
            #expect(daemon.control.failingSources.isEmpty)
            #expect(try store.inner.status().documents == 1)
            await group.triggerGracefulShutdown()
            try await tasks.waitForAll()
        }
    }

    @Test("reload applies a valid file (a new source starts) and refuses an invalid one with its line, keeping the running config")
    func reload() async throws {
        let folder = try makeTemporaryDirectory()
        try FileManager.default.createDirectory(atPath: folder + "/docs", withIntermediateDirectories: true)
        try FileManager.default.createDirectory(atPath: folder + "/more", withIntermediateDirectories: true)
        try "A title\n\nThe text of the one document in more.\n".write(toFile: folder + "/more/m.txt", atomically: true, encoding: .utf8)
        let head = "[store]\npath = \"store.db\"\n[daemon]\nsocket = \"d.sock\"\n\n[[source]]\nname = \"docs\"\ntype = \"folder\"\npath = \"docs\"\n"
        let path = folder + "/syncd.toml"
        try head.write(toFile: path, atomically: true, encoding: .utf8)
        let config = try SyncdConfig.load(path: path)
        let clock = ManualClock()
        let store = try SQLiteStore(path: config.store.path, parameters: .default)
        let daemon = try buildServices(
            config: config, store: store, clock: clock, notifier: SystemdNotifier(environment: [:]),
            logger: FeedHarness.quiet, environment: [:])
        let group = ServiceGroup(services: daemon.services, logger: FeedHarness.quiet)
        try await withThrowingTaskGroup(of: Void.self) { tasks in
            tasks.addTask { try await group.run() }
            while daemon.activity.head < 1 { await daemon.activity.wait(after: 0, timeout: .seconds(60)) }  // docs scanned

            try (head + "\n[[source]]\nname = \"more\"\ntype = \"folder\"\npath = \"more\"\n").write(toFile: path, atomically: true, encoding: .utf8)
            let applied = await daemon.control.reload()
            #expect(applied == nil)
            await clock.waitForSleepers(2)
            clock.advance(by: 1)  // the scheduler starts the new source on its next tick
            while daemon.activity.head < 2 { await daemon.activity.wait(after: 1, timeout: .seconds(60)) }
            let sources = try store.status().sources
            #expect(sources.map(\.name) == ["docs", "more"] && sources.last?.documents == 1)

            try (head + "bogus = 1\n").write(toFile: path, atomically: true, encoding: .utf8)
            let refused = await daemon.control.reload()
            #expect(refused?.contains("\(path):10:") == true && refused?.contains("bogus") == true, "\(refused ?? "applied")")
            #expect(daemon.control.requestSync("more") == ["more"], "the running configuration still has the source")

            await group.triggerGracefulShutdown()
            try await tasks.waitForAll()
        }
    }

    @Test("during a 5,000-file scan, a change-feed waiter wakes with the first batch, long before a quarter of the scan")
    func wakesPerCommit() async throws {
        let folder = try makeTemporaryDirectory()
        try FileManager.default.createDirectory(atPath: folder + "/docs", withIntermediateDirectories: true)
        for index in 0..<5000 {
            try "Story \(index)\n\nThe body of story number \(index), unlike any other: \(String(repeating: "w\(index) ", count: 20))\n"
                .write(toFile: folder + "/docs/\(index).txt", atomically: false, encoding: .utf8)
        }
        var config = SyncdConfig(
            path: folder + "/syncd.toml", store: StoreSettings(path: folder + "/store.db"),
            sources: [
                .folder("docs", path: folder + "/docs")
            ])
        config.daemon.socket = folder + "/d.sock"
        let store = try SQLiteStore(path: config.store.path, parameters: .default)
        let daemon = try buildServices(
            config: config, store: store, clock: ManualClock(), notifier: SystemdNotifier(environment: [:]),
            logger: FeedHarness.quiet, environment: [:])
        let group = ServiceGroup(services: daemon.services, logger: FeedHarness.quiet)
        try await withThrowingTaskGroup(of: Void.self) { tasks in
            // The head the waking commit announced: how far the scan was when the waiter was told
            // (what the waiter then reads is the log up to there, or further).
            let waiter = Task { await daemon.control.commits.wait(after: 0, timeout: .seconds(60)) }
            while daemon.control.commits.waiting == 0 { await Task.yield() }  // waiting before the scan starts
            tasks.addTask { try await group.run() }
            let seenAtFirstWake = await waiter.value
            #expect(seenAtFirstWake > 0 && seenAtFirstWake < 1250, "woken at \(seenAtFirstWake) of 5,000")
            while daemon.activity.head < 1 { await daemon.activity.wait(after: 0, timeout: .seconds(120)) }
            #expect(try store.changeHead() == 5000)
            await group.triggerGracefulShutdown()
            try await tasks.waitForAll()
        }
    }
}
