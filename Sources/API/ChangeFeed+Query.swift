import Foundation
import Hummingbird
import HummingbirdCore
import Storage
import SyncModel

/// The change feed's parameters: syncd's own and CouchDB's `_changes` ones.
extension ChangeFeed {
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
        func flag(_ name: String) throws -> Bool {
            guard let text = parameters.get(name) else { return false }
            switch text.lowercased() {
            case "true", "1", "yes": return true
            case "false", "0", "no": return false
            default: throw APIError(.badRequest, "invalid-argument", "\(name) must be true or false, found \"\(text)\"")
            }
        }
        if parameters.get("filter") != nil {
            throw APIError(
                .badRequest, "invalid-argument", "filter functions are not supported: filter with source=NAME and op=create,update,delete,cluster")
        }
        let consumer = parameters.get("consumer")
        if let consumer, !Names.isValid(consumer) {
            throw APIError(.badRequest, "invalid-argument", "consumer must be 1-64 characters of A-Z a-z 0-9 . _ -")
        }
        let store = daemon.store
        let head: Int64
        do throws(SyncError) { head = try await BlockingWork.run { () throws(SyncError) in try store.changeHead() } } catch { throw APIError(error) }
        var since: Int64?
        if parameters.get("since") == "now" { since = head } else { since = try integer("since", 0...Int64.max) }
        if since == nil, let consumer {
            do throws(SyncError) { since = try await BlockingWork.run { () throws(SyncError) in try store.consumerSeq(consumer) } ?? 0 } catch {
                throw APIError(error)
            }
        }
        if let lastEventID = request.headers[.init("Last-Event-ID")!], let value = Int64(lastEventID.trimmingCharacters(in: .whitespaces)), value >= 0
        {
            since = value
        }
        let name = parameters.get("feed") ?? "normal"
        guard let feed = name == "sse" ? .eventsource : Feed(rawValue: name) else {
            throw APIError(.badRequest, "invalid-argument", "feed must be normal, longpoll, continuous or eventsource (sse), found \"\(name)\"")
        }
        let descending = try flag("descending")
        if descending && feed != .normal {
            throw APIError(.badRequest, "invalid-argument", "descending=true is for feed=normal only")
        }
        var heartbeat: Duration?
        if parameters.get("heartbeat")?.lowercased() == "true" {
            heartbeat = .milliseconds(60_000)
        } else if let milliseconds = try integer("heartbeat", 100...600_000) {
            heartbeat = .milliseconds(milliseconds)
        }
        let limit = try integer("limit", 1...10_000)
        // A cursor beyond the head (a store restored from an older copy) is answered from the
        // head: echoing it back as `last_seq` would make the consumer skip what comes next.
        // Descending reads start below `since`, from the head's next seq when none is given.
        let start = descending ? min(since ?? head + 1, head + 1) : min(since ?? 0, head)
        return Query(
            since: start, limit: Int(limit ?? 1000), limitGiven: limit != nil, feed: feed,
            timeout: .milliseconds(try integer("timeout", 0...600_000) ?? 30_000), heartbeat: heartbeat,
            includeDocs: try flag("include_docs"), descending: descending, filter: try filter(parameters), consumer: consumer)
    }

    /// `source=NAME` (repeatable, or comma-separated) and `op=create,update,delete,cluster`.
    private func filter(_ parameters: Parameters) throws -> ChangeFilter {
        var filter = ChangeFilter()
        for value in parameters.getAll("source") {
            for name in value.split(separator: ",").map(String.init) {
                guard Names.isValid(name) else {
                    throw APIError(.badRequest, "invalid-argument", "source must be a source name (A-Z a-z 0-9 . _ -), found \"\(name)\"")
                }
                filter.sources.insert(name)
            }
        }
        for value in parameters.getAll("op") {
            for text in value.split(separator: ",") {
                guard let op = ChangeOp(rawValue: String(text)) else {
                    throw APIError(.badRequest, "invalid-argument", "op must be create, update, delete or cluster, found \"\(text)\"")
                }
                filter.ops.insert(op)
            }
        }
        return filter
    }
}
