internal import CCurl
import Foundation
import Synchronization
import SyncModel

/// One `curl_multi` handle driven by its own thread: every transfer of a fetcher runs here, so
/// connections (and HTTP/2 streams) are reused across feeds and hops. Callers hand transfers
/// over through a locked queue and wake the thread with `curl_multi_wakeup`.
final class CurlLoop: Sendable {
    private enum Command {
        case add(CurlTransfer)
        case cancel(UInt64)
        case shutdown
    }

    /// What the loop thread shares with callers: the multi handle (used only by the loop thread,
    /// apart from `curl_multi_wakeup`, which is thread-safe) and the command queue.
    private final class Core: @unchecked Sendable {
        let multi: UnsafeMutableRawPointer
        let commands = Mutex<(queue: [Command], isShutDown: Bool)>(([], false))

        init(multi: UnsafeMutableRawPointer) { self.multi = multi }
    }

    private let core: Core
    private let nextID = Atomic<UInt64>(1)
    private static let globalInit: Void = { curl_global_init(Int(CURL_GLOBAL_DEFAULT)) }()

    init(maxTotalConnections: Int) {
        _ = Self.globalInit
        let core = Core(multi: curl_multi_init())
        self.core = core
        // Idle connections kept for reuse; the gate in CurlFetcher bounds concurrent transfers.
        _ = CCurl_multi_setopt_long(core.multi, CURLMOPT_MAXCONNECTS, max(maxTotalConnections, 8))
        let thread = Thread { CurlLoop.run(core) }
        thread.name = "syncd.curl"
        thread.start()
    }

    deinit {
        send(.shutdown)
    }

    func makeID() -> UInt64 { nextID.wrappingAdd(1, ordering: .relaxed).oldValue }

    /// Runs one transfer to completion.
    /// - Throws: `SyncError` from `CurlError` for a transport failure, `.cancelled` when the task
    ///   is cancelled (the transfer is removed at once) or the loop has shut down.
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
                send(.cancel(transfer.id))
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

    /// The loop thread: apply commands, drive transfers, deliver finished ones, wait.
    private static func run(_ core: Core) {
        let multi = core.multi
        var active: [UInt64: CurlTransfer] = [:]
        func finish(_ transfer: CurlTransfer, _ result: Result<HopResponse, SyncError>) {
            curl_multi_remove_handle(multi, transfer.easy)
            active[transfer.id] = nil
            let continuation = transfer.continuation
            transfer.continuation = nil
            continuation?.resume(with: result.mapError { $0 as any Error })
        }
        loop: while true {
            let pending = core.commands.withLock { state -> [Command] in
                defer { state.queue.removeAll() }
                return state.queue
            }
            for command in pending {
                switch command {
                case .add(let transfer):
                    active[transfer.id] = transfer
                    let code = curl_multi_add_handle(multi, transfer.easy)
                    if code != CURLM_OK {
                        finish(
                            transfer,
                            .failure(
                                SyncError(
                                    .network, "libcurl could not start the transfer: \(String(cString: curl_multi_strerror(code)))",
                                    location: transfer.url)))
                    }
                case .cancel(let id):
                    if let transfer = active[id] {
                        finish(transfer, .failure(SyncError(.cancelled, "cancelled", location: transfer.url)))
                    }
                case .shutdown:
                    break loop
                }
            }
            var running: Int32 = 0
            curl_multi_perform(multi, &running)
            var left: Int32 = 0
            while let message = curl_multi_info_read(multi, &left) {
                guard message.pointee.msg == CURLMSG_DONE, let easy = message.pointee.easy_handle else { continue }
                var context: UnsafeMutableRawPointer?
                _ = CCurl_easy_getinfo_pointer(easy, CURLINFO_PRIVATE, &context)
                guard let context else { continue }
                let transfer = Unmanaged<CurlTransfer>.fromOpaque(context).takeUnretainedValue()
                let code = message.pointee.data.result
                if code == CURLE_OK {
                    finish(transfer, .success(transfer.response()))
                } else {
                    let error =
                        transfer.refusedAddress.map { address in
                            SyncError(
                                .refused, "not fetched: \(AddressPolicy.refusal(address)), and this URL may only lead to public ones",
                                location: transfer.url)
                        }
                        ?? CurlError.error(
                            code, detail: transfer.errorDetail, url: transfer.url, limits: transfer.limits, overLimit: transfer.overLimit)
                    finish(transfer, .failure(error))
                }
            }
            curl_multi_poll(multi, nil, 0, 1000, nil)
        }
        for transfer in Array(active.values) {
            finish(transfer, .failure(SyncError(.cancelled, "the fetcher has shut down", location: transfer.url)))
        }
        curl_multi_cleanup(multi)
    }
}
