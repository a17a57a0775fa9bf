import TextEncoding
public import SyncModel

/// Extracts an article's title and main text from an HTML page, leaving out the page
/// chrome (menus, headline lists, related links, share bars, footers) that every page of
/// a site repeats, so that two different articles never look alike because of it.
///
/// The page is parsed with libxml2's recovering HTML parser; chrome is dropped by tag,
/// ARIA role and class/id; paragraphs vote for the element holding the article
/// (readability-style scoring with a link-density penalty); the chosen element and its
/// well-scoring siblings are emitted block by block, link-heavy blocks left out.
public struct HTMLExtractor: Sendable {
    /// Blocks with a larger share of link text are headline lists and menus, not text.
    var maximumLinkDensity = 0.5

    /// Creates an extractor.
    public init() {}

    /// Extracts title and main text from HTML bytes. Never throws: broken markup is
    /// recovered by the parser, undecodable bytes are read as UTF-8 with replacement
    /// characters, and a page without text gives empty strings.
    ///
    /// - Parameters:
    ///   - bytes: The page as fetched or read.
    ///   - charset: A charset from outside the page (an HTTP header); `nil` to use the
    ///     page's own declaration.
    /// - Returns: The title (og:title, else the main `<h1>`, else `<title>`), the main text
    ///   as paragraphs separated by blank lines, and what the page says about the article
    ///   (`HTMLMetadataReader`; it never changes the text).
    public func extract(html bytes: [UInt8], charset: String?) -> Article {
        extract(utf8: Self.utf8(html: bytes, charset: charset))
    }

    /// A page's bytes as well-formed UTF-8: decoded with `charset`, else the page's declared
    /// charset, else read as UTF-8 with replacement characters.
    static func utf8(html bytes: [UInt8], charset: String?) -> [UInt8] {
        let declared = charset ?? CharsetSniffer.declaredCharset(in: bytes)
        do {
            return try TextDecoder.decodeToUTF8(bytes, declaredCharset: declared)
        } catch {
            return Array(String(decoding: bytes.filter { $0 != 0 }, as: UTF8.self).utf8)
        }
    }

    /// Extracts title and main text from a page already decoded to well-formed UTF-8.
    func extract(utf8: [UInt8]) -> Article {
        let article = extract(tree: HTMLTreeBuilder.build(utf8: utf8))
        guard article.text.utf8.count < 1000, TextMetrics.visibleCount(article.text) < 200,
            Self.mentionsNoscript(utf8)
        else { return article }
        let withNoscript = extract(tree: HTMLTreeBuilder.build(utf8: utf8, keepNoscript: true))
        return withNoscript.text.utf8.count > article.text.utf8.count ? withNoscript : article
    }

    private func extract(tree: DOMTree) -> Article {
        let removed = ChromeFilter().removedNodes(in: tree)
        let blocks = TextBlock.blocks(in: tree, removed: removed)
        let roots = ContentScorer().contentRoots(in: tree, removed: removed, blocks: blocks)

        var paragraphs = emit(blocks.filter { block in roots.contains { tree.contains($0, block.start) } }, tree: tree)
        if paragraphs.isEmpty {
            paragraphs = emit(blocks, tree: tree)
        }
        if paragraphs.isEmpty {
            paragraphs = emit(TextBlock.blocks(in: tree, removed: nil), tree: tree)
        }
        let title = chooseTitle(tree: tree, removed: removed, roots: roots)
        if let first = paragraphs.first, TitleMatching.same(first, title) {
            paragraphs.removeFirst()
        }
        return Article(
            title: title, text: paragraphs.joined(separator: "\n\n"),
            metadata: HTMLMetadataReader(tree: tree, roots: roots).metadata)
    }

    /// Whether the page has a `<noscript` tag (any case).
    private static func mentionsNoscript(_ bytes: [UInt8]) -> Bool {
        let pattern = Array("<noscript".utf8)
        guard bytes.count >= pattern.count else { return false }
        for start in 0...(bytes.count - pattern.count) where bytes[start] == 0x3C {
            var matched = true
            for offset in 1..<pattern.count where bytes[start + offset] | 0x20 != pattern[offset] {
                matched = false
                break
            }
            if matched { return true }
        }
        return false
    }

    /// The blocks' texts, without link-heavy blocks, copyright notices, date lines before
    /// the first or after the last real paragraph (bylines, "updated" stamps), a leading
    /// `<h1>`, and headings left without text (over a headline list that was dropped).
    private func emit(_ blocks: [TextBlock], tree: DOMTree) -> [String] {
        let kept = blocks.filter { $0.linkDensity <= maximumLinkDensity }
        let firstLong = kept.firstIndex { $0.visible >= 80 } ?? kept.endIndex
        let lastLong = kept.lastIndex { $0.visible >= 80 } ?? -1
        var paragraphs: [String] = []
        var headingLevels: [Int] = []  // per paragraph: its heading level, or 0
        for (position, block) in kept.enumerated() {
            let level = block.owner >= 0 ? tree.nodes[block.owner].tag.headingLevel : 0
            if paragraphs.isEmpty, level == 1 { continue }
            if Self.isCopyrightLine(block.text) { continue }
            if position < firstLong || position > lastLong, TextMetrics.isDateLine(block.text) { continue }
            if level > 0 {
                // A heading directly followed by one of the same or a higher rank has no text.
                while let last = headingLevels.last, last > 0, last >= level {
                    paragraphs.removeLast()
                    headingLevels.removeLast()
                }
            }
            paragraphs.append(block.text)
            headingLevels.append(level)
        }
        while let last = headingLevels.last, last > 0 {
            paragraphs.removeLast()
            headingLevels.removeLast()
        }
        return paragraphs
    }

    /// "© 2020 …", "Copyright …": a short line that is a notice, not text.
    private static func isCopyrightLine(_ text: String) -> Bool {
        guard text.utf8.count < 200 else { return false }
        return text.hasPrefix("©") || text.hasPrefix("(c) ") || text.hasPrefix("Copyright")
            || text.hasPrefix("(C) ")
    }

    /// og:title, else the first `<h1>` in the content, else the first `<h1>` outside the
    /// chrome, else the first `<h1>` that is not just a link (a logo), else `<title>`.
    private func chooseTitle(tree: DOMTree, removed: [Bool], roots: [Int]) -> String {
        if !tree.openGraphTitle.isEmpty { return tree.openGraphTitle }
        var firstKept: String?
        var firstPlain: String?
        for index in tree.nodes.indices where tree.nodes[index].tag == .h1 {
            let inContent = roots.contains { tree.contains($0, index) }
            guard inContent || firstKept == nil || firstPlain == nil else { continue }
            let (text, linkShare) = headingText(index, tree: tree)
            guard !text.isEmpty else { continue }
            if inContent { return text }
            if !removed[index], firstKept == nil { firstKept = text }
            if linkShare < 0.5, firstPlain == nil { firstPlain = text }
        }
        return firstKept ?? firstPlain ?? tree.documentTitle
    }

    private func headingText(_ index: Int, tree: DOMTree) -> (String, Double) {
        var pieces: [String] = []
        var visible = 0
        var link = 0
        for child in (index + 1)..<Int(tree.nodes[index].end) where tree.nodes[child].tag == .text {
            let node = tree.nodes[child]
            tree.withText(of: child) { pieces.append(String(decoding: $0, as: UTF8.self)) }
            let count = Int(node.visible)
            visible += count
            if node.flags.contains(.inLink) { link += count }
        }
        return (Whitespace.collapsed(pieces.joined()), visible == 0 ? 0 : Double(link) / Double(visible))
    }
}
