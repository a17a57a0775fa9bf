import Fingerprint

/// Shingles of recently merged documents, so that verifying a candidate rarely has to
/// decompress and re-normalize its stored text. Bounded; evicts the oldest insertion.
struct ShingleCache {
    let capacity: Int
    private var sets: [Int64: ShingleProfile] = [:]
    private var order: [Int64] = []
    private var next = 0

    init(capacity: Int) {
        self.capacity = capacity
        order.reserveCapacity(capacity)
    }

    subscript(doc: Int64) -> ShingleProfile? { sets[doc] }

    mutating func insert(_ doc: Int64, _ shingles: ShingleProfile) {
        if sets.updateValue(shingles, forKey: doc) != nil { return }
        if order.count < capacity {
            order.append(doc)
        } else {
            sets[order[next]] = nil
            order[next] = doc
            next = (next + 1) % capacity
        }
    }

    mutating func remove(_ doc: Int64) {
        sets[doc] = nil  // its slot in `order` is reused later; evicting a missing id is harmless
    }

    mutating func removeAll() {
        sets.removeAll()
        order.removeAll(keepingCapacity: true)
        next = 0
    }
}
