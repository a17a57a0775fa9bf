/// What verifying a near-duplicate needs of one document: its shingle set, and how it opens.
public struct ShingleProfile: Sendable, Equatable {
    /// Sorted, de-duplicated shingle hashes.
    public var set: [UInt64]
    /// The first `SummaryMatch.openingShingles` shingle hashes in reading order (repeats kept):
    /// the title and the start of the lead.
    public var opening: [UInt64]

    public init(set: [UInt64], opening: [UInt64]) {
        self.set = set
        self.opening = opening
    }
}

/// A summary and its full story are one story.
///
/// A feed's summary (the title and the lead, perhaps cut with "…") is a small part of its
/// article, so their resemblance (Jaccard) is low however faithful the summary is. What does
/// hold: nearly all of the summary is in the article (containment), and both open the same way:
/// the same first words (the title's, or the lead's when there is no title) and the summary's
/// lead within the article's opening. The second condition keeps a story that merely quotes
/// another one's paragraph, or shares a site's stock phrases, apart: a quote stands elsewhere
/// than at the very start, under another title.
///
/// Candidates are found by indexing each document's lead (its first `leadShingles` shingles)
/// in a second LSH index: a summary's lead and its article's lead are the same shingles, so
/// they collide however different the two sizes are.
public enum SummaryMatch {
    /// Shingles of a document's lead, indexed to find its summaries or its full story; a text
    /// with fewer shingles (about 34 words) is too short to contain-match anything.
    public static let leadShingles = 32
    /// Shingles of the larger document's opening that the smaller one's lead may fall in.
    public static let openingShingles = 64
    /// Share of the smaller document's shingles that must be in the larger one.
    public static let minimumContainment = 0.9
    /// Share of the smaller document's lead shingles that must be in the larger one's opening.
    public static let minimumOpeningAgreement = 0.8

    /// The containment of the smaller document in the larger one when the smaller is a summary
    /// of the larger (see the type's description), else `nil`.
    public static func containment(_ a: ShingleProfile, _ b: ShingleProfile) -> Double? {
        let (small, large) = a.set.count <= b.set.count ? (a, b) : (b, a)
        guard small.set.count >= leadShingles, small.opening.count >= leadShingles, small.opening.first == large.opening.first else {
            return nil
        }
        var lead = Array(small.opening.prefix(leadShingles))
        lead.sort()
        lead.removeAdjacentDuplicates()
        var opening = large.opening
        opening.sort()
        opening.removeAdjacentDuplicates()
        let agreeing = Similarity.intersectionCount(lead, opening)
        guard Double(agreeing) >= minimumOpeningAgreement * Double(lead.count) else { return nil }
        let contained = Double(Similarity.intersectionCount(small.set, large.set)) / Double(small.set.count)
        return contained >= minimumContainment ? contained : nil
    }
}

extension Similarity {
    /// How near-duplicate two documents are: their Jaccard similarity when it reaches
    /// `threshold`, else the containment of a summary in its story (`SummaryMatch`), else `nil`.
    public static func nearDuplicate(_ a: ShingleProfile, _ b: ShingleProfile, threshold: Double) -> Double? {
        let resemblance = jaccard(a.set, b.set)
        if resemblance >= threshold { return resemblance }
        return SummaryMatch.containment(a, b)
    }
}
