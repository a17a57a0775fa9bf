import Dispatch
public import SyncModel

/// Runs blocking work (store reads, on behalf of request handlers) on a concurrent dispatch
/// queue of its own, so that a slow read never holds a thread of Swift's cooperative pool, on
/// which every request handler and service runs.
public enum BlockingWork {
    private static let queue = DispatchQueue(label: "syncd.blocking", attributes: .concurrent)

    /// Runs `body` off the cooperative pool and suspends until it is done.
    /// - Throws: what `body` throws.
    public static func run<T: Sendable>(_ body: @escaping @Sendable () throws(SyncError) -> T) async throws(SyncError) -> T {
        try await queue.run(body)
    }
}
