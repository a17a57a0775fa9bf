import Foundation

/// Runs blocking test work (waiting for processes, for other threads, for a database) on a
/// thread of its own and suspends until it is done, so that it never holds one of the few
/// threads of Swift's cooperative pool that concurrently running async tests need.
/// - Throws: what `body` throws.
public func offPool<T: Sendable>(_ body: @escaping @Sendable () throws -> T) async throws -> T {
    try await withCheckedThrowingContinuation { continuation in
        Thread { continuation.resume(with: Result { try body() }) }.start()
    }
}

/// A check that failed in work run by `offPool`, where `#expect` has no test to report to.
public struct CheckFailed: Error, CustomStringConvertible {
    public var description: String
}

/// Throws `CheckFailed` naming the place and `message` unless `condition` holds: `#expect` for
/// blocking work run off the cooperative pool (the error fails the test that awaited it).
public func check(_ condition: Bool, _ message: @autoclosure () -> String = "", file: String = #fileID, line: Int = #line) throws {
    if !condition { throw CheckFailed(description: "\(file):\(line): check failed \(message())") }
}
