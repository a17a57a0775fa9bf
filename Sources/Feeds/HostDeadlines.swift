import Foundation
import Storage
import Synchronization
import SyncModel

/// Retry-After deadlines by host, shared by every poll so that a 429 from one feed holds back
/// the other feeds on the same host; persisted in the store so a restart keeps honouring them.
final class HostDeadlines: Sendable {
    private let deadlines: Mutex<[String: (until: Double, reason: String)]>
    private let writer: StoreWriter

    init(writer: StoreWriter) {
        self.writer = writer
        deadlines = Mutex((try? writer.store.hostDeadlines()) ?? [:])
    }

    func deadline(for host: String, now: Double) -> (until: Double, reason: String)? {
        deadlines.withLock { $0[host] }.flatMap { $0.until > now ? $0 : nil }
    }

    /// Remembers a deadline in memory only (the poll that got it stores it with `set`).
    func note(_ host: String, until: Double, reason: String) {
        deadlines.withLock { table in
            if let existing = table[host], existing.until >= until { return }
            table[host] = (until, reason)
        }
    }

    func set(_ host: String, until: Double, reason: String) async throws(SyncError) {
        note(host, until: until, reason: reason)
        try await writer.perform { store throws(SyncError) in try store.setHostDeadline(host: host, until: until, reason: reason) }
    }
}
