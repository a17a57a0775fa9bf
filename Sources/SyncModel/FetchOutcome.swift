/// How a feed poll ended, as stored, shown by `syncctl status` and counted in `/metrics`.
public enum FetchOutcome: String, Sendable, Codable, CaseIterable {
    /// 200 with entries created or updated.
    case new
    /// 200 with nothing new.
    case unchanged
    /// 304.
    case notModified = "not-modified"
    /// A network error or an error status; retried with backoff.
    case failed
    /// 410: the source is disabled until its URL changes or an operator syncs it.
    case gone
    /// Not fetched: the host asked to wait (Retry-After).
    case deferred
}
