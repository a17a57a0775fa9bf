import Foundation
import Glibc
import Hummingbird
import NIOCore
import Storage
import SyncModel

/// `GET /` on the API listeners: what a person wants to see of a running syncd: the daemon and
/// its nodes, the sources with their health, the newest changes and the largest clusters. Each
/// cluster and document has a page of its own (`/clusters/ID`, `/documents/ID`). Every read is
/// bounded (the status counters, the last changes, the largest clusters by an index), so the
/// page costs the same whatever the store holds.
enum StatusPage {
    static let newestChanges = 20
    static let largestClusters = 10

    static func routes(_ router: Router<BasicRequestContext>, daemon: any DaemonControl) {
        router.get("/") { _, _ -> Response in await respond { try await overview(daemon) } }
        router.get("clusters/:id") { request, context -> Response in
            await respond {
                guard let id = context.parameters.get("id", as: Int64.self) else { throw PageError.badRequest("cluster ids are integers") }
                let query = request.uri.queryParameters
                return try await cluster(
                    daemon, id: id, left: query["a"].flatMap { Int64(String($0)) }, right: query["b"].flatMap { Int64(String($0)) })
            }
        }
        router.get("documents/**") { request, context -> Response in
            await respond {
                let reference = context.parameters.getCatchAll().joined(separator: "/")
                let query = request.uri.queryParameters
                return try await document(
                    daemon, reference: reference.removingPercentEncoding ?? reference, from: query["from"].flatMap { Int(String($0)) },
                    to: query["to"].flatMap { Int(String($0)) })
            }
        }
    }

    /// What a page handler can fail with, shown as a page rather than the API's JSON.
    enum PageError: Error {
        case badRequest(String)
    }

    /// Runs a page handler; its failure becomes an HTML page with the matching status.
    static func respond(_ body: () async throws -> String) async -> Response {
        do {
            return html(try await body(), status: .ok)
        } catch let error as APIError {
            return html(HTML.page(title: "error", body: "<h1>\(error.status.code)</h1><p>\(HTML.escape(error.message))</p>"), status: error.status)
        } catch PageError.badRequest(let message) {
            return html(HTML.page(title: "error", body: "<h1>400</h1><p>\(HTML.escape(message))</p>"), status: .badRequest)
        } catch {
            return html(HTML.page(title: "error", body: "<h1>500</h1><p>\(HTML.escape("\(error)"))</p>"), status: .internalServerError)
        }
    }

    static func html(_ text: String, status: HTTPResponse.Status) -> Response {
        Response(
            status: status, headers: [.contentType: "text/html; charset=utf-8", .cacheControl: "no-store"],
            body: .init(byteBuffer: ByteBuffer(string: text)))
    }

    /// The node's name: `[daemon] node`, else the host name.
    static func nodeName(_ daemon: any DaemonControl) -> String {
        daemon.metrics.node.isEmpty ? hostName : daemon.metrics.node
    }

    static var hostName: String {
        var buffer = [CChar](repeating: 0, count: 256)
        guard gethostname(&buffer, buffer.count) == 0 else { return "localhost" }
        return String(decoding: buffer.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
    }

    static func overview(_ daemon: any DaemonControl) async throws -> String {
        let store = daemon.store
        let (status, changes, clusters) = try await APIServer.read { () throws(SyncError) in
            let status = try store.status()
            let changes = try store.changes(since: max(0, status.changeHead - Int64(newestChanges)), limit: newestChanges)
            return (status, changes, try store.largestClusters(limit: largestClusters))
        }
        let now = daemon.clock.now()
        var body = "<h1>Status</h1>"
        body += figures(status)
        body += nodes(daemon, status: status, now: now)
        body += sources(status.sources, failing: daemon.failingSources, now: now)
        body += "<h2>Newest changes</h2>" + changeTable(changes.reversed(), now: now)
        body += "<h2>Largest clusters</h2>" + clusterTable(clusters)
        if !status.consumers.isEmpty {
            body +=
                "<h2>Consumers</h2>"
                + HTML.table(
                    ["consumer", "cursor", "lag", "updated"],
                    status.consumers.map {
                        "<tr><td>\(HTML.escape($0.name))</td><td>\($0.seq)</td><td>\($0.lag)</td><td>\(HTML.relative($0.updatedAt, now: now))</td></tr>"
                    }, empty: "")
        }
        body += "<p class=\"muted\">Reloads every 30 s. JSON: <a href=\"/v1/status\">/v1/status</a> · <a href=\"/metrics\">/metrics</a></p>"
        return HTML.page(title: "status", refresh: 30, body: body)
    }

    static func figures(_ status: StoreStatus) -> String {
        let items: [(String, String)] = [
            ("documents", "\(status.documents)"), ("deleted", "\(status.deleted)"), ("versions", "\(status.versions)"),
            ("clusters", "\(status.clusters)"), ("duplicates", String(format: "%.1f %%", status.duplicateRatio * 100)),
            ("change head", "\(status.changeHead)"), ("store", HTML.bytes(status.storeBytes)),
        ]
        return "<ul class=\"figures\">" + items.map { "<li><b>\(HTML.escape($0.1))</b>\(HTML.escape($0.0))</li>" }.joined() + "</ul>"
    }

    static func nodes(_ daemon: any DaemonControl, status: StoreStatus, now: Double) -> String {
        let ready = daemon.isReady ? "<span class=\"badge ok\">ready</span>" : "<span class=\"badge warn\">starting</span>"
        let heartbeat = status.daemon.map { HTML.relative($0.heartbeatAt, now: now) } ?? "—"
        let row =
            "<tr><td>\(HTML.escape(nodeName(daemon)))</td><td>\(ready)</td><td>syncd \(HTML.escape(SyncdVersion.current))</td><td>\(getpid())</td>"
            + "<td>\(HTML.duration(now - daemon.startedAt))</td><td>\(heartbeat)</td><td class=\"wrap\">\(HTML.escape(status.store))</td>"
            + "<td>\(daemon.queueDepth)</td></tr>"
        var html =
            "<h2>Daemon and nodes</h2>"
            + HTML.table(["node", "state", "version", "pid", "uptime", "heartbeat", "store", "queued scans"], [row], empty: "")
        // A shared (PostgreSQL) store: every node writing to it, this one included.
        if !status.nodes.isEmpty {
            let rows = status.nodes.map { node in
                "<tr><td>\(HTML.escape(node.name))</td><td>\(node.pid)</td><td>\(HTML.time(node.startedAt))</td>"
                    + "<td>\(HTML.relative(node.heartbeatAt, now: now))</td>"
                    + "<td class=\"wrap\">\(HTML.escape(node.sources.joined(separator: ", ")))</td>"
                    + "<td class=\"wrap\">\(HTML.escape(node.leases.joined(separator: ", ")))</td></tr>"
            }
            html += "<h3>Nodes on this store</h3>" + HTML.table(["node", "pid", "started", "heartbeat", "sources", "feed leases"], rows, empty: "")
        }
        return html
    }

    /// One row per source: health, last success, next due, the last error and the backoff.
    static func sources(_ sources: [SourceStatus], failing: [SourceFailure], now: Double) -> String {
        let failures = Dictionary(failing.map { ($0.source, $0) }, uniquingKeysWith: { first, _ in first })
        let rows = sources.map { source -> String in
            let scanFailure = failures[source.name]
            let health: (String, String) =
                if source.feed?.disabledReason != nil {
                    ("bad", "gone")
                } else if scanFailure != nil || source.consecutiveFailures > 0 {
                    (source.consecutiveFailures > 2 || scanFailure != nil ? "bad" : "warn", "failing")
                } else if source.filesFailed > 0 {
                    ("warn", "\(source.filesFailed) files not ingested")
                } else if source.lastSuccessAt == nil {
                    ("warn", "not yet synced")
                } else {
                    ("ok", "ok")
                }
            let error = scanFailure?.error ?? source.feed?.disabledReason ?? source.lastError ?? ""
            let failuresCount = max(source.consecutiveFailures, scanFailure?.failures ?? 0)
            let backoff =
                source.feed?.backoffSeconds.map { HTML.duration($0) } ?? scanFailure.map { "retry " + HTML.relative($0.retryAt, now: now) } ?? "—"
            return "<tr><td>\(HTML.escape(source.name))</td><td>\(HTML.escape(source.type))</td>"
                + "<td><span class=\"badge \(health.0)\">\(HTML.escape(health.1))</span></td><td>\(source.documents)</td>"
                + "<td>\(HTML.relative(source.lastSuccessAt, now: now))</td><td>\(HTML.relative(source.feed?.nextDueAt, now: now))</td>"
                + "<td class=\"wrap\">\(failuresCount > 0 ? "\(failuresCount)× " : "")\(HTML.escape(error))</td><td>\(backoff)</td>"
                + "<td class=\"wrap\">\(HTML.escape(source.feed?.currentURL ?? source.location))</td></tr>"
        }
        return "<h2>Sources</h2>"
            + HTML.table(
                ["source", "type", "health", "documents", "last success", "next due", "errors", "backoff", "location"], rows,
                empty: "No sources are configured.")
    }

    static func changeTable(_ changes: some Sequence<Change>, now: Double) -> String {
        let rows = changes.map { change in
            "<tr><td>\(change.seq)</td><td>\(HTML.relative(change.at, now: now))</td><td>\(change.op.rawValue)</td>"
                + "<td class=\"key\"><a href=\"/documents/\(change.doc)\">\(HTML.escape(change.source + ":" + change.key))</a></td>"
                + "<td>\(change.version)</td><td>\(change.cluster.map { "<a href=\"/clusters/\($0)\">\($0)</a>" } ?? "—")</td></tr>"
        }
        return HTML.table(["seq", "when", "op", "document", "version", "cluster"], Array(rows), empty: "No changes yet.")
    }

    static func clusterTable(_ clusters: [DuplicateCluster]) -> String {
        let rows = clusters.map { cluster in
            let canonical = cluster.members.first { $0.canonical } ?? cluster.members[0]
            return "<tr><td><a href=\"/clusters/\(cluster.cluster)\">\(cluster.cluster)</a></td><td>\(cluster.members.count)</td>"
                + "<td dir=\"auto\">\(HTML.escape(canonical.title))</td>"
                + "<td class=\"key\">\(HTML.escape(Set(cluster.members.map(\.source)).sorted().joined(separator: ", ")))</td></tr>"
        }
        return HTML.table(["cluster", "members", "canonical title", "sources"], rows, empty: "No near-duplicates yet.")
    }
}
