/// An in-memory LSH index of MinHash signatures keyed by document id.
///
/// Signatures live in one flat array of slots; band keys in one chained hash table whose
/// 16-byte entries (key, slot, next) sit in a flat array: no per-bucket allocation, no SipHash
/// (band keys are already well-mixed), few cache misses. Candidates are screened by their
/// estimated similarity before the caller verifies them exactly. The store rebuilds the index
/// from persisted signatures at start-up, so no document is re-read after a restart.
public struct LSHIndex: Sendable {
    public let banding: LSHBanding
    private struct Entry {
        var key: UInt64
        var slot: Int32
        var next: Int32
    }
    private var heads: [Int32]
    private var entries: [Entry] = []
    private var freeEntry: Int32 = -1
    private var liveEntries = 0
    private let width: Int
    private var slotDocs: [Int64] = []
    private var slotSignatures: [UInt32] = []
    private var freeSlots: [Int32] = []
    private var slotOf: [Int64: Int32] = [:]

    /// How far below the threshold a candidate's estimated similarity may be and still be
    /// verified exactly: about four standard errors of a 128-permutation estimate near 0.45.
    public static let screeningMargin = 0.16

    public init(banding: LSHBanding) {
        self.banding = banding
        width = banding.bands * banding.rows
        heads = Array(repeating: -1, count: 1024)
    }

    public var count: Int { slotOf.count }

    /// Adds (or replaces) a document's signature.
    public mutating func insert(_ id: Int64, signature: [UInt32]) {
        _ = insert(id, signature: signature, candidatesAbove: nil)
    }

    /// Adds (or replaces) a document's signature and returns what `candidates(for:)` would
    /// have returned for it just before, walking each band's chain once instead of twice.
    /// - Parameter minimumEstimate: `nil` to skip collecting candidates.
    @discardableResult
    public mutating func insert(_ id: Int64, signature: [UInt32], candidatesAbove minimumEstimate: Double?) -> [(id: Int64, estimate: Double)] {
        precondition(signature.count >= width, "signature shorter than bands × rows")
        if slotOf[id] != nil { remove(id) }
        let slot: Int32
        if let free = freeSlots.popLast() {
            slot = free
            slotDocs[Int(slot)] = id
            let start = Int(slot) * width
            slotSignatures.replaceSubrange(start..<(start + width), with: signature.prefix(width))
        } else {
            slot = Int32(slotDocs.count)
            slotDocs.append(id)
            slotSignatures.append(contentsOf: signature.prefix(width))
        }
        slotOf[id] = slot
        if (liveEntries + banding.bands) * 2 > heads.count { grow() }
        var found: [Int32] = []
        withUnsafeTemporaryAllocation(of: UInt64.self, capacity: banding.bands) { keys in
            banding.fillKeys(of: signature, into: keys)
            for key in keys {
                if minimumEstimate != nil { collect(key: key, into: &found) }
                link(key: key, slot: slot)
            }
        }
        guard let minimumEstimate else { return [] }
        return screen(found, against: signature, minimumEstimate: minimumEstimate, excluding: id)
    }

    /// Removes a document; unknown ids are ignored.
    public mutating func remove(_ id: Int64) {
        guard let slot = slotOf.removeValue(forKey: id) else { return }
        let start = Int(slot) * width
        let signature = Array(slotSignatures[start..<(start + width)])
        withUnsafeTemporaryAllocation(of: UInt64.self, capacity: banding.bands) { keys in
            banding.fillKeys(of: signature, into: keys)
            for key in keys { unlink(key: key, slot: slot) }
        }
        slotDocs[Int(slot)] = -1
        freeSlots.append(slot)
    }

    /// Documents sharing at least one band with `signature`, each with its estimated Jaccard
    /// similarity, keeping those estimated at `minimumEstimate` or more; sorted by id.
    public func candidates(for signature: [UInt32], minimumEstimate: Double = 0, excluding: Int64? = nil) -> [(id: Int64, estimate: Double)] {
        var found: [Int32] = []
        withUnsafeTemporaryAllocation(of: UInt64.self, capacity: banding.bands) { keys in
            banding.fillKeys(of: signature, into: keys)
            for key in keys { collect(key: key, into: &found) }
        }
        return screen(found, against: signature, minimumEstimate: minimumEstimate, excluding: excluding)
    }

    /// A document's signature (`bands × rows` values), `nil` for one not indexed.
    public func signature(of id: Int64) -> [UInt32]? {
        guard let slot = slotOf[id] else { return nil }
        let start = Int(slot) * width
        return Array(slotSignatures[start..<(start + width)])
    }

    /// Every document with its signature (`bands × rows` values each, concatenated), in id order:
    /// what a snapshot is written from.
    public func sortedDocuments() -> (ids: [Int64], signatures: [UInt32]) {
        let live = slotOf.sorted { $0.key < $1.key }
        var signatures: [UInt32] = []
        signatures.reserveCapacity(live.count * width)
        for (_, slot) in live {
            let start = Int(slot) * width
            signatures.append(contentsOf: slotSignatures[start..<(start + width)])
        }
        return (live.map(\.key), signatures)
    }

    /// Appends the slots in `key`'s chain that carry exactly `key`.
    @inline(__always)
    private func collect(key: UInt64, into found: inout [Int32]) {
        entries.withUnsafeBufferPointer { entries in
            var entry = heads[bucket(key)]
            while entry >= 0 {
                let e = entries[Int(entry)]
                if e.key == key { found.append(e.slot) }
                entry = e.next
            }
        }
    }

    /// De-duplicates candidate slots and keeps those whose estimate reaches `minimumEstimate`.
    private func screen(_ slots: [Int32], against signature: [UInt32], minimumEstimate: Double, excluding: Int64?) -> [(id: Int64, estimate: Double)]
    {
        guard !slots.isEmpty else { return [] }
        var found = slots
        found.sort()
        var result: [(id: Int64, estimate: Double)] = []
        var previous: Int32 = -1
        slotSignatures.withUnsafeBufferPointer { all in
            signature.withUnsafeBufferPointer { mine in
                for slot in found where slot != previous {
                    previous = slot
                    let id = slotDocs[Int(slot)]
                    guard id != excluding else { continue }
                    let other = UnsafeBufferPointer(rebasing: all[(Int(slot) * width)..<(Int(slot) * width + width)])
                    var equal = 0
                    for i in 0..<width where mine[i] == other[i] { equal += 1 }
                    let estimate = Double(equal) / Double(width)
                    if estimate >= minimumEstimate { result.append((id, estimate)) }
                }
            }
        }
        result.sort { $0.id < $1.id }
        return result
    }

    @inline(__always)
    private func bucket(_ key: UInt64) -> Int { Int(truncatingIfNeeded: key >> 7) & (heads.count - 1) }

    private mutating func link(key: UInt64, slot: Int32) {
        let b = bucket(key)
        let entry: Int32
        if freeEntry >= 0 {
            entry = freeEntry
            freeEntry = entries[Int(entry)].next
            entries[Int(entry)] = Entry(key: key, slot: slot, next: heads[b])
        } else {
            entry = Int32(entries.count)
            entries.append(Entry(key: key, slot: slot, next: heads[b]))
        }
        heads[b] = entry
        liveEntries += 1
    }

    private mutating func unlink(key: UInt64, slot: Int32) {
        let b = bucket(key)
        var previous: Int32 = -1
        var entry = heads[b]
        while entry >= 0 {
            let e = entries[Int(entry)]
            if e.key == key && e.slot == slot {
                if previous >= 0 { entries[Int(previous)].next = e.next } else { heads[b] = e.next }
                entries[Int(entry)] = Entry(key: 0, slot: -1, next: freeEntry)
                freeEntry = entry
                liveEntries -= 1
                return
            }
            previous = entry
            entry = e.next
        }
    }

    /// Grows the bucket array and re-chains every live entry; free entries keep slot -1.
    private mutating func grow() {
        var capacity = heads.count
        while (liveEntries + banding.bands) * 2 > capacity { capacity *= 2 }
        heads = Array(repeating: -1, count: capacity)
        freeEntry = -1
        for e in entries.indices {
            if entries[e].slot < 0 {
                entries[e].next = freeEntry
                freeEntry = Int32(e)
            } else {
                let b = bucket(entries[e].key)
                entries[e].next = heads[b]
                heads[b] = Int32(e)
            }
        }
    }
}
