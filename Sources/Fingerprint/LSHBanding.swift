/// How a signature is cut into bands for locality-sensitive hashing.
public struct LSHBanding: Sendable, Equatable {
    public let bands: Int
    public let rows: Int

    public init(bands: Int, rows: Int) {
        precondition(bands > 0 && rows > 0, "bands and rows must be positive")
        self.bands = bands
        self.rows = rows
    }

    /// Bands and rows for `permutations` that minimize the weighted area of missed pairs above
    /// `threshold` and of candidate pairs below it (datasketch's `_optimal_param`). Misses weigh
    /// more than extra candidates because every candidate is verified before it counts.
    /// - Parameters:
    ///   - threshold: the Jaccard similarity that must count as a near-duplicate.
    ///   - permutations: signature length.
    ///   - bands: a fixed band count from the configuration, or `nil` to derive it.
    public static func derive(threshold: Double, permutations: Int, bands fixed: Int? = nil,
                              falsePositiveWeight: Double = 0.2, falseNegativeWeight: Double = 0.8) -> LSHBanding {
        if let fixed, fixed > 0 { return LSHBanding(bands: fixed, rows: max(1, permutations / fixed)) }
        var best = LSHBanding(bands: 1, rows: permutations)
        var bestError = Double.infinity
        for b in 1...permutations {
            for r in 1...(permutations / b) {
                let fp = integrate(from: 0, to: threshold) { s in 1 - pow1(1 - pow1(s, r), b) }
                let fn = integrate(from: threshold, to: 1) { s in pow1(1 - pow1(s, r), b) }
                let error = fp * falsePositiveWeight + fn * falseNegativeWeight
                if error < bestError {
                    bestError = error
                    best = LSHBanding(bands: b, rows: r)
                }
            }
        }
        return best
    }

    /// Probability that a pair of Jaccard similarity `s` becomes a candidate.
    public func candidateProbability(_ s: Double) -> Double {
        1 - LSHBanding.pow1(1 - LSHBanding.pow1(s, rows), bands)
    }

    /// The band keys of a signature: one stable 64-bit hash per band, the band index mixed in.
    public func keys(of signature: [UInt32]) -> [UInt64] {
        var keys: [UInt64] = []
        keys.reserveCapacity(bands)
        for band in 0..<bands {
            var h: UInt64 = 0x84222325CBF29CE4 ^ UInt64(band)
            let start = band * rows
            for i in start..<Swift.min(start + rows, signature.count) {
                h = (h ^ UInt64(signature[i])) &* 0x0000_0100_0000_01B3
            }
            keys.append(StableHash.mix(h) ^ (UInt64(band) << 56))
        }
        return keys
    }

    private static func integrate(from a: Double, to b: Double, _ f: (Double) -> Double) -> Double {
        let steps = 64
        let width = (b - a) / Double(steps)
        var sum = 0.5 * (f(a) + f(b))
        for i in 1..<steps { sum += f(a + Double(i) * width) }
        return sum * width
    }

    private static func pow1(_ x: Double, _ n: Int) -> Double {
        var result = 1.0
        var base = x
        var e = n
        while e > 0 {
            if e & 1 == 1 { result *= base }
            base *= base
            e >>= 1
        }
        return result
    }
}
