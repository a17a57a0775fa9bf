import Fingerprint

/// An LSH index in layers: a stack of memory-mapped `LSHSnapshot`s (read-only, the base first,
/// each layer above holding what changed after the one below) and an in-memory `LSHIndex` of the
/// documents added or replaced since the top one (the delta). Layer documents superseded by a
/// layer above are hidden by id (each layer lists the ids it supersedes), those removed or
/// replaced since the top layer are masked. Answers are the same as one `LSHIndex` holding
/// every live document would give.
///
/// Writing the delta out (`writeLayer`) merges it with the layers on top that are not much larger
/// than what is merged (`mergeRatio`), LSM style: a document is rewritten about log₂(N / delta)
/// times over its life rather than once per snapshot, and the stack stays a few layers high.
public struct LayeredLSHIndex: Sendable {
    public let banding: LSHBanding
    /// The persisted layers, the base first; empty before the first snapshot.
    public private(set) var layers: [LSHSnapshot]
    /// For each layer, the ids superseded by the layers above it.
    public private(set) var hidden: [Set<Int64>]
    /// Documents added or replaced since the top layer.
    public private(set) var delta: LSHIndex
    /// Layer documents removed or replaced since the top layer.
    public private(set) var masked: Set<Int64> = []
    /// Live documents in the layers (not hidden), before masking.
    private var layered: Int
    private let width: Int

    /// A layer is merged into the one being written when it holds at most this many times the
    /// documents merged so far: each document is rewritten about log₂(N / delta) times.
    public static let mergeRatio = 2
    /// At most this many layers: beyond, the smallest are merged whatever their sizes.
    public static let maximumLayers = 8

    public init(banding: LSHBanding, base: LSHSnapshot? = nil) {
        self.init(banding: banding, layers: base.map { [$0] } ?? [])
    }

    /// - Parameter layers: a stack as `LSHSnapshot.openLayers` maps it, the base first.
    public init(banding: LSHBanding, layers: [LSHSnapshot]) {
        precondition(layers.allSatisfy { $0.banding == banding }, "snapshot of another banding")
        self.banding = banding
        self.layers = layers
        delta = LSHIndex(banding: banding)
        width = banding.bands * banding.rows
        (hidden, layered) = LayeredLSHIndex.hiddenIDs(layers)
    }

    /// Each layer's superseded ids (the union of what the layers above it list) and how many
    /// layer documents are live.
    private static func hiddenIDs(_ layers: [LSHSnapshot]) -> ([Set<Int64>], Int) {
        var hidden = [Set<Int64>](repeating: [], count: layers.count)
        var above: Set<Int64> = []
        var live = 0
        for level in layers.indices.reversed() {
            hidden[level] = above
            live += layers[level].count - above.reduce(0) { $0 + (layers[level].contains($1) ? 1 : 0) }
            above.formUnion(layers[level].removed)
        }
        return (hidden, live)
    }

    /// The base layer, `nil` before the first snapshot.
    public var base: LSHSnapshot? { layers.first }

    /// The top layer: the change-log head it reflects is the one the index reflects.
    public var top: LSHSnapshot? { layers.last }

    /// Documents indexed.
    public var count: Int { layered - masked.count + delta.count }

    /// Documents not in the layers: what writing the next layer would take in.
    public var changedSinceSnapshot: Int { delta.count + masked.count }

    /// Replaces the layers by a stack holding everything this index holds (just written from it),
    /// emptying the delta and the mask.
    public mutating func adopt(_ layers: [LSHSnapshot]) {
        precondition(layers.allSatisfy { $0.banding == banding }, "snapshot of another banding")
        self = LayeredLSHIndex(banding: banding, layers: layers)
    }

    /// This index moved onto `layers`, written from a copy of it taken earlier: the documents in
    /// `changed` (every one inserted or removed since that copy) are applied again on top, with
    /// their current signatures.
    public func rebased(onto layers: [LSHSnapshot], changed: Set<Int64>) -> LayeredLSHIndex {
        var next = LayeredLSHIndex(banding: banding, layers: layers)
        for id in changed {
            if let signature = delta.signature(of: id) {
                next.insert(id, signature: signature, candidatesAbove: nil)
            } else {
                next.remove(id)
            }
        }
        return next
    }

    /// The level the next layer is written at: the top layers it merges are those from there up.
    /// A layer joins while it holds at most `mergeRatio` times what is merged so far; the stack
    /// never grows past `maximumLayers`.
    public static func mergeLevel(layerCounts: [Int], fresh: Int) -> Int {
        var level = layerCounts.count
        var merged = fresh
        while level > 0 && (layerCounts[level - 1] <= mergeRatio * merged || level >= maximumLayers) {
            level -= 1
            merged += layerCounts[level]
        }
        return level
    }

    /// Writes the next layer of the stack based at `path` (merging the top layers `mergeLevel`
    /// picks with the delta), removes the layer files it replaced, and returns the new stack;
    /// this index is unchanged (`adopt` it, or `rebased` from a copy).
    /// - Throws: `LSHSnapshot.Unusable` when it cannot be written or mapped; the old files stay then.
    public func writeLayer(to path: String, stamp: LSHSnapshot.Stamp) throws(LSHSnapshot.Unusable) -> [LSHSnapshot] {
        // A layer written before the band-key filter (format 1) is merged into the new one, so a
        // store's stack gains the filter at its next snapshot.
        let unfiltered = layers.firstIndex { $0.filter == nil && $0.count > 0 } ?? layers.count
        let level = min(LayeredLSHIndex.mergeLevel(layerCounts: layers.map(\.count), fresh: delta.count), unfiltered)
        let merged = Array(layers[level...])
        // What the new layer supersedes below it: masked ids and what the merged layers listed,
        // as far as a layer below holds them (hidden there or not: what hides them there may be
        // a merged layer, which this one replaces).
        var superseded = masked
        for layer in merged { superseded.formUnion(layer.removed) }
        let below = layers[..<level]
        let removed = superseded.filter { id in below.contains { $0.contains(id) } }.sorted()
        let file = LSHSnapshot.layerPath(path, level: level)
        try LSHSnapshot.write(
            to: file, layers: merged, hidden: Array(hidden[level...]), masked: masked, delta: delta, removed: removed,
            below: level == 0 ? 0 : layers[level - 1].identity, stamp: stamp)
        let written = try LSHSnapshot(path: file, banding: banding, parameters: stamp.parameters)
        LSHSnapshot.removeLayers(path: path, above: level)
        return Array(below) + [written]
    }

    /// Writes the next layer of the stack at `path` and adopts the result.
    /// - Throws: `LSHSnapshot.Unusable` when it cannot be written or mapped; the index is unchanged then.
    public mutating func persist(to path: String, stamp: LSHSnapshot.Stamp) throws(LSHSnapshot.Unusable) {
        adopt(try writeLayer(to: path, stamp: stamp))
    }

    /// How alike document `id`'s indexed signature and `signature` are estimated to be (the share
    /// of equal values), `nil` when `id` is not indexed.
    public func estimate(of id: Int64, against signature: [UInt32]) -> Double? {
        precondition(signature.count >= width, "signature shorter than bands × rows")
        if let other = delta.signature(of: id) {
            var equal = 0
            for i in 0..<width where signature[i] == other[i] { equal += 1 }
            return Double(equal) / Double(width)
        }
        guard !masked.contains(id) else { return nil }
        for level in layers.indices.reversed() where !hidden[level].contains(id) {
            guard let slot = layers[level].slot(of: id) else { continue }
            let other = layers[level].signatures + slot * width
            var equal = 0
            for i in 0..<width where signature[i] == other[i] { equal += 1 }
            return Double(equal) / Double(width)
        }
        return nil
    }

    /// Gives the pages lookups touched in every layer back to the page cache.
    public func releaseResidentPages() {
        for layer in layers { layer.releaseResidentPages() }
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
        guard !masked.contains(id) else { return }
        for level in layers.indices.reversed() where layers[level].contains(id) {
            if !hidden[level].contains(id) { masked.insert(id) }
            return
        }
    }

    /// The layers' live documents sharing a band with `signature`, screened like `LSHIndex` screens.
    private func baseCandidates(for signature: [UInt32], minimumEstimate: Double, excluding: Int64?) -> [(id: Int64, estimate: Double)] {
        guard layered > 0 else { return [] }
        precondition(signature.count >= width, "signature shorter than bands × rows")
        var result: [(id: Int64, estimate: Double)] = []
        withUnsafeTemporaryAllocation(of: UInt64.self, capacity: banding.bands) { keys in
            banding.fillKeys(of: signature, into: keys)
            var slots: [Int32] = []
            for (level, layer) in layers.enumerated() where layer.count > 0 {
                slots.removeAll(keepingCapacity: true)
                for key in keys { layer.collect(key: key, into: &slots) }
                guard !slots.isEmpty else { continue }
                slots.sort()
                var previous: Int32 = -1
                signature.withUnsafeBufferPointer { mine in
                    for slot in slots where slot != previous {
                        previous = slot
                        let id = layer.ids[Int(slot)]
                        guard id != excluding, !masked.contains(id), !hidden[level].contains(id) else { continue }
                        let other = layer.signatures + Int(slot) * width
                        var equal = 0
                        for i in 0..<width where mine[i] == other[i] { equal += 1 }
                        let estimate = Double(equal) / Double(width)
                        if estimate >= minimumEstimate { result.append((id, estimate)) }
                    }
                }
            }
        }
        if layers.count > 1 { result.sort { $0.id < $1.id } }
        return result
    }
}

extension LayeredLSHIndex: DedupIndex {
    /// Drops the snapshot too: the result holds exactly the given signatures, in memory.
    public mutating func rebuild(from signatures: [(id: Int64, signature: [UInt32])]) {
        self = LayeredLSHIndex(banding: banding)
        delta.rebuild(from: signatures)
    }
}
