import Foundation
import Synchronization
import TestSupport
import Testing
#if canImport(Glibc)
import Glibc
#endif

/// `[[webhook]]` against real daemon processes and a real local receiver.
@Suite("Webhooks, end to end", .serialized)
struct WebhookEndToEndTests {
    /// Fails its first `failing` requests, then takes POSTs (recording each change's seq) until
    /// `holdAfter` changes, failing again until released; answers `final` once it is set.
    final class Receiver: Sendable {
        struct State {
            var requests = 0
            var accepted: [Int64] = []
            var failing: Int
            var holdAfter: Int?
            var final: Int?
        }
        let state: Mutex<State>
        /// Broadcast after every request, for `wait(timeout:until:)`.
        private let answered = NSCondition()

        init(failing: Int, holdAfter: Int?) { state = Mutex(State(failing: failing, holdAfter: holdAfter)) }

        /// Waits until `condition` holds of the state, looking again after each request.
        func wait(timeout: Double = 120, until condition: (State) -> Bool) -> Bool {
            let deadline = Date().addingTimeInterval(timeout)
            answered.lock()
            defer { answered.unlock() }
            while !state.withLock({ condition($0) }) {
                guard answered.wait(until: deadline) else { return state.withLock { condition($0) } }
            }
            return true
        }

        func handle(_ request: HTTPRequest) -> HTTPResponse {
            defer {
                answered.lock()
                answered.broadcast()
                answered.unlock()
            }
            return state.withLock { state in
                state.requests += 1
                if let final = state.final { return HTTPResponse(status: final, text: "unsubscribed") }
                if state.requests <= state.failing { return HTTPResponse(status: 503, text: "starting up") }
                if let hold = state.holdAfter, state.accepted.count >= hold { return HTTPResponse(status: 503, text: "held") }
                let body = (try? JSONSerialization.jsonObject(with: Data(request.body)) as? [String: Any]) ?? [:]
                for change in body["changes"] as? [[String: Any]] ?? [] { state.accepted.append((change["seq"] as? NSNumber)?.int64Value ?? -1) }
                return HTTPResponse(status: 200, text: "ok")
            }
        }
    }

    @Test("a failing receiver ends with every change once and in order across a restart; lag in status and metrics; 410 disables")
    func acrossRestart() async throws {
        let receiver = Receiver(failing: 2, holdAfter: 2)
        let server = try await TestHTTPServer.start { receiver.handle($0) }
        let harness = try Harness(
            extraConfig: DaemonTests.daemonConfig + "\n[[webhook]]\nname = \"e2e\"\nurl = \"\(server.baseURL)/hook\"\nsecret = \"k\"\nbatch = 2\n")
        let story = DaemonTests().story
        for index in 1...3 { try harness.write("s\(index).txt", story(index, "")) }
        var daemon = try DaemonProcess(harness: harness, notify: nil)
        try daemon.waitForAPI()
        // Two 503s (1 s, then 2 s of backoff), one batch taken, then held: stop in the middle.
        #expect(receiver.wait { $0.accepted.count == 2 && $0.requests >= 4 }, "\(daemon.log)")
        #expect(daemon.stop() == 0)
        let status = try harness.syncctl("status").stdout
        #expect(status.contains("webhook.e2e"), "the cursor is the consumer webhook.e2e: \(status)")

        try harness.write("s4.txt", story(4, ""))
        receiver.state.withLock { $0.holdAfter = nil }
        daemon = try DaemonProcess(harness: harness, notify: nil)
        try daemon.waitForAPI()
        try harness.write("s5.txt", story(5, ""))
        func head() throws -> Int64 { try daemon.changes(since: 0).last }
        _ = try daemon.waitForChanges(since: 0, atLeast: 5)
        let finalHead = try head()
        #expect(receiver.wait { $0.accepted.last == finalHead })
        #expect(receiver.state.withLock { $0.accepted } == Array(1...finalHead), "every change once, in seq order")

        let metrics = try UnixHTTP.request(daemon.socket, "GET", "/metrics").body
        #expect(metrics.contains("syncd_webhook_lag{webhook=\"e2e\"} 0"), "\(metrics)")
        let live = try harness.syncctl("status").stdout
        #expect(live.contains("WEBHOOK") && live.contains("e2e") && live.contains("\(server.baseURL)/hook"), "\(live)")

        // 410: the webhook stops, and status says why.
        receiver.state.withLock { $0.final = 410 }
        try harness.write("s6.txt", story(6, ""))
        #expect(FileWatch([daemon.stderr]).wait(timeout: 120) { daemon.log.contains("webhook disabled") }, "\(daemon.log)")
        #expect(try harness.syncctl("status").stdout.contains("webhook e2e is disabled"))
        let disabled = try harness.syncctl("status").stdout
        #expect(disabled.contains("410 Gone") && disabled.contains("unsubscribed"), "\(disabled)")
        #expect(try UnixHTTP.request(daemon.socket, "GET", "/metrics").body.contains("syncd_webhook_disabled{webhook=\"e2e\"} 1"))
        #expect(daemon.stop() == 0)
        await server.stop()
    }
}
