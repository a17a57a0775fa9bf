import Foundation
public import Logging
public import Storage
import Feeds
import Folders
public import SyncConfig
public import SyncModel
public import Fetch

/// Checks what the configuration reader cannot know by itself: that each feed's `charset` is
/// one iconv can read.
/// - Throws: `SyncError(.invalidConfig)` located at the source's line.
public func checkFeedCharsets(_ config: SyncdConfig) throws(SyncError) {
    for source in config.sources {
        if let charset = source.feed?.charset, !FeedParser.isSupportedCharset(charset) {
            throw SyncError(
                .invalidConfig, "source \"\(source.name)\": unknown charset \"\(charset)\" (iconv cannot read it; try e.g. \"windows-1256\")",
                location: "\(config.path):\(source.line)")
        }
    }
}

/// `syncd --once`: one pass over every source, each fully committed before returning. Folders
/// are scanned one after the other; feeds are fetched together, within the politeness limits.
/// - Parameters:
///   - fetcher: the HTTP client for feeds; a `CurlFetcher` with the `[feeds]` limits when `nil`.
///   - showProgress: draw each folder's progress on standard error when it is a terminal.
/// - Returns: one summary per source, in configuration order.
public func runOnce(
    _ config: SyncdConfig, store: any DocumentStore, logger: Logger, fetcher: (any Fetcher)? = nil,
    clock: any SyncClock = SystemClock(), showProgress: Bool = false
) async throws(SyncError) -> [SourceSummary] {
    try store.registerSources(config.sources.map(\.storeSource), now: clock.now())
    let writer = StoreWriter(store: store)
    var folderIngestor = FolderIngestor(writer: writer, logger: logger, clock: clock)
    if showProgress, let terminal = TerminalProgress.forStandardError() { folderIngestor.progress = terminal.update }
    let ingestor = folderIngestor
    var summaries: [String: SourceSummary] = [:]
    for source in config.sources where source.kind == .folder {
        let maxFileSize = source.maxFileSize ?? config.ingest.maxFileSize
        let summary = try await onThread("syncd.scan") { () throws(SyncError) in
            try ingestor.ingest(source: source.name, root: source.location, maxFileSize: maxFileSize)
        }
        if summary.error == nil {  // a failed source has already logged why
            logger.info(
                "source ingested",
                metadata: [
                    "source.name": "\(summary.source)", "created": "\(summary.created)", "updated": "\(summary.updated)",
                    "unchanged": "\(summary.unchanged)", "deleted": "\(summary.deleted)", "skipped": "\(summary.skipped)",
                    "failed": "\(summary.failed)",
                ])
        }
        summaries[source.name] = summary
    }
    let feeds = config.sources.filter { $0.kind == .feed }
    if !feeds.isEmpty {
        let poller = FeedIngestor(
            writer: writer, fetcher: fetcher ?? CurlFetcher(perHost: config.feeds.perHost, total: config.feeds.concurrency),
            logger: logger, clock: clock)
        for summary in try await poller.poll(feeds) { summaries[summary.source] = summary }
    }
    // The next start maps the index instead of rebuilding it; a failure only costs that.
    do { try await writer.perform { store throws(SyncError) in try store.saveIndex() } } catch {
        logger.warning("cannot save the near-duplicate index", metadata: ["error": "\(error)"])
    }
    do { try await writer.perform { store throws(SyncError) in try store.seal() } } catch {
        logger.warning("cannot seal the store (the next start checks it)", metadata: ["error": "\(error)"])
    }
    return config.sources.compactMap { summaries[$0.name] }
}

/// Runs blocking work (a folder scan waits on its readers) on a thread of its own: blocking a
/// thread of Swift's cooperative pool would also take it away from the readers'
/// `concurrentPerform`, which shares the same worker threads.
func onThread<T: Sendable>(_ name: String, _ body: @escaping @Sendable () throws(SyncError) -> T) async throws(SyncError) -> T {
    let result: Result<T, SyncError> = await withCheckedContinuation { continuation in
        let thread = Thread {
            do throws(SyncError) {
                continuation.resume(returning: .success(try body()))
            } catch {
                continuation.resume(returning: .failure(error))
            }
        }
        thread.name = name
        thread.start()
    }
    return try result.get()
}
