/// One line (block) of a page dump as a source's chrome model counts it: the stable hash of its
/// folded words (`DumpBlock.lineHash` in `Extract`: FNV-1a, the same in every process and
/// release that keeps the folding) and how many words it has.
public struct PageLine: Sendable, Hashable, Codable {
    public var hash: UInt64
    public var words: Int

    public init(hash: UInt64, words: Int) {
        self.hash = hash
        self.words = words
    }
}

/// What a store knows of a source's page dumps: how many live documents of it were read as page
/// dumps, and for each line seen in at least a given number of them, in how many.
public struct PageLineCounts: Sendable, Equatable {
    /// Live documents of the source whose latest input was a page dump.
    public var documents: Int
    /// Lines and the number of those documents each occurs in.
    public var lines: [(line: PageLine, documents: Int)]

    public init(documents: Int = 0, lines: [(line: PageLine, documents: Int)] = []) {
        self.documents = documents
        self.lines = lines
    }

    public static func == (left: PageLineCounts, right: PageLineCounts) -> Bool {
        left.documents == right.documents && left.lines.elementsEqual(right.lines) { $0.line == $1.line && $0.documents == $1.documents }
    }
}
