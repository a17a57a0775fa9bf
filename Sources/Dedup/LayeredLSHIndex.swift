import Fingerprint

/// An LSH index in two layers: a memory-mapped `LSHSnapshot` (the base, read-only, written
/// now and then) and an in-memory `LSHIndex` of the documents added or replaced since (the
/// delta). Base documents removed or replaced since the snapshot are masked by id. Answers are
/// the same as one `LSHIndex` holding every live document would give.
public struct LayeredLSHIndex: Sendable {
    public let banding: LSHBanding
    /// The persisted layer, `nil` before the first snapshot.
    public private(set) var base: LSHSnapshot?
    /// Documents added or replaced since the snapshot.
    public private(set) var delta: LSHIndex
    /// Base documents removed or replaced since the snapshot.
    public private(set) var masked: Set<Int64> = []
    private let width: Int

    public init(banding: LSHBanding, base: LSHSnapshot? = nil) {
        precondition(base.map { $0.banding == banding } ?? true, "snapshot of another banding")
        self.banding = banding
        self.base = base
        delta = LSHIndex(banding: banding)
        width = banding.bands * banding.rows
    }

    /// Documents indexed.
    public var count: Int { (base?.count ?? 0) - masked.count + delta.count }

    /// Documents not in the snapshot: what writing a new one would take in.
    public var changedSinceSnapshot: Int { delta.count + masked.count }

    /// Replaces the base by a snapshot holding everything this index holds (just written from it),
    /// emptying the delta and the mask.
    public mutating func adopt(_ snapshot: LSHSnapshot) {
        precondition(snapshot.banding == banding, "snapshot of another banding")
        base = snapshot
        delta = LSHIndex(banding: banding)
        masked = []
    }

    /// This index moved onto `snapshot`, written from a copy of it taken earlier: the documents in
    /// `changed` (every one inserted or removed since that copy) are applied again on top, with
    /// their current signatures.
    public func rebased(onto snapshot: LSHSnapshot, changed: Set<Int64>) -> LayeredLSHIndex {
        var next = LayeredLSHIndex(banding: banding, base: snapshot)
        for id in changed {
            if let signature = delta.signature(of: id) {
                next.insert(id, signature: signature, candidatesAbove: nil)
            } else {
                next.remove(id)
            }
        }
        return next
    }

    /// Writes a snapshot of everything indexed to `path` and adopts it.
    /// - Throws: `LSHSnapshot.Unusable` when it cannot be written or mapped; the index is unchanged then.
    public mutating func persist(to path: String, stamp: LSHSnapshot.Stamp) throws(LSHSnapshot.Unusable) {
        try LSHSnapshot.write(to: path, base: base, masked: masked, delta: delta, stamp: stamp)
        adopt(try LSHSnapshot(path: path, banding: banding, parameters: stamp.parameters))
    }

    @discardableResult
    public mutating func insert(_ id: Int64, signature: [UInt32], candidatesAbove minimumEstimate: Double?) -> [(id: Int64, estimate: Double)] {
        var found = minimumEstimate.map { baseCandidates(for: signature, minimumEstimate: $0, excluding: id) } ?? []
        mask(id)
        let fresh = delta.insert(id, signature: signature, candidatesAbove: minimumEstimate)
        guard !found.isEmpty else { return fresh }
        found += fresh
        found.sort { $0.id < $1.id }
        return found
    }

    public func candidates(for signature: [UInt32], minimumEstimate: Double = 0, excluding: Int64? = nil) -> [(id: Int64, estimate: Double)] {
        let found = baseCandidates(for: signature, minimumEstimate: minimumEstimate, excluding: excluding)
        let fresh = delta.candidates(for: signature, minimumEstimate: minimumEstimate, excluding: excluding)
        if found.isEmpty { return fresh }
        if fresh.isEmpty { return found }
        return (found + fresh).sorted { $0.id < $1.id }
    }

    public mutating func remove(_ id: Int64) {
        mask(id)
        delta.remove(id)
    }

    private mutating func mask(_ id: Int64) {
        if let base, !masked.contains(id), base.contains(id) { masked.insert(id) }
    }

    /// The base's documents sharing a band with `signature`, screened like `LSHIndex` screens.
    private func baseCandidates(for signature: [UInt32], minimumEstimate: Double, excluding: Int64?) -> [(id: Int64, estimate: Double)] {
        guard let base, base.count > 0 else { return [] }
        precondition(signature.count >= width, "signature shorter than bands × rows")
        var slots: [Int32] = []
        withUnsafeTemporaryAllocation(of: UInt64.self, capacity: banding.bands) { keys in
            banding.fillKeys(of: signature, into: keys)
            for key in keys { base.collect(key: key, into: &slots) }
        }
        guard !slots.isEmpty else { return [] }
        slots.sort()
        var result: [(id: Int64, estimate: Double)] = []
        var previous: Int32 = -1
        signature.withUnsafeBufferPointer { mine in
            for slot in slots where slot != previous {
                previous = slot
                let id = base.ids[Int(slot)]
                guard id != excluding, !masked.contains(id) else { continue }
                let other = base.signatures + Int(slot) * width
                var equal = 0
                for i in 0..<width where mine[i] == other[i] { equal += 1 }
                let estimate = Double(equal) / Double(width)
                if estimate >= minimumEstimate { result.append((id, estimate)) }
            }
        }
        return result
    }
}

extension LayeredLSHIndex: DedupIndex {
    /// Drops the snapshot too: the result holds exactly the given signatures, in memory.
    public mutating func rebuild(from signatures: [(id: Int64, signature: [UInt32])]) {
        base = nil
        masked = []
        delta.rebuild(from: signatures)
    }
}
