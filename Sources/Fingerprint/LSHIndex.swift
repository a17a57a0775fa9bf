/// An in-memory LSH index of MinHash signatures keyed by document id.
///
/// It holds every signature so that candidates can be screened by their estimated similarity
/// before the caller verifies them exactly. The store rebuilds it from persisted signatures at
/// start-up, so no document is re-read after a restart.
public struct LSHIndex: Sendable {
    public let banding: LSHBanding
    private var buckets: [UInt64: Bucket] = [:]
    private var signatures: [Int64: [UInt32]] = [:]

    private enum Bucket: Sendable {
        case one(Int64)
        case many([Int64])
    }

    public init(banding: LSHBanding) {
        self.banding = banding
    }

    public var count: Int { signatures.count }

    public func contains(_ id: Int64) -> Bool { signatures[id] != nil }

    public func signature(of id: Int64) -> [UInt32]? { signatures[id] }

    /// Adds (or replaces) a document's signature.
    public mutating func insert(_ id: Int64, signature: [UInt32]) {
        if signatures[id] != nil { remove(id) }
        signatures[id] = signature
        for key in banding.keys(of: signature) {
            switch buckets[key] {
            case nil: buckets[key] = .one(id)
            case .one(let other): buckets[key] = .many([other, id])
            case .many(var ids):
                buckets[key] = nil  // keep the array uniquely referenced while appending
                ids.append(id)
                buckets[key] = .many(ids)
            }
        }
    }

    /// Removes a document; unknown ids are ignored.
    public mutating func remove(_ id: Int64) {
        guard let signature = signatures.removeValue(forKey: id) else { return }
        for key in banding.keys(of: signature) {
            switch buckets[key] {
            case .one(let other) where other == id: buckets[key] = nil
            case .many(var ids):
                buckets[key] = nil
                ids.removeAll { $0 == id }
                buckets[key] = ids.count == 1 ? .one(ids[0]) : .many(ids)
            default: break
            }
        }
    }

    /// Documents sharing at least one band with `signature`, each with its estimated Jaccard
    /// similarity, keeping those estimated at `minimumEstimate` or more; sorted by id.
    public func candidates(for signature: [UInt32], minimumEstimate: Double = 0, excluding: Int64? = nil) -> [(id: Int64, estimate: Double)] {
        var seen = Set<Int64>()
        for key in banding.keys(of: signature) {
            switch buckets[key] {
            case .one(let id): seen.insert(id)
            case .many(let ids): seen.formUnion(ids)
            case nil: break
            }
        }
        if let excluding { seen.remove(excluding) }
        var result: [(id: Int64, estimate: Double)] = []
        for id in seen {
            guard let other = signatures[id] else { continue }
            let estimate = MinHasher.estimatedJaccard(signature, other)
            if estimate >= minimumEstimate { result.append((id, estimate)) }
        }
        result.sort { $0.id < $1.id }
        return result
    }
}
