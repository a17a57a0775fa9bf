public import SyncConfig
public import SyncModel

extension FeedIngestor {
    /// Polls feeds concurrently (the fetcher bounds how many transfers run at once).
    /// - Throws: the first store failure; feed failures are in the summaries.
    public func poll(_ feeds: [SourceSettings]) async throws(SyncError) -> [SourceSummary] {
        let results = await withTaskGroup(of: Result<SourceSummary, SyncError>.self) { group in
            for feed in feeds {
                group.addTask {
                    do throws(SyncError) { return .success(try await self.poll(feed)) } catch { return .failure(error) }
                }
            }
            var results: [Result<SourceSummary, SyncError>] = []
            for await result in group { results.append(result) }
            return results
        }
        return try results.map { result throws(SyncError) in try result.get() }
    }
}
