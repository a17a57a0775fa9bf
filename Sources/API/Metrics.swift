import Foundation
import Prometheus
import Storage
import SyncModel

/// `/metrics`: swift-prometheus's exposition of the daemon's registry. Live events (fetches,
/// scans, extraction failures) are counted as they happen (`DaemonMetrics`); what the store and
/// the daemon know (documents, lag, freshness, webhooks) is set on the same registry at scrape
/// time from the status counters, which cost the same whatever the store holds.
enum Metrics {
    static func prometheus(_ daemon: any DaemonControl, status: StoreStatus?) -> String {
        let registry = daemon.metrics.registry
        func gauge(_ name: String, _ help: String, _ value: Double, labels: [(String, String)] = []) {
            registry.makeGauge(name: name, labels: labels, help: help).set(value)
        }
        gauge("syncd_build_info", "The running syncd's version (always 1).", 1, labels: [("version", SyncdVersion.current)])
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
                    labels: [("consumer", consumer.name)])
            }
            let now = daemon.clock.now()
            for source in status.sources {
                // Freshness: how long since the source last synced without a failure; sources that
                // never did are left out (alert on `absent()` or on the failure gauges).
                if let success = source.lastSuccessAt {
                    gauge(
                        "syncd_source_freshness_seconds", "Seconds since the source's last successful scan or fetch.", max(0, now - success),
                        labels: [("source", source.name), ("type", source.type)])
                }
                gauge(
                    "syncd_source_consecutive_failures", "Failed scans or fetches of a source in a row.", Double(source.consecutiveFailures),
                    labels: [("source", source.name)])
            }
        }
        gauge("syncd_queue_depth", "Folder scans waiting for the writer.", Double(daemon.queueDepth))
        let failing = daemon.failingSources
        gauge("syncd_sources_failing", "Sources whose last scan failed as a whole; retried with backoff.", Double(failing.count))
        for failure in failing {
            gauge("syncd_source_failures", "Consecutive failed scans of a source.", Double(failure.failures), labels: [("source", failure.source)])
        }
        for webhook in daemon.webhooks {
            let labels = [("webhook", webhook.name)]
            gauge("syncd_webhook_lag", "Changes in the log a webhook has not delivered yet.", Double(webhook.lag), labels: labels)
            gauge("syncd_webhook_failures", "Failed POSTs of a webhook in a row; retried with backoff.", Double(webhook.failures), labels: labels)
            gauge("syncd_webhook_disabled", "1 once a webhook's receiver answered 410.", webhook.disabledReason == nil ? 0 : 1, labels: labels)
            gauge("syncd_webhook_delivered", "Changes a webhook delivered since the daemon started.", Double(webhook.delivered), labels: labels)
        }
        gauge("syncd_ready", "1 once the daemon is ready.", daemon.isReady ? 1 : 0)
        if !daemon.metrics.node.isEmpty {
            // Nodes sharing one store tell their series apart by this (join on it, or relabel).
            gauge("syncd_node_info", "This node's name ([daemon] node).", 1, labels: [("node", daemon.metrics.node)])
        }
        return registry.emitToString()
    }
}
