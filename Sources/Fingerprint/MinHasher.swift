/// MinHash signatures over 64-bit shingle hashes.
///
/// Permutation i maps a shingle hash x to the top 32 bits of `a_i·x + b_i (mod 2^64)` with odd
/// `a_i`; coefficients come from SplitMix64 seeded with `seed`, so signatures are identical
/// across runs and machines. The inner loop has no branches and vectorizes.
public struct MinHasher: Sendable {
    public let permutations: Int
    public let seed: UInt64
    private let multipliers: [UInt64]
    private let increments: [UInt64]

    public init(permutations: Int, seed: UInt64) {
        precondition(permutations > 0, "at least one permutation")
        self.permutations = permutations
        self.seed = seed
        var state = seed
        var a: [UInt64] = []
        var b: [UInt64] = []
        for _ in 0..<permutations {
            a.append(StableHash.splitMix(&state) | 1)
            b.append(StableHash.splitMix(&state))
        }
        multipliers = a
        increments = b
    }

    /// The signature of a shingle set; an empty set gives all `UInt32.max`.
    public func signature(of shingles: [UInt64]) -> [UInt32] {
        var signature = [UInt32](repeating: .max, count: permutations)
        let n = permutations
        signature.withUnsafeMutableBufferPointer { sig in
            multipliers.withUnsafeBufferPointer { a in
                increments.withUnsafeBufferPointer { b in
                    for shingle in shingles {
                        for i in 0..<n {
                            let value = UInt32(truncatingIfNeeded: (a[i] &* shingle &+ b[i]) >> 32)
                            sig[i] = Swift.min(sig[i], value)
                        }
                    }
                }
            }
        }
        return signature
    }

    /// The fraction of equal positions: an unbiased estimate of the Jaccard similarity.
    public static func estimatedJaccard(_ lhs: [UInt32], _ rhs: [UInt32]) -> Double {
        let n = Swift.min(lhs.count, rhs.count)
        guard n > 0 else { return 0 }
        var equal = 0
        for i in 0..<n where lhs[i] == rhs[i] { equal += 1 }
        return Double(equal) / Double(n)
    }
}
