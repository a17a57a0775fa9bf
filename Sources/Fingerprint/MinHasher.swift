internal import CMinHash

/// MinHash signatures over shingle hashes.
///
/// Permutation i maps a shingle to `a_i · low32(shingle) + b_i (mod 2^32)` with odd `a_i`: a
/// bijection of the 32-bit space. The shingle hashes are already uniform (see `StableHash`), so
/// this affine family estimates Jaccard similarity as well as fully mixed hashes do (measured:
/// same bias and spread as the binomial bound) at a third of the work. The loop lives in the
/// `CMinHash` C target, built for AVX-512, AVX2 and baseline x86-64 and picked at load time
/// (Swift code can only be built for one instruction set). Coefficients come from SplitMix64
/// seeded with `seed`: signatures are identical across runs and machines.
public struct MinHasher: Sendable {
    public let permutations: Int
    public let seed: UInt64
    private let multipliers: [UInt32]
    private let increments: [UInt32]

    public init(permutations: Int, seed: UInt64) {
        precondition(permutations > 0, "at least one permutation")
        self.permutations = permutations
        self.seed = seed
        var state = seed
        var a: [UInt32] = [], b: [UInt32] = []
        for _ in 0..<permutations {
            let word = StableHash.splitMix(&state)
            a.append(UInt32(truncatingIfNeeded: word) | 1)
            b.append(UInt32(truncatingIfNeeded: word >> 32))
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
                    shingles.withUnsafeBufferPointer { shingles in
                        CMinHash_fold(shingles.baseAddress, shingles.count, a.baseAddress, b.baseAddress, sig.baseAddress, n)
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
