import Foundation
public import Logging
public import Store
public import SyncConfig
public import SyncModel

/// Opens the configured store (creating it when missing) and records the configured sources.
/// - Throws: `SyncError(.store)` naming the file.
public func buildStore(_ config: SyncdConfig) throws(SyncError) -> Store {
    let store = try Store(path: config.store.path, parameters: config.dedup)
    try store.registerSources(config.sources.map { StoreSource(name: $0.name, kind: $0.kind, location: $0.path) })
    return store
}

/// `syncd --once`: one pass over every source, each fully committed before returning.
/// - Returns: one summary per source, in configuration order.
public func runOnce(_ config: SyncdConfig, store: Store, logger: Logger) throws(SyncError) -> [SourceSummary] {
    let ingestor = FolderIngestor(store: store, logger: logger)
    var summaries: [SourceSummary] = []
    for source in config.sources {
        switch source.kind {
        case .folder:
            let summary = try ingestor.ingest(source: source.name, root: source.path,
                                              maxFileSize: source.maxFileSize ?? config.ingest.maxFileSize)
            if summary.error == nil {  // a failed source has already logged why
                logger.info("source ingested", metadata: [
                    "source.name": "\(summary.source)", "created": "\(summary.created)", "updated": "\(summary.updated)",
                    "unchanged": "\(summary.unchanged)", "deleted": "\(summary.deleted)", "skipped": "\(summary.skipped)",
                    "failed": "\(summary.failed)",
                ])
            }
            summaries.append(summary)
        case .feed:
            var summary = SourceSummary(source: source.name)
            summary.error = "feed sources are not supported yet"
            summaries.append(summary)
        }
    }
    return summaries
}
