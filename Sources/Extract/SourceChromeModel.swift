public import SyncModel

/// Per-source learning of page chrome: a line that recurs across many page dumps of one source
/// is that site's chrome (its menu, footer, share and donate blocks), wherever it stands.
///
/// The store counts, per source, in how many live documents each line of a page dump occurs
/// (`PageLine`, `PageLineCounts`); this model turns the counts into the set of line hashes
/// `PageDumpExtractor(knownChrome:)` drops. It is deterministic: the same counts give the same
/// set. Lines are one of two kinds:
/// - short lines (fewer than `proseWords` words: menu items, labels, "Donate now") are chrome
///   once they occur in `minDocuments` documents and in `shortShare` of the source's page dumps;
/// - prose (a sentence or a paragraph: a newsletter or donate blurb) must occur in
///   `minDocuments` documents and in `proseShare` of them: a paragraph that several copies of
///   one story share is not taken for chrome in a source of many stories.
///
/// What the classifier does with them keeps the article safe: the headline is chosen as if the
/// model did not exist, and when the known lines would leave less than half of the article's
/// words (or none), the page is read without them (`PageDumpExtractor`).
public struct SourceChromeModel: Sendable, Equatable {
    /// Documents a line must occur in before it can be chrome.
    public var minDocuments = 3
    /// Words from which a line is prose.
    public var proseWords = 12
    /// The share of the source's page dumps a short line must occur in.
    public var shortShare = 0.1
    /// The share of the source's page dumps a prose line must occur in.
    public var proseShare = 0.5

    public init() {}

    /// The hashes of the lines the counts make chrome.
    public func knownChrome(_ counts: PageLineCounts) -> Set<UInt64> {
        let total = Double(counts.documents)
        var known = Set<UInt64>()
        for (line, documents) in counts.lines where documents >= minDocuments {
            let share = line.words >= proseWords ? proseShare : shortShare
            if Double(documents) >= share * total - 1e-9 { known.insert(line.hash) }
        }
        return known
    }

    /// The lines a page dump contributes to its source's counts: each block with words, once.
    static func lines(of blocks: [DumpBlock]) -> [PageLine] {
        var seen = Set<UInt64>()
        var lines: [PageLine] = []
        for block in blocks where block.words > 0 && seen.insert(block.lineHash).inserted {
            lines.append(PageLine(hash: block.lineHash, words: block.words))
        }
        return lines
    }
}
