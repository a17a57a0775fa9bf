public import SyncModel

/// What near-duplicate detection knows about one text.
public struct Fingerprint: Sendable, Equatable {
    /// SHA-256 of the normalized text: equal for exact duplicates after normalization.
    public var contentHash: [UInt8]
    /// MinHash signature of the shingle set.
    public var signature: [UInt32]
    /// Sorted, de-duplicated shingle hashes (not persisted; recomputed from the text).
    public var shingles: [UInt64]
    /// Number of normalized tokens.
    public var tokenCount: Int
    /// The first `SummaryMatch.openingShingles` shingles in reading order (not persisted).
    public var opening: [UInt64]
    /// MinHash signature of the lead (the first `SummaryMatch.leadShingles` shingles), `nil`
    /// for a text with fewer: indexed so that a summary and its full story find each other.
    public var leadSignature: [UInt32]?

    /// What verifying a candidate against this document needs.
    public var profile: ShingleProfile { ShingleProfile(set: shingles, opening: opening) }
}

/// Normalization, shingling and MinHash for one set of dedup parameters.
public struct Fingerprinter: Sendable {
    public let parameters: DedupParameters
    public let normalizer = TextNormalizer()
    public let shingler: Shingler
    public let minHasher: MinHasher

    public init(parameters: DedupParameters) {
        self.parameters = parameters
        shingler = Shingler(size: parameters.shingleSize)
        minHasher = MinHasher(permutations: parameters.permutations, seed: parameters.seed)
    }

    /// Fingerprints the text an article is stored with (title and body).
    public func fingerprint(_ article: Article) -> Fingerprint {
        fingerprint(text: article.storedText)
    }

    public func fingerprint(text: String) -> Fingerprint {
        let normalized = normalizer.normalize(text)
        let tokens = shingler.tokenHashes(normalized)
        let shingles = shingler.shingles(tokenHashes: tokens)
        let opening = shingler.leadingShingles(tokenHashes: tokens, limit: SummaryMatch.openingShingles)
        var leadSignature: [UInt32]?
        if opening.count >= SummaryMatch.leadShingles {
            var lead = Array(opening.prefix(SummaryMatch.leadShingles))
            lead.sort()
            lead.removeAdjacentDuplicates()
            leadSignature = minHasher.signature(of: lead)
        }
        return Fingerprint(
            contentHash: SHA256Digest.hash(normalized),
            signature: minHasher.signature(of: shingles),
            shingles: shingles,
            tokenCount: tokens.count,
            opening: opening,
            leadSignature: leadSignature)
    }

    /// Only what verifying a candidate against a stored text needs.
    public func profile(text: String) -> ShingleProfile {
        let tokens = shingler.tokenHashes(normalizer.normalize(text))
        return ShingleProfile(
            set: shingler.shingles(tokenHashes: tokens),
            opening: shingler.leadingShingles(tokenHashes: tokens, limit: SummaryMatch.openingShingles))
    }
}
