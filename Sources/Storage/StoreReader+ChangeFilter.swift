public import SyncModel

/// Filtered reads of the change log, built on `changes(since:limit:)` so every backend has them.
extension StoreReader {
    /// Up to `limit` changes after `since` that `filter` takes, oldest first, reading at most
    /// `scanLimit` log rows.
    /// - Returns: the changes and `through`, the seq the reader may resume after: the last
    ///   change returned when `limit` was reached, else the last row examined (so changes the
    ///   filter skipped are not read again), `since` when there was none.
    public func changes(
        since: Int64, limit: Int, matching filter: ChangeFilter, scanLimit: Int = 100_000
    ) throws(SyncError) -> (changes: [Change], through: Int64) {
        if filter.takesAll {
            let rows = try changes(since: since, limit: limit)
            return (rows, rows.last?.seq ?? since)
        }
        var found: [Change] = []
        var through = since
        var scanned = 0
        let page = max(limit, 1000)
        while found.count < limit && scanned < scanLimit {
            let rows = try changes(since: through, limit: page)
            for change in rows {
                through = change.seq
                if filter.matches(change) {
                    found.append(change)
                    if found.count == limit { return (found, through) }
                }
            }
            scanned += rows.count
            if rows.count < page { break }
        }
        return (found, through)
    }

    /// Up to `limit` changes with `seq < before` that `filter` takes, newest first, reading at
    /// most `scanLimit` log rows (`descending=true`).
    /// - Returns: the changes and `through`, the lowest seq examined (`before` when none).
    public func changes(
        before: Int64, limit: Int, matching filter: ChangeFilter, scanLimit: Int = 100_000
    ) throws(SyncError) -> (changes: [Change], through: Int64) {
        var found: [Change] = []
        var high = before
        var scanned = 0
        let window = Int64(max(limit, 1000))
        while high > 1 && found.count < limit && scanned < scanLimit {
            let low = max(0, high - 1 - window)
            // At most `high - 1 - low` rows lie in (low, high), whatever gaps the log has.
            let rows = try changes(since: low, limit: Int(high - 1 - low)).filter { $0.seq < high }
            for change in rows.reversed() {
                high = change.seq
                if filter.matches(change) {
                    found.append(change)
                    if found.count == limit { return (found, high) }
                }
            }
            scanned += rows.count
            high = min(high, low + 1)
        }
        return (found, min(high, before))
    }
}
