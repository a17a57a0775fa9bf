import Foundation

/// The time as the daemon sees it: wall-clock seconds for what is stored (due times, stamps
/// in the change log) and sleeping for what is scheduled. Services take one so that tests can
/// drive them with a clock of their own instead of waiting.
public protocol SyncClock: Sendable {
    /// Seconds since 1970-01-01 UTC.
    func now() -> Double
    /// Suspends for `duration` of this clock's time.
    /// - Throws: `CancellationError` when the task is cancelled.
    func sleep(for duration: Duration) async throws
}

/// The real clock: `Date` and `Task.sleep`.
public struct SystemClock: SyncClock {
    public init() {}

    public func now() -> Double { Date().timeIntervalSince1970 }

    public func sleep(for duration: Duration) async throws { try await Task.sleep(for: duration) }
}
