import API
import Fetch
import Logging
import ServiceLifecycle
import Storage
import SyncConfig
import SyncModel
import Synchronization

/// The `[[webhook]]` entries, each a `WebhookDelivery` of its own; a reload starts added
/// webhooks, stops removed ones and restarts changed ones (after the old delivery stopped, so
/// two never post for one consumer).
final class WebhookService: Service, Sendable {
    private struct State {
        var running: [String: (settings: WebhookSettings, task: Task<Void, Never>)] = [:]
        var order: [String] = []
        var stopped = false
    }

    private let config: LiveConfig
    private let writer: StoreWriter
    private let fetcher: any Fetcher
    private let clock: any SyncClock
    private let logger: Logger
    private let board = WebhookBoard()
    private let state = Mutex(State())

    init(config: LiveConfig, writer: StoreWriter, fetcher: any Fetcher, clock: any SyncClock, logger: Logger) {
        self.config = config
        self.writer = writer
        self.fetcher = fetcher
        self.clock = clock
        self.logger = logger
    }

    func run() async throws {
        apply(config.current.webhooks)
        try? await gracefulShutdown()
        let tasks = state.withLock { state -> [Task<Void, Never>] in
            state.stopped = true
            defer { state.running.removeAll() }
            return state.running.values.map(\.task)
        }
        for task in tasks { task.cancel() }
        for task in tasks { await task.value }
    }

    /// Starts, stops and restarts deliveries to match `webhooks`. A webhook compares without
    /// its line, so moving it in the file restarts nothing.
    func apply(_ webhooks: [WebhookSettings]) {
        func unplaced(_ webhook: WebhookSettings) -> WebhookSettings {
            var copy = webhook
            copy.line = 0
            return copy
        }
        state.withLock { state in
            guard !state.stopped else { return }
            let wanted = Dictionary(webhooks.map { ($0.name, $0) }, uniquingKeysWith: { first, _ in first })
            for (name, running) in state.running where wanted[name].map(unplaced) != unplaced(running.settings) {
                running.task.cancel()
                if wanted[name] == nil {
                    state.running[name] = nil
                    board.remove(name)
                }
            }
            for webhook in webhooks {
                let previous = state.running[webhook.name]
                if let previous, unplaced(previous.settings) == unplaced(webhook) { continue }
                board.start(webhook)
                let delivery = WebhookDelivery(settings: webhook, writer: writer, fetcher: fetcher, clock: clock, logger: logger, board: board)
                let task = Task {
                    await previous?.task.value
                    await delivery.run()
                }
                state.running[webhook.name] = (webhook, task)
            }
            state.order = webhooks.map(\.name)
        }
    }

    /// Every configured webhook in file order, its lag counted against `head`.
    func statuses(head: Int64) -> [WebhookStatus] {
        let order = state.withLock { $0.order }
        return board.statuses(order).map { status in
            var status = status
            status.lag = max(0, head - status.seq)
            return status
        }
    }
}

/// What the deliveries report, for status and metrics.
final class WebhookBoard: Sendable {
    private let statuses = Mutex<[String: WebhookStatus]>([:])

    /// A fresh entry: counters and a disabled state start over; the cursor is read again.
    func start(_ webhook: WebhookSettings) {
        let seq = statuses.withLock { $0[webhook.name]?.seq } ?? 0
        statuses.withLock { $0[webhook.name] = WebhookStatus(name: webhook.name, url: webhook.url, consumer: webhook.consumer, seq: seq, lag: 0) }
    }

    func remove(_ name: String) { statuses.withLock { $0[name] = nil } }

    func update(_ name: String, _ change: (inout WebhookStatus) -> Void) {
        statuses.withLock { statuses in
            guard var status = statuses[name] else { return }
            change(&status)
            statuses[name] = status
        }
    }

    func statuses(_ order: [String]) -> [WebhookStatus] {
        statuses.withLock { statuses in order.compactMap { statuses[$0] } }
    }
}
