import Foundation
import Storage
import SyncModel

/// `/metrics` in the Prometheus text format.
enum Metrics {
    static func prometheus(_ daemon: any DaemonControl, status: StoreStatus?) -> String {
        var lines: [String] = []
        func gauge(_ name: String, _ help: String, _ value: Double, type: String = "gauge", labels: String = "") {
            if !lines.contains(where: { $0.hasPrefix("# HELP \(name) ") }) {
                lines.append("# HELP \(name) \(help)")
                lines.append("# TYPE \(name) \(type)")
            }
            lines.append("\(name)\(labels) \(value == value.rounded() && abs(value) < 1e15 ? String(Int64(value)) : String(value))")
        }
        if let status {
            gauge("syncd_documents", "Live documents.", Double(status.documents))
            gauge("syncd_documents_deleted", "Tombstoned documents.", Double(status.deleted))
            gauge("syncd_versions", "Stored versions.", Double(status.versions))
            gauge("syncd_clusters", "Near-duplicate clusters with two or more live members.", Double(status.clusters))
            gauge("syncd_change_log_head", "The newest change-log seq.", Double(status.changeHead))
            gauge("syncd_store_bytes", "Size of the store files.", Double(status.storeBytes))
            for consumer in status.consumers {
                gauge(
                    "syncd_consumer_lag", "Changes a named consumer has not acknowledged.", Double(consumer.lag),
                    labels: "{consumer=\"\(consumer.name)\"}")
            }
        }
        let metrics = daemon.metrics.snapshot()
        for result in FetchOutcome.allCases.map(\.rawValue) {
            gauge(
                "syncd_fetches_total", "Feed fetches by result.", Double(metrics.fetchesByResult[result] ?? 0), type: "counter",
                labels: "{result=\"\(result)\"}")
        }
        lines.append("# HELP syncd_fetch_seconds Feed poll latency.")
        lines.append("# TYPE syncd_fetch_seconds histogram")
        for bucket in metrics.fetchBuckets { lines.append("syncd_fetch_seconds_bucket{le=\"\(bucket.bound)\"} \(bucket.count)") }
        lines.append("syncd_fetch_seconds_bucket{le=\"+Inf\"} \(metrics.fetches)")
        lines.append("syncd_fetch_seconds_sum \(metrics.fetchSeconds)")
        lines.append("syncd_fetch_seconds_count \(metrics.fetches)")
        gauge("syncd_scans_total", "Folder scans.", Double(metrics.scans), type: "counter")
        gauge("syncd_scan_failures_total", "Folder scans that failed as a whole.", Double(metrics.scanFailures), type: "counter")
        gauge("syncd_queue_depth", "Folder scans waiting for the writer.", Double(daemon.queueDepth))
        let failing = daemon.failingSources
        gauge("syncd_sources_failing", "Sources whose last scan failed as a whole; retried with backoff.", Double(failing.count))
        for failure in failing {
            gauge(
                "syncd_source_failures", "Consecutive failed scans of a source.", Double(failure.failures), labels: "{source=\"\(failure.source)\"}")
        }
        // One family at a time: the text format wants each family's samples together.
        let webhooks = daemon.webhooks
        for (name, help, type, value) in [
            ("syncd_webhook_lag", "Changes in the log a webhook has not delivered yet.", "gauge", { Double($0.lag) }),
            ("syncd_webhook_delivered_total", "Changes a webhook delivered since the daemon started.", "counter", { Double($0.delivered) }),
            ("syncd_webhook_failures", "Failed POSTs of a webhook in a row; retried with backoff.", "gauge", { Double($0.failures) }),
            ("syncd_webhook_disabled", "1 once a webhook's receiver answered 410.", "gauge", { $0.disabledReason == nil ? 0 : 1 }),
        ] as [(String, String, String, (WebhookStatus) -> Double)] {
            for webhook in webhooks { gauge(name, help, value(webhook), type: type, labels: "{webhook=\"\(webhook.name)\"}") }
        }
        gauge("syncd_ready", "1 once the daemon is ready.", daemon.isReady ? 1 : 0)
        return lines.joined(separator: "\n") + "\n"
    }
}
