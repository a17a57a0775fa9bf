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
    ///   repeat as chrome; they are dropped wherever they stand. Empty until per-source
    ///   learning exists.
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
        // Most texts are clean: decide on the first blocks before measuring them all. When the
        // second block is a long paragraph set apart by a blank line, no later block can change
        // the decision (every rule that looks further needs short blocks there); otherwise it
        // looks at the first 9 at most, unless none of the first 8 is long.
        var head = DumpBlock.blocks(of: lines, limit: 2)
        if !(head.count == 2 && head[1].words >= 25 && head[1].blankBefore) {
            head = DumpBlock.blocks(of: lines, limit: 9)
            if head.count == 9, !head.prefix(8).contains(where: { $0.words >= 25 }) { head = DumpBlock.blocks(of: lines) }
        }
        guard startsLikePageDump(head, markdown: markdown) else { return nil }
        let blocks = DumpBlock.blocks(of: lines)
        guard let (decisions, titleIndex) = classifier.classify(blocks) else { return nil }
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
        // A date, time, counter, URL, label, breadcrumb, form field, list item, icon label.
        if first.isURL || first.isFormField || first.isBullet || first.isNumeric || first.isCopyright
            || first.mixedScriptWords > 0 || (first.separators >= 2 && first.words <= 15)
            || (first.endsWithColon && first.words <= 4) || (first.words < 20 && first.isDate)
        {
            return true
        }
        // A kicker: a few words ending in `..`, `…` or `:` right above a headline.
        if first.words <= 6, first.endsWithEllipsis || first.endsWithColon, second.words >= 3, second.words <= 30,
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
        // A menu or headline list: the first lines are a run of short lines, none set apart by
        // a blank line.
        if blocks.count >= 5, blocks[1...3].allSatisfy({ !$0.blankBefore && $0.words < 20 && !$0.endsSentence }),
            first.words < 20
        {
            return true
        }
        return false
    }
}
