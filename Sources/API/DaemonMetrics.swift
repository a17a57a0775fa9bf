import Prometheus
import Synchronization

/// Counters the daemon keeps for `/metrics` and `STATUS=`: a snapshot for the status line, and
/// the same events in swift-prometheus instruments (its histograms, its label escaping).
public final class DaemonMetrics: Sendable {
    public struct Snapshot: Sendable {
        public var scans = 0
        public var scanFailures = 0
        public var scanSeconds = 0.0
        public var fetches = 0
        /// Fetches by result: new, unchanged, not-modified, failed, gone, deferred.
        public var fetchesByResult: [String: Int] = [:]
        public var fetchSeconds = 0.0
        /// Fetch latency histogram: upper bounds (seconds) → cumulative counts.
        public var fetchBuckets: [(bound: Double, count: Int)] = DaemonMetrics.bounds.map { ($0, 0) }
        public var readyAt: Double?
    }

    static let bounds: [Double] = [0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60]
    private let state = Mutex(Snapshot())
    /// This node's name (`[daemon] node`), labelling `syncd_node_info`.
    public let node: String

    /// `/metrics` is this registry's exposition; scrape-time gauges are set on it too.
    let registry = PrometheusCollectorRegistry()
    private let fetchSeconds: ValueHistogram
    private let scanSeconds: ValueHistogram
    private let scans: Counter
    private let scanFailures: Counter

    public init(node: String = "") {
        self.node = node
        fetchSeconds = registry.makeValueHistogram(name: "syncd_fetch_seconds", buckets: Self.bounds, help: "Feed poll latency.")
        scanSeconds = registry.makeValueHistogram(
            name: "syncd_scan_seconds", buckets: [0.01, 0.05, 0.1, 0.5, 1, 5, 10, 60, 300, 1800],
            help: "Folder scan duration (a walk or named files).")
        scans = registry.makeCounter(name: "syncd_scans_total", help: "Folder scans.")
        scanFailures = registry.makeCounter(name: "syncd_scan_failures_total", help: "Folder scans that failed as a whole.")
        for result in ["new", "unchanged", "not-modified", "failed", "gone", "deferred"] {
            _ = registry.makeCounter(name: "syncd_fetches_total", labels: [("result", result)], help: "Feed fetches by result.")
        }
    }

    public func snapshot() -> Snapshot { state.withLock { $0 } }

    /// - Parameters:
    ///   - source: the folder source scanned.
    ///   - filesFailed: files the scan could not read or extract (each reported with its reason).
    public func recordScan(source: String, seconds: Double, failed: Bool, filesFailed: Int = 0) {
        state.withLock {
            $0.scans += 1
            $0.scanSeconds += seconds
            if failed { $0.scanFailures += 1 }
        }
        scans.increment()
        if failed { scanFailures.increment() }
        scanSeconds.record(seconds)
        let extraction = registry.makeCounter(
            name: "syncd_extraction_failures_total", labels: [("source", source)], help: "Files a folder scan could not read or extract.")
        if filesFailed > 0 { extraction.increment(by: Int64(filesFailed)) }
    }

    public func recordFetch(result: String, seconds: Double) {
        state.withLock {
            $0.fetches += 1
            $0.fetchesByResult[result, default: 0] += 1
            $0.fetchSeconds += seconds
            for index in $0.fetchBuckets.indices where seconds <= $0.fetchBuckets[index].bound { $0.fetchBuckets[index].count += 1 }
        }
        fetchSeconds.record(seconds)
        registry.makeCounter(name: "syncd_fetches_total", labels: [("result", result)], help: "Feed fetches by result.").increment()
    }

    public func markReady(at time: Double) {
        state.withLock { if $0.readyAt == nil { $0.readyAt = time } }
    }
}
