internal import CCurl
import Foundation
import Synchronization
import SyncModel

/// One `curl_multi` handle driven by its own thread: every transfer of a fetcher runs here, so
/// connections (and HTTP/2 streams) are reused across feeds and hops. Callers hand transfers
/// over through a locked queue and wake the thread with `curl_multi_wakeup`.
///
/// The politeness gate lives here too: a transfer waits in `ConcurrencyGate` on this thread, and
/// when one ends its permit goes to the next waiter at once. The fetch path never waits for
/// Swift's cooperative pool, which may be busy parsing and merging what was fetched before.
final class CurlLoop: Sendable {
    private enum Command {
        case add(CurlTransfer)
        case cancel(UInt64, site: String)
        case shutdown
    }

    /// What the loop thread shares with callers: the multi handle (used only by the loop thread,
    /// apart from `curl_multi_wakeup`, which is thread-safe) and the command queue.
    private final class Core: @unchecked Sendable {
        let multi: UnsafeMutableRawPointer
        let commands = Mutex<(queue: [Command], isShutDown: Bool)>(([], false))
        let perHost: Int
        let total: Int

        init(multi: UnsafeMutableRawPointer, perHost: Int, total: Int) {
            self.multi = multi
            self.perHost = perHost
            self.total = total
        }
    }

    private let core: Core
    private let nextID = Atomic<UInt64>(1)
    private static let globalInit: Void = { curl_global_init(Int(CURL_GLOBAL_DEFAULT)) }()

    /// - Parameters:
    ///   - perHost: most concurrent transfers to one site (`CurlTransfer.site`).
    ///   - total: most concurrent transfers overall.
    init(perHost: Int, total: Int) {
        _ = Self.globalInit
        let core = Core(multi: curl_multi_init(), perHost: perHost, total: total)
        self.core = core
        // Idle connections kept for reuse; the gate bounds concurrent transfers.
        _ = CCurl_multi_setopt_long(core.multi, CURLMOPT_MAXCONNECTS, max(total, 8))
        let thread = Thread { CurlLoop.run(core) }
        thread.name = "syncd.curl"
        thread.start()
    }

    deinit {
        send(.shutdown)
    }

    func makeID() -> UInt64 { nextID.wrappingAdd(1, ordering: .relaxed).oldValue }

    /// Runs one transfer to completion, once its site's politeness permit is free.
    /// - Throws: `SyncError` from `CurlError` for a transport failure, what the transfer's
    ///   `beforeStart` returns, `.cancelled` when the task is cancelled (the transfer is removed
    ///   at once, waiting or running) or the loop has shut down.
    func perform(_ transfer: CurlTransfer) async throws(SyncError) -> HopResponse {
        do {
            return try await withTaskCancellationHandler {
                try await withCheckedThrowingContinuation { continuation in
                    // Cancelled already: `onCancel` ran before this, and its `.cancel` found nothing to stop.
                    if Task.isCancelled {
                        continuation.resume(throwing: SyncError(.cancelled, "cancelled", location: transfer.url))
                        return
                    }
                    transfer.continuation = continuation
                    if !send(.add(transfer)) {
                        transfer.continuation = nil
                        continuation.resume(throwing: SyncError(.cancelled, "the fetcher has shut down", location: transfer.url))
                    }
                }
            } onCancel: {
                send(.cancel(transfer.id, site: transfer.site))
            }
        } catch let error as SyncError {
            throw error
        } catch {
            throw SyncError(.network, "transfer failed", location: transfer.url, cause: error)
        }
    }

    @discardableResult
    private func send(_ command: Command) -> Bool {
        // The wakeup happens under the lock: the loop thread frees the handle only after it has
        // taken the shutdown command from the queue, which it cannot do while we hold the lock.
        core.commands.withLock { state -> Bool in
            guard !state.isShutDown else { return false }
            state.queue.append(command)
            if case .shutdown = command { state.isShutDown = true }
            curl_multi_wakeup(core.multi)
            return true
        }
    }

    /// The loop thread: apply commands, start what the gate admits, drive transfers, deliver
    /// finished ones, wait.
    private static func run(_ core: Core) {
        var state = LoopState(multi: core.multi, gate: ConcurrencyGate(perHost: core.perHost, total: core.total))
        loop: while true {
            let pending = core.commands.withLock { state -> [Command] in
                defer { state.queue.removeAll() }
                return state.queue
            }
            for command in pending {
                switch command {
                case .add(let transfer):
                    state.enter(transfer)
                case .cancel(let id, let site):
                    state.cancel(id, site: site)
                case .shutdown:
                    break loop
                }
            }
            state.startedSinceWait = false
            var running: Int32 = 0
            curl_multi_perform(core.multi, &running)
            var left: Int32 = 0
            while let message = curl_multi_info_read(core.multi, &left) {
                guard message.pointee.msg == CURLMSG_DONE, let easy = message.pointee.easy_handle else { continue }
                var context: UnsafeMutableRawPointer?
                _ = CCurl_easy_getinfo_pointer(easy, CURLINFO_PRIVATE, &context)
                guard let context else { continue }
                let transfer = Unmanaged<CurlTransfer>.fromOpaque(context).takeUnretainedValue()
                let code = message.pointee.data.result
                if code == CURLE_OK {
                    state.finish(transfer, .success(transfer.response()))
                } else {
                    let error =
                        transfer.refusedAddress.map { address in
                            SyncError(
                                .refused, "not fetched: \(AddressPolicy.refusal(address)), and this URL may only lead to public ones",
                                location: transfer.url)
                        }
                        ?? CurlError.error(
                            code, detail: transfer.errorDetail, url: transfer.url, limits: transfer.limits, overLimit: transfer.overLimit)
                    state.finish(transfer, .failure(error))
                }
            }
            // Transfers admitted as others finished are driven at once, not after the wait.
            if state.startedSinceWait { continue }
            curl_multi_poll(core.multi, nil, 0, 1000, nil)
        }
        state.shutDown()
        curl_multi_cleanup(core.multi)
    }
}

/// What the loop thread keeps: the transfers running and the gate with those waiting.
private struct LoopState {
    let multi: UnsafeMutableRawPointer
    var gate: ConcurrencyGate<CurlTransfer>
    var running: [UInt64: CurlTransfer] = [:]
    var waiting: [UInt64: CurlTransfer] = [:]
    var startedSinceWait = false

    init(multi: UnsafeMutableRawPointer, gate: ConcurrencyGate<CurlTransfer>) {
        self.multi = multi
        self.gate = gate
    }

    mutating func enter(_ transfer: CurlTransfer) {
        if let admitted = gate.enter(transfer, host: transfer.site) {
            start([admitted])
        } else {
            waiting[transfer.id] = transfer
        }
    }

    /// Starts transfers holding permits; one refused by its `beforeStart` (a Retry-After told
    /// meanwhile) gives its permit to the next waiter at once. A worklist, not recursion: a
    /// host under Retry-After may refuse thousands in a row.
    private mutating func start(_ admitted: [CurlTransfer]) {
        var next = admitted
        while let transfer = next.popLast() {
            waiting[transfer.id] = nil
            if let refusal = transfer.beforeStart?(transfer.url) {
                next += release(transfer)
                resume(transfer, .failure(refusal))
                continue
            }
            running[transfer.id] = transfer
            let code = curl_multi_add_handle(multi, transfer.easy)
            if code != CURLM_OK {
                running[transfer.id] = nil
                next += release(transfer)
                resume(
                    transfer,
                    .failure(
                        SyncError(
                            .network, "libcurl could not start the transfer: \(String(cString: curl_multi_strerror(code)))",
                            location: transfer.url)))
                continue
            }
            startedSinceWait = true
        }
    }

    private mutating func release(_ transfer: CurlTransfer) -> [CurlTransfer] {
        // Reversed: `start` pops from the end, so the first admitted starts first.
        gate.leave(transfer.site).reversed()
    }

    /// A running transfer ended: what the host said reaches the gate's waiters (through
    /// `afterResponse`) before its permit does.
    mutating func finish(_ transfer: CurlTransfer, _ result: Result<HopResponse, SyncError>) {
        curl_multi_remove_handle(multi, transfer.easy)
        running[transfer.id] = nil
        if case .success(let hop) = result { transfer.afterResponse?(transfer.url, hop.status, hop.headers) }
        let admitted = release(transfer)
        resume(transfer, result)
        start(admitted)
    }

    mutating func cancel(_ id: UInt64, site: String) {
        let error = { (transfer: CurlTransfer) in SyncError(.cancelled, "cancelled", location: transfer.url) }
        if let transfer = running[id] {
            finish(transfer, .failure(error(transfer)))
        } else if waiting[id] != nil, let transfer = gate.remove(host: site, where: { $0.id == id }) {
            waiting[id] = nil
            resume(transfer, .failure(error(transfer)))
        }
    }

    private func resume(_ transfer: CurlTransfer, _ result: Result<HopResponse, SyncError>) {
        let continuation = transfer.continuation
        transfer.continuation = nil
        continuation?.resume(with: result.mapError { $0 as any Error })
    }

    mutating func shutDown() {
        for transfer in Array(running.values) {
            curl_multi_remove_handle(multi, transfer.easy)
            resume(transfer, .failure(SyncError(.cancelled, "the fetcher has shut down", location: transfer.url)))
        }
        for transfer in Array(waiting.values) {
            resume(transfer, .failure(SyncError(.cancelled, "the fetcher has shut down", location: transfer.url)))
        }
        running = [:]
        waiting = [:]
    }
}
