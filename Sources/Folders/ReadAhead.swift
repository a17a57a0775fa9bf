import Dispatch
import Foundation

/// Reads batches in order on a background thread, each batch spread over all cores, staying
/// at most `depth` batches ahead of the consumer. The single writer takes them in order with
/// `next(_:)`; the readers never wait for it unless they are that far ahead, so both cores
/// stay busy while the writer merges.
final class ReadAhead<Outcome>: @unchecked Sendable {
    private let batches: [PendingRead<Outcome>]
    private let window: DispatchSemaphore
    private let finished = DispatchSemaphore(value: 0)
    private let lock = NSLock()
    private var stopped = false

    /// Starts reading at once.
    /// - Parameters:
    ///   - sizes: the number of items in each batch.
    ///   - depth: how many batches may be read and not yet taken.
    ///   - read: produces the outcome of item `item` of batch `batch`; called concurrently.
    init(sizes: [Int], depth: Int, read: @escaping @Sendable (_ batch: Int, _ item: Int) -> Outcome) {
        batches = sizes.map { PendingRead(count: $0) }
        // Start at 0 and signal up to `depth`: libdispatch traps when a semaphore is released
        // with a count below its initial value, which a stop mid-read would leave.
        window = DispatchSemaphore(value: 0)
        for _ in 0..<max(depth, 1) { window.signal() }
        let batches = self.batches
        DispatchQueue.global().async { [self] in
            for (index, pending) in batches.enumerated() {
                window.wait()
                if isStopped { break }
                DispatchQueue.concurrentPerform(iterations: pending.slots.count) { item in
                    pending.slots.set(item, read(index, item))
                }
                pending.done.signal()
            }
            finished.signal()
        }
    }

    private var isStopped: Bool {
        lock.lock()
        defer { lock.unlock() }
        return stopped
    }

    /// The outcomes of batch `index`, in item order; waits until it is read. The batch's
    /// storage is emptied, so memory stays bounded by the read-ahead depth.
    func next(_ index: Int) -> [Outcome] {
        let outcomes = batches[index].take()
        window.signal()
        return outcomes
    }

    /// Stops reading after the batch in progress and waits for the reader to finish.
    func stop() {
        lock.lock()
        stopped = true
        lock.unlock()
        window.signal()
        finished.wait()
    }
}

/// A batch being read in the background; `wait()` returns its outcomes in input order.
final class PendingRead<Outcome>: @unchecked Sendable {
    let slots: ResultSlots<Outcome>
    let done = DispatchSemaphore(value: 0)

    init(count: Int) { slots = ResultSlots(count: count) }

    /// Waits until the batch is read, then moves its outcomes out.
    func take() -> [Outcome] {
        done.wait()
        return slots.takeAll()
    }
}

/// Fixed slots filled concurrently, one writer per slot, read after all writers finished.
/// The storage is a raw allocation, so concurrent writers to different slots never touch a
/// shared Swift array.
final class ResultSlots<Value>: @unchecked Sendable {
    private let storage: UnsafeMutablePointer<Value?>
    let count: Int

    init(count: Int) {
        self.count = count
        storage = .allocate(capacity: max(count, 1))
        storage.initialize(repeating: nil, count: count)
    }

    deinit {
        storage.deinitialize(count: count)
        storage.deallocate()
    }

    func set(_ index: Int, _ value: Value) {
        precondition(index >= 0 && index < count, "slot out of range")
        storage[index] = value
    }

    /// Moves every value out, leaving the slots empty.
    func takeAll() -> [Value] {
        (0..<count).map { index in
            defer { storage[index] = nil }
            return storage[index]!
        }
    }
}
