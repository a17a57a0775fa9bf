/// An in-memory LSH index of MinHash signatures keyed by document id.
///
/// Band keys live in one chained hash table over flat arrays (no per-bucket allocation, no
/// SipHash: band keys are already well-mixed 64-bit hashes). The index also holds every
/// signature, so candidates are screened by their estimated similarity before the caller
/// verifies them exactly. The store rebuilds it from persisted signatures at start-up, so no
/// document is re-read after a restart.
public struct LSHIndex: Sendable {
    public let banding: LSHBanding
    private var heads: [Int32]
    private var entryKey: [UInt64] = []
    private var entryDoc: [Int64] = []
    private var entryNext: [Int32] = []
    private var freeEntry: Int32 = -1
    private var liveEntries = 0
    private var signatures: [Int64: [UInt32]] = [:]

    public init(banding: LSHBanding) {
        self.banding = banding
        heads = Array(repeating: -1, count: 1024)
    }

    public var count: Int { signatures.count }

    public func contains(_ id: Int64) -> Bool { signatures[id] != nil }

    public func signature(of id: Int64) -> [UInt32]? { signatures[id] }

    /// Adds (or replaces) a document's signature.
    public mutating func insert(_ id: Int64, signature: [UInt32]) {
        if signatures[id] != nil { remove(id) }
        signatures[id] = signature
        if (liveEntries + banding.bands) * 2 > heads.count { grow() }
        withUnsafeTemporaryAllocation(of: UInt64.self, capacity: banding.bands) { keys in
            banding.fillKeys(of: signature, into: keys)
            for key in keys { link(key: key, doc: id) }
        }
    }

    /// Removes a document; unknown ids are ignored.
    public mutating func remove(_ id: Int64) {
        guard let signature = signatures.removeValue(forKey: id) else { return }
        withUnsafeTemporaryAllocation(of: UInt64.self, capacity: banding.bands) { keys in
            banding.fillKeys(of: signature, into: keys)
            for key in keys { unlink(key: key, doc: id) }
        }
    }

    /// Documents sharing at least one band with `signature`, each with its estimated Jaccard
    /// similarity, keeping those estimated at `minimumEstimate` or more; sorted by id.
    public func candidates(for signature: [UInt32], minimumEstimate: Double = 0, excluding: Int64? = nil) -> [(id: Int64, estimate: Double)] {
        var found: [Int64] = []
        withUnsafeTemporaryAllocation(of: UInt64.self, capacity: banding.bands) { keys in
            banding.fillKeys(of: signature, into: keys)
            for key in keys {
                var entry = heads[bucket(key)]
                while entry >= 0 {
                    let e = Int(entry)
                    if entryKey[e] == key && entryDoc[e] != excluding { found.append(entryDoc[e]) }
                    entry = entryNext[e]
                }
            }
        }
        guard !found.isEmpty else { return [] }
        found.sort()
        var result: [(id: Int64, estimate: Double)] = []
        var previous: Int64?
        for id in found where id != previous {
            previous = id
            guard let other = signatures[id] else { continue }
            let estimate = MinHasher.estimatedJaccard(signature, other)
            if estimate >= minimumEstimate { result.append((id, estimate)) }
        }
        return result
    }

    @inline(__always)
    private func bucket(_ key: UInt64) -> Int { Int(truncatingIfNeeded: key >> 7) & (heads.count - 1) }

    private mutating func link(key: UInt64, doc: Int64) {
        let entry: Int32
        if freeEntry >= 0 {
            entry = freeEntry
            freeEntry = entryNext[Int(entry)]
            entryKey[Int(entry)] = key
            entryDoc[Int(entry)] = doc
        } else {
            entry = Int32(entryKey.count)
            entryKey.append(key)
            entryDoc.append(doc)
            entryNext.append(-1)
        }
        let b = bucket(key)
        entryNext[Int(entry)] = heads[b]
        heads[b] = entry
        liveEntries += 1
    }

    private mutating func unlink(key: UInt64, doc: Int64) {
        let b = bucket(key)
        var previous: Int32 = -1
        var entry = heads[b]
        while entry >= 0 {
            let e = Int(entry)
            if entryKey[e] == key && entryDoc[e] == doc {
                if previous >= 0 { entryNext[Int(previous)] = entryNext[e] } else { heads[b] = entryNext[e] }
                entryNext[e] = freeEntry
                entryDoc[e] = -1
                freeEntry = entry
                liveEntries -= 1
                return
            }
            previous = entry
            entry = entryNext[e]
        }
    }

    /// Doubles the bucket array and re-chains every live entry.
    private mutating func grow() {
        var capacity = heads.count
        while (liveEntries + banding.bands) * 2 > capacity { capacity *= 2 }
        heads = Array(repeating: -1, count: capacity)
        // Entries on the free list have doc -1; every other entry is live and gets re-linked.
        for e in entryKey.indices where entryDoc[e] != -1 {
            let b = bucket(entryKey[e])
            entryNext[e] = heads[b]
            heads[b] = Int32(e)
        }
        // Rebuild the free list from the dead entries.
        freeEntry = -1
        for e in entryKey.indices where entryDoc[e] == -1 {
            entryNext[e] = freeEntry
            freeEntry = Int32(e)
        }
    }
}
