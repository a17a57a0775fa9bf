import Fetch
import Fingerprint
import Storage
import SyncConfig
import SyncModel

/// An unchanged 200 (a server that sends no validators, or ignores them) whose body is the one
/// parsed last time is not parsed again: the feed state keeps a digest of that body together
/// with everything its parse and merge depend on, and a poll that finds the same digest records
/// the fetch and nothing else. The store holds every entry of that body already: the digest is
/// only kept when all of them were stored without a problem, and it is written in the same
/// transaction as the state, after the merges committed.
extension FeedIngestor {
    /// SHA-256 (hex) of the body and of what parsing it depends on besides: syncd's version
    /// (a new parser may read the same bytes differently), the source's charset override and
    /// `full_text` mode, the Content-Type (its charset), the final URL (the base of relative
    /// links) and whether its links may lead to private addresses.
    static func parseDigest(_ response: FetchResponse, settings: FeedSettings) -> String {
        let context = [
            "syncd \(SyncdVersion.current)", settings.charset ?? "", settings.fullText.rawValue,
            response.headers.value("Content-Type") ?? "", response.url, publicOnly(response) ? "public" : "private",
        ]
        var bytes = Array(context.joined(separator: "\n").utf8)
        bytes.append(0)
        bytes += SHA256Digest.hash(response.body)
        return SHA256Digest.hex(SHA256Digest.hash(bytes))
    }

    /// Records a 200 whose body is the one parsed and stored last time (`parseDigest`) as a poll
    /// that found nothing new, as a 304 would be, without parsing it; the feed's `<ttl>` of that
    /// body still counts. Articles whose retry is due are fetched as after a 304.
    func reuseParse(_ poll: inout Poll, _ response: FetchResponse) async throws(SyncError) -> SourceSummary {
        poll.summary.parsed = false
        poll.summary.unchanged = poll.state.entries
        let retries = try retryDrafts(source: poll.source, settings: poll.settings, excluding: [])
        if !retries.isEmpty {
            let (documents, _) = await complete(retries, source: poll.source, settings: poll.settings, publicOnly: Self.publicOnly(response))
            try await merge(documents, into: &poll)
        }
        keepValidators(&poll, response)
        poll.state.lastResult = poll.summary.created + poll.summary.updated > 0 ? .new : .unchanged
        return try await succeed(&poll, response, ttl: poll.state.ttl)
    }
}
