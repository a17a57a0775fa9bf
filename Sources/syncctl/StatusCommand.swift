import ArgumentParser
import Foundation
import Storage
import StoreBackends
import SyncModel

struct StatusCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "status", abstract: "Store figures, per-source counts and the latest errors.")

    @OptionGroup var options: ConfigOptions
    @Flag(name: .long, help: "Print JSON.") var json = false

    func run() async throws {
        try await reportingErrors {
            let store = try options.openStore()
            var status = try store.status()
            let running = try DaemonClient.running(store)
            if running == nil { status.daemon = nil }
            // Webhooks live in the daemon: their delivery state comes from its API when it runs.
            var webhooks: [[String: Any]] = []
            if let socket = running?.socket {
                webhooks = ((try? await DaemonClient(socket: socket).get("/v1/status"))?["webhooks"] as? [[String: Any]]) ?? []
            }
            if json {
                guard !webhooks.isEmpty else { return try printJSON(status) }
                var object = try JSONObject.encode(status)
                object["webhooks"] = webhooks
                let data = try JSONSerialization.data(withJSONObject: object, options: [.sortedKeys, .prettyPrinted, .withoutEscapingSlashes])
                return print(String(decoding: data, as: UTF8.self))
            }
            if let daemon = running {
                let uptime = formatDuration(Date().timeIntervalSince1970 - daemon.startedAt)
                print(
                    "daemon       running (pid \(daemon.pid), up \(uptime), \(daemon.readyAt == nil ? "starting" : "ready")"
                        + ", socket \(daemon.socket ?? "-"))"
                )
            } else {
                print("daemon       not running (figures from the store)")
            }
            print("store        \(status.store) (\(ByteSize.format(Int(status.storeBytes))))")
            print("documents    \(status.documents) live, \(status.deleted) deleted, \(status.versions) versions")
            print(
                "clusters     \(status.clusters) with \(status.duplicates) duplicates"
                    + " (duplicate ratio \(String(format: "%.1f%%", status.duplicateRatio * 100)))"
            )
            print("change head  \(status.changeHead)")
            print("")
            var table = TextTable("SOURCE", "TYPE", "DOCS", "DELETED", "VERSIONS", "SKIPPED", "FAILED", "LAST SCAN", "LAST SUCCESS", "LAST ERROR")
            for source in status.sources {
                table.add(
                    source.name, source.type, "\(source.documents)", "\(source.deleted)", "\(source.versions)",
                    "\(source.filesSkipped)", "\(source.filesFailed)", formatTime(source.lastScanAt), formatTime(source.lastSuccessAt),
                    source.lastError ?? "-")
            }
            print(table.render())
            let feeds = status.sources.compactMap { source in source.feed.map { (source, $0) } }
            if !feeds.isEmpty {
                var feedTable = TextTable("FEED", "LAST FETCH", "RESULT", "HTTP", "SECONDS", "ENTRIES", "NEXT DUE", "BACKOFF", "FAILURES", "URL")
                for (source, feed) in feeds {
                    let url = feed.currentURL == feed.url ? feed.url : "\(feed.currentURL) (moved from \(feed.url))"
                    feedTable.add(
                        source.name, formatTime(feed.lastFetchAt), feed.disabledReason == nil ? feed.lastResult?.rawValue ?? "-" : "disabled",
                        feed.lastStatus.map(String.init) ?? "-", feed.lastSeconds.map { String(format: "%.2f", $0) } ?? "-",
                        "\(feed.entries)", formatTime(feed.nextDueAt), feed.backoffSeconds.map(formatDuration) ?? "-",
                        "\(source.consecutiveFailures)", url)
                }
                print("")
                print(feedTable.render())
                for (source, feed) in feeds {
                    if let reason = feed.disabledReason { print("\n\(source.name) is disabled: \(reason)") }
                }
                let articles = feeds.compactMap { source, _ in source.articles.map { (source.name, $0) } }
                if !articles.isEmpty {
                    var articleTable = TextTable("FEED", "ARTICLES FETCHED", "PENDING", "FAILED", "BLOCKED BY ROBOTS")
                    for (name, counts) in articles {
                        articleTable.add(name, "\(counts.fetched)", "\(counts.pending)", "\(counts.failed)", "\(counts.blocked)")
                    }
                    print("")
                    print(articleTable.render())
                }
            }
            if !status.consumers.isEmpty {
                var consumers = TextTable("CONSUMER", "SEQ", "LAG", "LAST ACK")
                for consumer in status.consumers {
                    consumers.add(consumer.name, "\(consumer.seq)", "\(consumer.lag)", formatTime(consumer.updatedAt))
                }
                print("")
                print(consumers.render())
            }
            printWebhooks(webhooks)
            if !status.nodes.isEmpty {
                // A shared (PostgreSQL) store: every node, whether or not it runs here.
                var nodes = TextTable("NODE", "PID", "STARTED", "HEARTBEAT", "SOURCES", "FEED LEASES")
                for node in status.nodes {
                    nodes.add(
                        node.name, "\(node.pid)", formatTime(node.startedAt), formatTime(node.heartbeatAt),
                        node.sources.isEmpty ? "-" : node.sources.joined(separator: ","),
                        node.leases.isEmpty ? "-" : node.leases.joined(separator: ","))
                }
                print("")
                print(nodes.render())
            }
            for source in status.sources where !source.problems.isEmpty {
                print("\nfiles of \(source.name) not ingested in the last scan:")
                for problem in source.problems { print("  \(problem.key): \(problem.message) [\(problem.code)]") }
            }
        }
    }
}

extension StatusCommand {
    /// The daemon's webhooks: cursor, lag, deliveries, failures and why one is disabled.
    func printWebhooks(_ webhooks: [[String: Any]]) {
        guard !webhooks.isEmpty else { return }
        func number(_ value: Any?) -> String { (value as? NSNumber).map { "\($0.int64Value)" } ?? "-" }
        var table = TextTable("WEBHOOK", "SEQ", "LAG", "DELIVERED", "FAILURES", "LAST HTTP", "LAST SUCCESS", "STATE", "URL")
        for webhook in webhooks {
            let state =
                webhook["disabledReason"] != nil
                ? "disabled"
                : (webhook["failures"] as? NSNumber)?.intValue ?? 0 > 0
                    ? "retrying at \(formatTime((webhook["retryAt"] as? NSNumber)?.doubleValue))" : "ok"
            table.add(
                webhook["name"] as? String ?? "-", number(webhook["seq"]), number(webhook["lag"]), number(webhook["delivered"]),
                number(webhook["failures"]), number(webhook["lastStatus"]), formatTime((webhook["lastSuccessAt"] as? NSNumber)?.doubleValue),
                state, webhook["url"] as? String ?? "-")
        }
        print("")
        print(table.render())
        for webhook in webhooks {
            if let reason = webhook["disabledReason"] as? String { print("\nwebhook \(webhook["name"] as? String ?? "") is disabled: \(reason)") }
            if let error = webhook["lastError"] as? String { print("\nwebhook \(webhook["name"] as? String ?? "") last failed: \(error)") }
        }
    }
}

/// A Codable value as a JSON object, to add keys before printing.
enum JSONObject {
    static func encode(_ value: some Encodable) throws -> [String: Any] {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        return (try JSONSerialization.jsonObject(with: try encoder.encode(value)) as? [String: Any]) ?? [:]
    }
}
