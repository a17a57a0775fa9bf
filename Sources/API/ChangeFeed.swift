import Foundation
import Hummingbird
import ServiceLifecycle
import Storage
import SyncModel

/// `GET /v1/changes` (and `/v1/_changes`, the path CouchDB clients build from a database URL):
/// the change log from a cursor, as one page, a long poll, newline-delimited JSON
/// (`feed=continuous`) or Server-Sent Events, with CouchDB's `_changes` parameters. Every mode
/// reads the committed log with `seq > since` in order, so resuming from any `last_seq` (or
/// SSE id, or a continuous line's `seq`) never skips or repeats a change.
struct ChangeFeed {
    let daemon: any DaemonControl
    /// `/v1/_changes`: `doc` is only the document object of `include_docs`.
    var couchPath = false

    enum Feed: String {
        case normal, longpoll, continuous, eventsource
    }

    struct Query {
        var since: Int64
        var limit: Int
        /// Whether `limit` was given: a continuous feed ends after that many changes only then.
        var limitGiven: Bool
        var feed: Feed
        var timeout: Duration
        /// Given: newlines (SSE comments) while idle, and the feed stays open past `timeout`.
        var heartbeat: Duration?
        var includeDocs: Bool
        var descending: Bool
        var filter: ChangeFilter
        var consumer: String?
    }

    func respond(_ request: Request) async throws -> Response {
        let query = try await query(request)
        switch query.feed {
        case .longpoll:
            if query.heartbeat != nil { return streamedLongPoll(query) }
            let deadline = ContinuousClock.now + query.timeout
            var page = try await read(query.since, query)
            while page.results.isEmpty && ContinuousClock.now < deadline && !Task.isCancelled && !Task.isShuttingDownGracefully {
                await daemon.commits.wait(after: page.through, timeout: min(deadline - ContinuousClock.now, .seconds(1)))
                page = try await read(page.through, query)
            }
            return try JSON.response(object: try body(page))
        case .continuous:
            return continuous(query)
        case .eventsource:
            return sse(query)
        case .normal:
            return try JSON.response(object: try body(try await read(query.since, query)))
        }
    }

    /// One page of results: the change objects, where the next read starts, and what is left.
    struct Page {
        var results: [[String: Any]]
        var through: Int64
        var pending: Int64
    }

    /// The changes after `since` (before it with `descending`) that the filter takes, as JSON
    /// objects (with the document when asked), read off the cooperative pool.
    func read(_ since: Int64, _ query: Query, limit: Int? = nil) async throws -> Page {
        let store = daemon.store
        let (limit, includeDocs, descending, filter) = (limit ?? query.limit, query.includeDocs, query.descending, query.filter)
        let couchPath = self.couchPath
        do {
            let (rows, through, head) = try await BlockingWork.run {
                () throws(SyncError) -> ([(change: Change, document: DocumentView?)], Int64, Int64) in
                let (changes, through) =
                    descending
                    ? try store.changes(before: since, limit: limit, matching: filter)
                    : try store.changes(since: since, limit: limit, matching: filter)
                let rows = changes.map { change in
                    (change, includeDocs ? try? store.document(change.doc, version: change.version) : nil)
                }
                return (rows, through, try store.changeHead())
            }
            let results = try rows.map { change, document in
                var object = ChangeJSON.object(change, numericDoc: !couchPath)
                if let document { object["doc"] = try ChangeJSON.document(document, change: change) }
                return object
            }
            return Page(results: results, through: through, pending: descending ? max(0, through - 1) : max(0, head - through))
        } catch let error as SyncError {
            throw APIError(error)
        }
    }

    static func object(_ value: some Encodable) throws -> [String: Any] {
        let data = try JSONEncoder().encode(value)
        return (try JSONSerialization.jsonObject(with: data) as? [String: Any]) ?? [:]
    }

    /// `{"results": [...], "last_seq": N, "pending": N}`.
    func body(_ page: Page) throws -> [String: Any] {
        ["results": page.results, "last_seq": page.through, "pending": page.pending]
    }
}
