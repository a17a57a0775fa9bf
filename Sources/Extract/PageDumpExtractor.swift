internal import SyncModel

/// Extracts the article from a page dump: a web page saved or copied as text, the site's
/// chrome (menus, headline lists, dates, counters, captions, share and donate blocks) around
/// the headline and the paragraphs.
///
/// Clean text (a title line, then paragraphs) is left alone: only a text whose first block
/// cannot be a title (a date, time, URL, counter, label, breadcrumb, menu word, kicker or a
/// paragraph) is read as a page dump, and only if a paragraph is found in it.
struct PageDumpExtractor: Sendable {
    var classifier: PageDumpClassifier

    /// - Parameter knownChrome: Hashes (`DumpBlock.lineHash`) of lines a source is known to
    ///   repeat as chrome (`SourceChromeModel`); they are dropped wherever they stand, but never
    ///   the headline, and never when they would take half of the article's words.
    init(knownChrome: Set<UInt64> = []) {
        classifier = PageDumpClassifier(knownChrome: knownChrome)
    }

    struct Result: Sendable {
        var article: Article
        var blocks: [DumpBlock]
        var decisions: [PageDumpClassifier.Decision]
    }

    /// The article of a page dump; `nil` when the lines are clean text (or hold no paragraph).
    func extract(_ lines: ArraySlice<Substring>, markdown: Bool) -> Result? {
        // Most texts are clean: decide on as little as possible. When the second block is set
        // apart by a blank line, the rules that look past the first block are out but four: a
        // kicker's (ruled out by the first block), a menu word's (a first block of one or two
        // words over a short line), "chrome above the text" (none of the first 8 blocks long)
        // and page controls among the first 8 blocks (seen on their text).
        // A clean text is then decided by counting the words of the blocks ahead, without
        // measuring them. Otherwise the first 9 blocks are measured, and all of them when none
        // of the first 8 is long. A text a text browser wrapped, with page controls on many of
        // its lines, is a page dump whatever its first blocks.
        var reader = DumpBlockReader(lines)
        reader.read(upTo: 1)
        guard let first = reader.blocks.first, !(markdown && first.text.hasPrefix("#")) else { return nil }
        let ahead = reader.peek(7)
        let rendered = reader.controlLines >= Self.renderedControlLines
        if !rendered, let second = ahead.first, second.blankBefore, !Self.opensWithChrome(first), !Self.mayBeKicker(first),
            (first.showsControl ? 1 : 0) + ahead.count(where: { DumpBlock.showsControl($0.text) }) < Self.renderedControls,
            first.words >= 3 || DumpBlock.wordCount(second.text, limit: 20) >= 20,
            first.words >= 25 || ahead.contains(where: { DumpBlock.wordCount($0.text, limit: 25) >= 25 })
        {
            return nil
        }
        reader.read(upTo: 9)
        if reader.blocks.count == 9, !reader.blocks.prefix(8).contains(where: { $0.words >= 25 }) { reader.read(upTo: .max) }
        guard rendered || startsLikePageDump(reader.blocks, markdown: markdown) else { return nil }
        reader.read(upTo: .max)
        let blocks = reader.blocks
        guard let (decisions, titleIndex) = classifyWithModel(blocks) else { return nil }
        var paragraphs: [Substring] = []
        for index in blocks.indices where decisions[index].role == .body {
            paragraphs.append(blocks[index].text)
        }
        var title = titleIndex.map { String(blocks[$0].text) } ?? ""
        if markdown { title = PlainTextExtractor.stripHeadingMarker(title) }
        return Result(
            article: Article(title: title, text: paragraphs.joined(separator: "\n\n")),
            blocks: blocks, decisions: decisions)
    }

    /// The classifier's decisions with the source's known chrome; those without it when the
    /// known lines would leave no paragraph or less than half of the article's words (copies
    /// of one story are not chrome). Whether a text is a page dump never depends on the model.
    private func classifyWithModel(_ blocks: [DumpBlock]) -> (decisions: [PageDumpClassifier.Decision], title: Int?)? {
        let known = classifier.knownChrome
        guard !known.isEmpty, blocks.contains(where: { known.contains($0.lineHash) }) else { return classifier.classify(blocks) }
        var plain = classifier
        plain.knownChrome = []
        guard let without = plain.classify(blocks) else { return nil }
        guard let with = classifier.classify(blocks) else { return without }
        func keptWords(_ decisions: [PageDumpClassifier.Decision]) -> Int {
            zip(blocks, decisions).reduce(0) { $0 + ($1.1.role == .body ? $1.0.words : 0) }
        }
        return keptWords(with.decisions) * 2 >= keptWords(without.decisions) ? with : without
    }

    /// Whether the text opens the way pages do and titles never do.
    func startsLikePageDump(_ blocks: [DumpBlock], markdown: Bool) -> Bool {
        guard let first = blocks.first, blocks.count >= 2 else { return false }
        if markdown, first.text.hasPrefix("#") { return false }
        let second = blocks[1]
        // A paragraph is never a title: the page has no headline line.
        // (A clean text without a title starts with a blank line and its first paragraph.)
        if first.words >= 30 || first.visible >= 220 || (first.endsSentence && first.words >= 20),
            !second.blankBefore
        {
            return true
        }
        if Self.opensWithChrome(first) { return true }
        // A kicker: a few words ending in `..`, `…` or `:` right above a headline.
        if Self.mayBeKicker(first), second.words >= 3, second.words <= 30,
            !second.endsSentence, !second.blankBefore || first.words <= 4
        {
            return true
        }
        // A menu word: one word over anything but a paragraph; two over another short line
        // or a row of names (`فيسبوك تويتر يوتيوب`).
        let secondIsParagraph = second.words >= 20
        if first.words == 1, !first.endsSentence, !secondIsParagraph { return true }
        if first.words == 2, !first.endsSentence,
            second.words <= 2 || second.isNumeric
                || (second.words >= 3 && second.words <= 8 && second.stopWords <= 1 && !second.endsSentence)
        {
            return true
        }
        // Chrome above the text: many short blocks before the first long one (a clean text has
        // its title and perhaps a short lead or two).
        if let firstLong = blocks.firstIndex(where: { $0.words >= 25 }), firstLong >= 8 { return true }
        // A page as a text browser shows it: list items, fields, buttons and images among the
        // first blocks (menus, a search box, the logo).
        if blocks.prefix(8).count(where: \.showsControl) >= Self.renderedControls { return true }
        // A menu or headline list: the first lines are a run of short lines, none set apart by
        // a blank line.
        if blocks.count >= 5, blocks[1...3].allSatisfy({ !$0.blankBefore && $0.words < 20 && !$0.endsSentence }),
            first.words < 20
        {
            return true
        }
        return false
    }

    /// Blocks among the first eight showing page controls (`DumpBlock.showsControl`) that
    /// make a text a page dump.
    static let renderedControls = 2
    /// Lines showing page controls anywhere in a text wrapped as text browsers wrap that make
    /// it a page dump (menus, share buttons, comment forms); a clean text has a list or two.
    static let renderedControlLines = 8

    /// A first block no headline looks like: a date, time, counter, URL, label, breadcrumb,
    /// form field, list item, icon label.
    static func opensWithChrome(_ first: DumpBlock) -> Bool {
        first.isURL || first.isFormField || first.isBullet || first.isNumeric || first.isCopyright
            || first.mixedScriptWords > 0 || (first.separators >= 2 && first.words <= 15)
            || (first.endsWithColon && first.words <= 4) || (first.words < 20 && first.isDate)
    }

    /// A few words ending in `..`, `…` or `:`: perhaps a kicker above the headline.
    static func mayBeKicker(_ first: DumpBlock) -> Bool {
        first.words <= 6 && (first.endsWithEllipsis || first.endsWithColon)
    }
}
