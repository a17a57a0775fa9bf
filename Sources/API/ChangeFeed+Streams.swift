import Foundation
import Hummingbird
import ServiceLifecycle
import Storage
import SyncModel

/// The streamed feeds: continuous (newline-delimited JSON), Server-Sent Events, and a long
/// poll with heartbeats. Each reads the log in `seq` order and waits on the commit signal;
/// heartbeats are written on their own, so a client that splits chunks into lines sees them
/// as the bare newlines CouchDB sends.
extension ChangeFeed {
    /// `feed=continuous`: one change per line; a bare newline every `heartbeat` while idle; a
    /// last line `{"last_seq": N, "pending": N}` when the feed ends: after `limit` changes
    /// (when given), after `timeout` without a change (when no heartbeat keeps it open), or
    /// when the daemon stops.
    func continuous(_ query: Query) -> Response {
        let feed = self
        let daemon = self.daemon
        return Response(
            // Newline-delimited JSON: one value per line, not one JSON document.
            status: .ok, headers: [.contentType: "application/x-ndjson", .cacheControl: "no-cache"],
            body: ResponseBody { writer in
                var since = query.since
                var sent = 0
                var pending: Int64 = 0
                var lastWrite = ContinuousClock.now
                var lastChange = ContinuousClock.now
                while !Task.isCancelled && !Task.isShuttingDownGracefully {
                    let page = try await feed.read(since, query, limit: query.limitGiven ? min(query.limit - sent, 1000) : 1000)
                    since = page.through
                    pending = page.pending
                    if !page.results.isEmpty {
                        let text = try page.results.map(ChangeJSON.line).joined(separator: "\n") + "\n"
                        try await writer.write(ByteBuffer(string: text))
                        sent += page.results.count
                        (lastWrite, lastChange) = (ContinuousClock.now, ContinuousClock.now)
                        if query.limitGiven && sent >= query.limit { break }
                        continue
                    }
                    let now = ContinuousClock.now
                    var wait = Duration.seconds(1)
                    if let heartbeat = query.heartbeat {
                        if now - lastWrite >= heartbeat {
                            try await writer.write(ByteBuffer(string: "\n"))
                            lastWrite = now
                        }
                        wait = min(wait, heartbeat)
                    } else {
                        if now - lastChange >= query.timeout { break }
                        wait = min(wait, query.timeout - (now - lastChange))
                    }
                    await daemon.commits.wait(after: since, timeout: wait)
                }
                try await writer.write(ByteBuffer(string: try ChangeJSON.line(["last_seq": since, "pending": pending] as [String: Any]) + "\n"))
                try await writer.finish(nil)
            })
    }

    /// `feed=longpoll&heartbeat=MS`: a newline every `heartbeat` until a change after `since`
    /// commits (the heartbeat keeps it open past `timeout`), then the page as `feed=normal`
    /// answers it. Leading whitespace leaves the JSON valid.
    func streamedLongPoll(_ query: Query) -> Response {
        let feed = self
        let daemon = self.daemon
        let heartbeat = query.heartbeat ?? .seconds(60)
        return Response(
            status: .ok, headers: [.contentType: "application/json", .cacheControl: "no-cache"],
            body: ResponseBody { writer in
                var page = try await feed.read(query.since, query)
                var lastWrite = ContinuousClock.now
                while page.results.isEmpty && !Task.isCancelled && !Task.isShuttingDownGracefully {
                    if ContinuousClock.now - lastWrite >= heartbeat {
                        try await writer.write(ByteBuffer(string: "\n"))
                        lastWrite = ContinuousClock.now
                    }
                    await daemon.commits.wait(after: page.through, timeout: min(heartbeat, .seconds(1)))
                    page = try await feed.read(page.through, query)
                }
                try await writer.write(ByteBuffer(string: try ChangeJSON.line(try feed.body(page))))
                try await writer.finish(nil)
            })
    }

    /// Server-Sent Events: `id: SEQ`, `event: change`, `data: {...}` per change, a comment
    /// line as heartbeat when nothing happened (every 15 s unless `heartbeat` says otherwise);
    /// `Last-Event-ID` resumes.
    func sse(_ query: Query) -> Response {
        let daemon = self.daemon
        let feed = self
        let heartbeat = query.heartbeat ?? .seconds(15)
        let headers: HTTPFields = [.contentType: "text/event-stream", .cacheControl: "no-cache"]
        return Response(
            status: .ok, headers: headers,
            body: ResponseBody { writer in
                var since = query.since
                try await writer.write(ByteBuffer(string: ": syncd change feed from seq \(since)\nretry: 1000\n\n"))
                var lastWrite = ContinuousClock.now
                while !Task.isCancelled && !Task.isShuttingDownGracefully {
                    let page = try await feed.read(since, query)
                    since = page.through
                    if !page.results.isEmpty {
                        var text = ""
                        for object in page.results {
                            let seq = (object["seq"] as? NSNumber)?.int64Value ?? since
                            text += "id: \(seq)\nevent: change\ndata: \(try ChangeJSON.line(object))\n\n"
                        }
                        try await writer.write(ByteBuffer(string: text))
                        lastWrite = ContinuousClock.now
                        continue
                    }
                    if ContinuousClock.now - lastWrite >= heartbeat {
                        try await writer.write(ByteBuffer(string: ": heartbeat \(since)\n\n"))
                        lastWrite = ContinuousClock.now
                    }
                    await daemon.commits.wait(after: since, timeout: min(heartbeat, .seconds(1)))
                }
                try await writer.finish(nil)
            })
    }
}
