import Dispatch
import SyncModel

extension DispatchQueue {
    /// Runs `body` on this queue and suspends, without blocking a thread, until it is done.
    /// - Throws: what `body` throws.
    func run<T: Sendable>(_ body: @escaping @Sendable () throws(SyncError) -> T) async throws(SyncError) -> T {
        let result: Result<T, SyncError> = await withCheckedContinuation { continuation in
            self.async {
                do throws(SyncError) {
                    continuation.resume(returning: .success(try body()))
                } catch {
                    continuation.resume(returning: .failure(error))
                }
            }
        }
        return try result.get()
    }
}
