/// Tuning of near-duplicate detection. Shingle size, permutation count and seed determine
/// the stored fingerprints; the threshold and banding only decide which pairs count.
public struct DedupParameters: Sendable, Equatable, Codable {
    /// Words per shingle.
    public var shingleSize: Int
    /// MinHash permutations (signature length).
    public var permutations: Int
    /// Minimum Jaccard similarity of shingle sets for two documents to be near-duplicates.
    public var threshold: Double
    /// LSH bands; `nil` derives bands and rows from the threshold.
    public var bands: Int?
    /// Seed of the MinHash permutations; changing it invalidates stored signatures.
    public var seed: UInt64

    public static let `default` = DedupParameters(shingleSize: 3, permutations: 128, threshold: 0.45, bands: nil, seed: 0x5359_4E43_4421)

    public init(shingleSize: Int, permutations: Int, threshold: Double, bands: Int?, seed: UInt64) {
        self.shingleSize = shingleSize
        self.permutations = permutations
        self.threshold = threshold
        self.bands = bands
        self.seed = seed
    }
}
