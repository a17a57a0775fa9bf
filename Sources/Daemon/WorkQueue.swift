/// Folder scans waiting for the single writer, coalesced: a source already waiting is not
/// queued twice, so a flood of events costs one scan and memory stays bounded by the number
/// of sources, however fast events arrive.
actor WorkQueue {
    private var order: [String] = []
    private var waiting: Set<String> = []
    private var consumer: CheckedContinuation<String?, Never>?
    private var closed = false

    var depth: Int { order.count }

    /// Queues a scan of `source` unless one is already waiting.
    func submit(_ source: String) {
        guard !closed, !waiting.contains(source) else { return }
        if let consumer {
            self.consumer = nil
            consumer.resume(returning: source)
        } else {
            waiting.insert(source)
            order.append(source)
        }
    }

    /// The next source to scan, or `nil` once the queue is closed and drained.
    func next() async -> String? {
        if !order.isEmpty {
            let source = order.removeFirst()
            waiting.remove(source)
            return source
        }
        if closed { return nil }
        return await withCheckedContinuation { consumer = $0 }
    }

    /// Stops taking work; the consumer gets `nil` once it has what is already queued... or
    /// at once: shutdown does not start new scans.
    func close() {
        closed = true
        order.removeAll()
        waiting.removeAll()
        consumer?.resume(returning: nil)
        consumer = nil
    }
}
