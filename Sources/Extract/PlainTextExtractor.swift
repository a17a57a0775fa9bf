internal import SyncModel

/// Splits plain text and Markdown into a title (the first non-blank line) and the text; a page
/// dump (a web page saved as text) goes to `PageDumpExtractor`, which finds the article in it.
struct PlainTextExtractor: Sendable {
    /// Whether the input is Markdown: drops the heading marker from the title, a setext
    /// underline after it, and a YAML front-matter block (whose `title:` wins).
    var markdown: Bool
    /// Reads page dumps; `nil` takes every text as clean (a title line, then the text).
    var pageDumps: PageDumpExtractor? = PageDumpExtractor()

    /// Extracts title and text; the text has its leading and trailing blank lines removed,
    /// each line's trailing whitespace trimmed and runs of blank lines collapsed to one.
    func extract(_ text: String) -> Article {
        extractExplained(text).article
    }

    /// The article, and for a page dump its blocks with what was decided about each.
    func extractExplained(_ text: String) -> (article: Article, pageDump: PageDumpExtractor.Result?) {
        // Split on the UTF-8 bytes: splitting a String by Character runs grapheme breaking.
        var lines = UTF8Scan.lines(of: text)[...]
        var frontMatterTitle: String?
        if markdown { frontMatterTitle = Self.dropFrontMatter(&lines) }
        if frontMatterTitle == nil, let pageDumps, let result = pageDumps.extract(lines, markdown: markdown) {
            return (result.article, result)
        }
        return (cleanText(lines, frontMatterTitle: frontMatterTitle), nil)
    }

    private func cleanText(_ lines: ArraySlice<Substring>, frontMatterTitle: String?) -> Article {
        var lines = lines

        while let first = lines.first, Self.isBlank(first) { lines = lines.dropFirst() }
        var title = ""
        if let frontMatterTitle {
            title = frontMatterTitle
        } else if let first = lines.first {
            title = String(Whitespace.trimmed(first))
            lines = lines.dropFirst()
            if markdown {
                title = Self.stripHeadingMarker(title)
                if let underline = lines.first, Self.isSetextUnderline(underline) { lines = lines.dropFirst() }
            }
        }
        return Article(title: title, text: Self.tidyLines(lines))
    }

    /// Trailing whitespace trimmed per line, blank runs collapsed, blank ends removed.
    static func tidyLines(_ lines: ArraySlice<Substring>) -> String {
        var output: [Substring] = []
        output.reserveCapacity(lines.count)
        var pendingBlank = false
        for line in lines {
            let trimmed = Whitespace.trailingTrimmed(line)
            if trimmed.isEmpty {
                pendingBlank = !output.isEmpty
                continue
            }
            if pendingBlank { output.append("") }
            pendingBlank = false
            output.append(trimmed)
        }
        return output.joined(separator: "\n")
    }

    private static func isBlank(_ line: Substring) -> Bool {
        line.unicodeScalars.allSatisfy { Whitespace.isSpace($0) }
    }

    /// `## Title ##` → `Title`; a `#` run not followed by a space (`#hashtag`) stays.
    static func stripHeadingMarker(_ title: String) -> String {
        let hashes = title.prefix { $0 == "#" }
        guard (1...6).contains(hashes.count) else { return title }
        let rest = title.dropFirst(hashes.count)
        guard rest.isEmpty || rest.first == " " || rest.first == "\t" else { return title }
        var content = Whitespace.trimmed(rest)
        let closing = content.reversed().prefix { $0 == "#" }.count
        if closing > 0 {
            let beforeClosing = content.dropLast(closing)
            if beforeClosing.isEmpty || beforeClosing.last == " " || beforeClosing.last == "\t" {
                content = Whitespace.trimmed(beforeClosing)
            }
        }
        return String(content)
    }

    private static func isSetextUnderline(_ line: Substring) -> Bool {
        let trimmed = Whitespace.trimmed(line)
        guard let first = trimmed.first, first == "=" || first == "-" else { return false }
        return trimmed.allSatisfy { $0 == first }
    }

    /// Removes a leading `---` … `---` block; returns its `title:` value if any.
    private static func dropFrontMatter(_ lines: inout ArraySlice<Substring>) -> String? {
        guard let first = lines.first, Whitespace.trimmed(first) == "---" else { return nil }
        let searchEnd = min(lines.endIndex, lines.startIndex + 200)
        guard
            let close = lines[(lines.startIndex + 1)..<searchEnd].firstIndex(where: {
                let trimmed = Whitespace.trimmed($0)
                return trimmed == "---" || trimmed == "..."
            })
        else { return nil }
        var title: String?
        for line in lines[(lines.startIndex + 1)..<close] where line.hasPrefix("title:") {
            var value = Whitespace.trimmed(line.dropFirst(6))
            if value.count >= 2, let quote = value.first, quote == "\"" || quote == "'", value.last == quote {
                value = value.dropFirst().dropLast()
            }
            if !value.isEmpty { title = String(value) }
        }
        lines = lines[(close + 1)...]
        return title
    }
}
