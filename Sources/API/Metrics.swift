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
        gauge("syncd_ready", "1 once the daemon is ready.", daemon.isReady ? 1 : 0)
        if !daemon.metrics.node.isEmpty {
            // Nodes sharing one store tell their series apart by this (join on it, or relabel).
            gauge("syncd_node_info", "This node's name ([daemon] node).", 1, labels: "{node=\"\(daemon.metrics.node)\"}")
        }
        return lines.joined(separator: "\n") + "\n"
    }
}
