import Fingerprint

/// Shingle profiles of recently seen texts by content hash, so that verifying a candidate
/// rarely has to decompress and re-normalize its stored text. Keyed by content hash rather than
/// document id (as the SQLite store's `ShingleCache` is): another node may change a document at
/// any time, but a content hash always names the same normalized text. Bounded; evicts the
/// oldest insertion.
struct ProfileCache {
    let capacity: Int
    private var profiles: [[UInt8]: ShingleProfile] = [:]
    private var order: [[UInt8]] = []
    private var next = 0

    init(capacity: Int) {
        self.capacity = capacity
    }

    subscript(hash: [UInt8]) -> ShingleProfile? { profiles[hash] }

    mutating func insert(_ hash: [UInt8], _ profile: ShingleProfile) {
        if profiles.updateValue(profile, forKey: hash) != nil { return }
        if order.count < capacity {
            order.append(hash)
        } else {
            profiles[order[next]] = nil
            order[next] = hash
            next = (next + 1) % capacity
        }
    }
}
