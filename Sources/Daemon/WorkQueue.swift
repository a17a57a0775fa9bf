import Folders

/// Folder scans waiting for the single writer, coalesced: a source already waiting is not
/// queued twice (its changes are merged), so a flood of events costs one scan and memory stays
/// bounded by the number of sources and `FolderChange.maximumFiles`, however fast events arrive.
actor WorkQueue {
    private var order: [String] = []
    private var waiting: [String: FolderChange] = [:]
    private var consumer: CheckedContinuation<(String, FolderChange)?, Never>?
    private var closed = false

    var depth: Int { order.count }

    /// Queues `change` of `source`, merged with one already waiting.
    func submit(_ source: String, _ change: FolderChange = .full) {
        guard !closed else { return }
        if let pending = waiting[source] {
            waiting[source] = pending.merged(with: change)
        } else if let consumer {
            self.consumer = nil
            consumer.resume(returning: (source, change))
        } else {
            waiting[source] = change
            order.append(source)
        }
    }

    /// The next source to scan and what changed in it, or `nil` once the queue is closed.
    func next() async -> (String, FolderChange)? {
        if !order.isEmpty {
            let source = order.removeFirst()
            return (source, waiting.removeValue(forKey: source) ?? .full)
        }
        if closed { return nil }
        return await withCheckedContinuation { consumer = $0 }
    }

    /// Stops taking work; the consumer gets `nil` at once: shutdown does not start new scans.
    func close() {
        closed = true
        order.removeAll()
        waiting.removeAll()
        consumer?.resume(returning: nil)
        consumer = nil
    }
}
