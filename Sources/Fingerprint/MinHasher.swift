internal import CMinHash

/// MinHash signatures over shingle hashes.
///
/// Permutation i maps a shingle to `fmix32(low32(shingle) ^ seed_i)`: MurmurHash3's 32-bit
/// finalizer is a bijection with full avalanche, so each seed gives an independent-looking
/// permutation of the 32-bit space. All arithmetic is 32-bit and branch-free; the loop lives in
/// the `CMinHash` C target, built for AVX-512, AVX2 and baseline x86-64 and picked at load
/// time (Swift code can only be built for one instruction set). Seeds come from SplitMix64
/// seeded with `seed`: signatures are identical across runs and machines.
public struct MinHasher: Sendable {
    public let permutations: Int
    public let seed: UInt64
    private let seeds: [UInt32]

    public init(permutations: Int, seed: UInt64) {
        precondition(permutations > 0, "at least one permutation")
        self.permutations = permutations
        self.seed = seed
        var state = seed
        seeds = (0..<permutations).map { _ in UInt32(truncatingIfNeeded: StableHash.splitMix(&state)) }
    }

    /// The signature of a shingle set; an empty set gives all `UInt32.max`.
    public func signature(of shingles: [UInt64]) -> [UInt32] {
        var signature = [UInt32](repeating: .max, count: permutations)
        let n = permutations
        signature.withUnsafeMutableBufferPointer { sig in
            seeds.withUnsafeBufferPointer { seeds in
                shingles.withUnsafeBufferPointer { shingles in
                    CMinHash_fold(shingles.baseAddress, shingles.count, seeds.baseAddress, sig.baseAddress, n)
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
