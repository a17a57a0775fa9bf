import Foundation
import Hummingbird
import ServiceLifecycle
import Storage
import SyncModel

/// `GET /v1/changes`: the change log from a cursor, as one page, a long poll or Server-Sent
/// Events. Every mode reads the committed log with `seq > since` in order, so resuming from any
/// `last_seq` (or SSE id) never skips or repeats a change.
struct ChangeFeed {
    let daemon: any DaemonControl

    struct Query {
        var since: Int64
        var limit: Int
        var feed: String
        var timeout: Duration
        var heartbeat: Duration
        var includeDocs: Bool
        var consumer: String?
    }

    func query(_ request: Request) async throws -> Query {
        let parameters = request.uri.queryParameters
        func integer(_ name: String, _ range: ClosedRange<Int64>) throws -> Int64? {
            guard let text = parameters.get(name) else { return nil }
            guard let value = Int64(text), range.contains(value) else {
                throw APIError(
                    .badRequest, "invalid-argument", "\(name) must be an integer in \(range.lowerBound)...\(range.upperBound), found \"\(text)\"")
            }
            return value
        }
        let consumer = parameters.get("consumer")
        if let consumer, !Names.isValid(consumer) {
            throw APIError(.badRequest, "invalid-argument", "consumer must be 1-64 characters of A-Z a-z 0-9 . _ -")
        }
        var since = try integer("since", 0...Int64.max)
        if since == nil, let consumer {
            let store = daemon.store
            do throws(SyncError) { since = try await BlockingWork.run { () throws(SyncError) in try store.consumerSeq(consumer) } ?? 0 } catch {
                throw APIError(error)
            }
        }
        if let lastEventID = request.headers[.init("Last-Event-ID")!], let value = Int64(lastEventID.trimmingCharacters(in: .whitespaces)), value >= 0
        {
            since = value
        }
        let feed = parameters.get("feed") ?? "normal"
        guard ["normal", "longpoll", "sse", "eventsource"].contains(feed) else {
            throw APIError(.badRequest, "invalid-argument", "feed must be normal, longpoll or sse, found \"\(feed)\"")
        }
        let includeDocs = parameters.get("include_docs").map { ["true", "1", "yes"].contains($0.lowercased()) } ?? false
        // A cursor beyond the head (a store restored from an older copy) is answered from the
        // head: echoing it back as `last_seq` would make the consumer skip what comes next.
        let store = daemon.store
        let head: Int64
        do throws(SyncError) { head = try await BlockingWork.run { () throws(SyncError) in try store.changeHead() } } catch { throw APIError(error) }
        return Query(
            since: min(since ?? 0, head), limit: Int(try integer("limit", 1...10_000) ?? 1000), feed: feed,
            timeout: .milliseconds(try integer("timeout", 0...600_000) ?? 30_000),
            heartbeat: .milliseconds(try integer("heartbeat", 100...600_000) ?? 15_000),
            includeDocs: includeDocs, consumer: consumer)
    }

    func respond(_ request: Request) async throws -> Response {
        let query = try await query(request)
        switch query.feed {
        case "longpoll":
            let deadline = ContinuousClock.now + query.timeout
            var results = try await page(query.since, query)
            while results.isEmpty && ContinuousClock.now < deadline && !Task.isCancelled && !Task.isShuttingDownGracefully {
                await daemon.commits.wait(after: query.since, timeout: min(deadline - ContinuousClock.now, .seconds(1)))
                results = try await page(query.since, query)
            }
            return try body(results, since: query.since)
        case "sse", "eventsource":
            return sse(query)
        default:
            return try body(try await page(query.since, query), since: query.since)
        }
    }

    /// Changes after `since`, as JSON objects (with the document when asked), read off the
    /// cooperative pool.
    func page(_ since: Int64, _ query: Query) async throws -> [[String: Any]] {
        let store = daemon.store
        let (limit, includeDocs) = (query.limit, query.includeDocs)
        do {
            let rows = try await BlockingWork.run { () throws(SyncError) -> [(change: Change, document: DocumentView?)] in
                try store.changes(since: since, limit: limit).map { change in
                    (change, includeDocs ? try? store.document(change.doc, version: change.version) : nil)
                }
            }
            return try rows.map { change, document in
                var object = try Self.object(change)
                if let document {
                    object["doc"] =
                        [
                            "title": document.title, "text": document.text, "version": document.version, "deleted": document.deleted,
                            "metadata": try Self.object(document.metadata),
                        ] as [String: Any]
                }
                return object
            }
        } catch let error as SyncError {
            throw APIError(error)
        }
    }

    static func object(_ value: some Encodable) throws -> [String: Any] {
        let data = try JSONEncoder().encode(value)
        return (try JSONSerialization.jsonObject(with: data) as? [String: Any]) ?? [:]
    }

    func body(_ results: [[String: Any]], since: Int64) throws -> Response {
        let last = (results.last?["seq"] as? NSNumber)?.int64Value ?? since
        return try JSON.response(object: ["results": results, "last_seq": last] as [String: Any])
    }

    /// Server-Sent Events: `id: SEQ`, `event: change`, `data: {...}` per change, a comment
    /// line as heartbeat when nothing happened; `Last-Event-ID` resumes.
    func sse(_ query: Query) -> Response {
        let daemon = self.daemon
        let feed = self
        let headers: HTTPFields = [.contentType: "text/event-stream", .cacheControl: "no-cache"]
        return Response(
            status: .ok, headers: headers,
            body: ResponseBody { writer in
                var since = query.since
                try await writer.write(ByteBuffer(string: ": syncd change feed from seq \(since)\nretry: 1000\n\n"))
                var lastWrite = ContinuousClock.now
                while !Task.isCancelled && !Task.isShuttingDownGracefully {
                    let results = try await feed.page(since, query)
                    if !results.isEmpty {
                        var text = ""
                        for object in results {
                            let seq = (object["seq"] as? NSNumber)?.int64Value ?? since
                            let data = try JSONSerialization.data(withJSONObject: object, options: [.sortedKeys, .withoutEscapingSlashes])
                            text += "id: \(seq)\nevent: change\ndata: \(String(decoding: data, as: UTF8.self))\n\n"
                            since = seq
                        }
                        try await writer.write(ByteBuffer(string: text))
                        lastWrite = ContinuousClock.now
                        continue
                    }
                    if ContinuousClock.now - lastWrite >= query.heartbeat {
                        try await writer.write(ByteBuffer(string: ": heartbeat \(since)\n\n"))
                        lastWrite = ContinuousClock.now
                    }
                    await daemon.commits.wait(after: since, timeout: min(query.heartbeat, .seconds(1)))
                }
                try await writer.finish(nil)
            })
    }
}
