import Synchronization

/// Counters the daemon keeps for `/metrics` and `STATUS=`.
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

    public init(node: String = "") {
        self.node = node
    }

    public func snapshot() -> Snapshot { state.withLock { $0 } }

    public func recordScan(seconds: Double, failed: Bool) {
        state.withLock {
            $0.scans += 1
            $0.scanSeconds += seconds
            if failed { $0.scanFailures += 1 }
        }
    }

    public func recordFetch(result: String, seconds: Double) {
        state.withLock {
            $0.fetches += 1
            $0.fetchesByResult[result, default: 0] += 1
            $0.fetchSeconds += seconds
            for index in $0.fetchBuckets.indices where seconds <= $0.fetchBuckets[index].bound { $0.fetchBuckets[index].count += 1 }
        }
    }

    public func markReady(at time: Double) {
        state.withLock { if $0.readyAt == nil { $0.readyAt = time } }
    }
}
