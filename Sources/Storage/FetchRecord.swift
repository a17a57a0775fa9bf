public import SyncModel

/// One feed poll's outcome as the store keeps it: what `recordFetch` or (for `stateOnly`)
/// `saveFeedState` would write. Many of them commit together through `recordFetches`.
public struct FetchRecord: Sendable {
    public var source: String
    public var state: FeedState
    /// Why the fetch failed; `nil` for a success (a 304 included).
    public var error: SourceError?
    /// Entries that could not be ingested.
    public var problems: [SourceProblem]
    public var now: Double
    /// The feed state alone, without the source's success or error bookkeeping (a deferred poll).
    public var stateOnly: Bool

    public init(source: String, state: FeedState, error: SourceError? = nil, problems: [SourceProblem] = [], now: Double, stateOnly: Bool = false) {
        self.source = source
        self.state = state
        self.error = error
        self.problems = problems
        self.now = now
        self.stateOnly = stateOnly
    }
}

extension DocumentStore {
    /// One transaction per record, in order: for backends without a batched form. Each record is
    /// whole or absent; one that fails does not keep the others from being stored.
    /// - Returns: each record's error, `nil` where it was stored.
    public func recordFetches(_ records: [FetchRecord]) -> [SyncError?] {
        records.map { record in
            do throws(SyncError) {
                if record.stateOnly {
                    try saveFeedState(source: record.source, state: record.state)
                } else {
                    try recordFetch(source: record.source, state: record.state, error: record.error, problems: record.problems, now: record.now)
                }
                return nil
            } catch {
                return error
            }
        }
    }
}
