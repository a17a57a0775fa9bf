import API
import Daemon
import Foundation
import Logging
import SQLiteStore
import ServiceLifecycle
import Storage
import SyncConfig
import SyncModel
import Synchronization
import TestSupport
import Testing

/// Webhooks run in-process on a clock the test moves: backoff is time on that clock, never
/// real sleeping; the receiver is a real HTTP server and the store a real SQLite file.
@Suite("webhooks in-process")
struct WebhookServiceTests {
    /// A receiver whose answers a test scripts: `failing` 503s first, then 2xx (or `final`);
    /// `holdAfter` accepted POSTs it fails again until `release()`.
    final class Receiver: Sendable {
        struct State {
            var requests: [HTTPRequest] = []
            var accepted: [Int64] = []
            var failing: Int
            var holdAfter: Int?
            var final: Int
        }

        let state: Mutex<State>

        init(failing: Int, holdAfter: Int? = nil, final: Int = 200) {
            state = Mutex(State(failing: failing, holdAfter: holdAfter, final: final))
        }

        func handle(_ request: HTTPRequest) -> HTTPResponse {
            state.withLock { state in
                state.requests.append(request)
                if state.requests.count <= state.failing { return HTTPResponse(status: 503, text: "not yet") }
                if let hold = state.holdAfter, state.accepted.count >= hold { return HTTPResponse(status: 503, text: "held") }
                guard state.final / 100 == 2 else { return HTTPResponse(status: state.final, text: "this hook was removed") }
                let body = (try? JSONSerialization.jsonObject(with: Data(request.body)) as? [String: Any]) ?? [:]
                for change in body["changes"] as? [[String: Any]] ?? [] { state.accepted.append((change["seq"] as? NSNumber)?.int64Value ?? -1) }
                return HTTPResponse(status: 204)
            }
        }

        func release() { state.withLock { $0.holdAfter = nil } }
        var accepted: [Int64] { state.withLock { $0.accepted } }
        var requests: [HTTPRequest] { state.withLock { $0.requests } }
    }

    /// The backoff waits the clock was moved over, in seconds.
    final class Waits: Sendable {
        let seconds = Mutex<[Double]>([])
    }

    /// The daemon's services over a store file, a feed and a webhook on one local server.
    struct Instance {
        let services: DaemonServices
        let store: SQLiteStore

        init(folder: String, server: TestHTTPServer, clock: ManualClock, batch: Int = 2) throws {
            var config = SyncdConfig(path: folder + "/syncd.toml", store: StoreSettings(path: folder + "/store.db"), sources: [])
            config.sources = [.feed("a", FeedSettings(url: server.baseURL + "/a.xml", interval: 3600, minInterval: 3600, maxInterval: 7200))]
            config.webhooks = [WebhookSettings(name: "hook", url: server.baseURL + "/hook", secret: "s3cret", batch: batch, timeout: 5)]
            config.daemon.socket = folder + "/d.sock"
            store = try SQLiteStore(path: config.store.path, parameters: .default)
            services = try buildServices(
                config: config, store: store, clock: clock, notifier: SystemdNotifier(environment: [:]), logger: FeedHarness.quiet,
                environment: [:])
        }

        var hook: WebhookStatus? { services.control.webhooks.first }

        /// Runs the services until `body` returns, then shuts them down gracefully.
        func run(_ body: @Sendable (Instance) async throws -> Void) async throws {
            let group = ServiceGroup(services: services.services, logger: FeedHarness.quiet)
            try await withThrowingTaskGroup(of: Void.self) { tasks in
                tasks.addTask { try await group.run() }
                do { try await body(self) } catch {
                    await group.triggerGracefulShutdown()
                    throw error
                }
                await group.triggerGracefulShutdown()
                try await tasks.waitForAll()
            }
        }
    }

    /// Waits (real time, at most `seconds`: a full parallel test run starves the pool) until `condition` holds; the waits it moves the
    /// clock over are the webhook's backoff, each recorded in `waits`.
    static func drive(
        _ daemon: Instance, clock: ManualClock, within seconds: Double = 300, waits: Waits? = nil, until condition: () -> Bool
    ) async throws {
        let deadline = Date().addingTimeInterval(seconds)
        while !condition() {
            try #require(Date() < deadline, "timed out; webhook: \(String(describing: daemon.hook))")
            if let hook = daemon.hook, hook.failures > 0, let retryAt = hook.retryAt, retryAt > clock.now() {
                await clock.waitForSleepers(3)  // the scheduler, the notifier and the webhook's backoff
                waits?.seconds.withLock { $0.append(retryAt - clock.now()) }
                clock.advance(by: retryAt - clock.now())
            } else {
                try await Task.sleep(for: .milliseconds(5))
            }
        }
    }

    /// Entries with words of their own, so that no two are near-duplicates.
    static func items(_ range: Range<Int>) throws -> [Item] {
        range.map { index in
            let words = (0..<40).map { "term\(index * 100 + $0)" }.joined(separator: " ")
            return Item(guid: "\(index)", link: nil, title: "Entry \(index)", body: "Entry \(index) says \(words).")
        }
    }

    @Test("a receiver that fails for its first minute ends with every change once and in order, across a restart; each body is signed")
    func deliversThroughFailuresAndRestart() async throws {
        let folder = try makeTemporaryDirectory()
        let (server, routes) = try await startServer()
        let receiver = Receiver(failing: 6, holdAfter: 2)
        routes["/hook"] = { receiver.handle($0) }
        routes.serve("/a.xml", rss(try Self.items(0..<5)))
        let clock = ManualClock()
        let waits = Waits()

        let first = try Instance(folder: folder, server: server, clock: clock)
        try await first.run { daemon in
            // Six 503s (1 + 2 + 4 + 8 + 16 + 32 s of backoff: past a minute), then two changes
            // (one batch) are taken before the receiver fails again.
            // The receiver counts the batch when it answers; the webhook commits its cursor after
            // reading that answer, and only then meets the next failure: wait for both.
            try await Self.drive(daemon, clock: clock, waits: waits) {
                receiver.accepted.count == 2 && daemon.hook?.seq == 2 && (daemon.hook?.failures ?? 0) >= 1
            }
            #expect(daemon.hook?.seq == 2, "the cursor is committed after the accepted batch")
            #expect((daemon.hook?.lag ?? 0) >= 3)
        }
        #expect(waits.seconds.withLock { Array($0.prefix(6)) } == [1, 2, 4, 8, 16, 32], "backoff doubles from 1 s")
        #expect(try first.store.consumerSeq("webhook.hook") == 2)

        // A restart in the middle: the new daemon resumes after the committed cursor.
        receiver.release()
        routes.serve("/a.xml", rss(try Self.items(0..<7)))
        let second = try Instance(folder: folder, server: server, clock: clock)
        try await second.run { daemon in
            // The feed is not due for an hour: ask for a poll, as `syncctl sync` does.
            _ = daemon.services.control.requestSync("a")
            await clock.waitForSleepers(2)
            clock.advance(by: 1)
            let head = { (try? daemon.store.changeHead()) ?? 0 }
            // Taken by the receiver, then committed: the lag comes down to 0.
            try await Self.drive(daemon, clock: clock) { head() >= 7 && receiver.accepted.last == head() && daemon.hook?.lag == 0 }
        }
        let head = try second.store.changeHead()
        #expect(receiver.accepted == Array(1...head), "every change once, in seq order")
        #expect(try second.store.consumerSeq("webhook.hook") == head)

        // Every POST carries its last seq and a signature openssl agrees with.
        for request in receiver.requests {
            let body = try #require(try JSONSerialization.jsonObject(with: Data(request.body)) as? [String: Any])
            #expect(request.header("X-Syncd-Seq") == "\((body["seq"] as? NSNumber)?.int64Value ?? -1)")
            #expect(request.header("X-Syncd-Webhook") == "hook" && body["webhook"] as? String == "hook")
            #expect(request.header("X-Syncd-Signature") == "sha256=" + (try Self.opensslHMAC(key: "s3cret", request.body)))
            let changes = try #require(body["changes"] as? [[String: Any]])
            #expect(changes.count <= 2 && changes.allSatisfy { ($0["id"] as? String)?.hasPrefix("a:") == true && $0["changes"] is [Any] })
        }
    }

    @Test("a receiver that answers 410 disables its webhook, with the reason in status; nothing more is sent")
    func goneDisables() async throws {
        let folder = try makeTemporaryDirectory()
        let (server, routes) = try await startServer()
        let receiver = Receiver(failing: 0, final: 410)
        routes["/hook"] = { receiver.handle($0) }
        routes.serve("/a.xml", rss(try Self.items(0..<2)))
        let clock = ManualClock()
        let daemon = try Instance(folder: folder, server: server, clock: clock)
        try await daemon.run { daemon in
            try await Self.drive(daemon, clock: clock) { daemon.hook?.disabledReason != nil }
            #expect(daemon.hook?.disabledReason?.contains("410") == true && daemon.hook?.disabledReason?.contains("removed") == true)
            routes.serve("/a.xml", rss(try Self.items(0..<4)))
            let before = try daemon.store.changeHead()
            _ = daemon.services.control.requestSync("a")
            await clock.waitForSleepers(2)
            clock.advance(by: 1)
            try await Self.drive(daemon, clock: clock) { ((try? daemon.store.changeHead()) ?? 0) > before }
            await clock.waitForSleepers(2)
            #expect(receiver.requests.count == 1, "a disabled webhook posts nothing more")
            #expect(daemon.hook?.seq == 0 && (daemon.hook?.lag ?? 0) > 0, "its cursor stays where it was")
        }
    }

    /// HMAC-SHA256 by `openssl dgst`, hex.
    static func opensslHMAC(key: String, _ body: [UInt8]) throws -> String {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/openssl")
        process.arguments = ["dgst", "-sha256", "-hmac", key, "-r"]
        let input = Pipe(), output = Pipe()
        process.standardInput = input
        process.standardOutput = output
        try process.run()
        input.fileHandleForWriting.write(Data(body))
        try input.fileHandleForWriting.close()
        let data = output.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return String(decoding: data, as: UTF8.self).split(separator: " ").first.map(String.init) ?? ""
    }
}
