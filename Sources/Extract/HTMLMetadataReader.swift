import SyncModel
internal import Foundation

/// Turns a page's `PageSignals` into `ArticleMetadata`. Where a field has several sources the
/// first present wins, in the order Readability.js prefers them (JSON-LD, then Dublin Core,
/// then Open Graph, then plain meta names), so its expected metadata can check ours:
///
/// - canonical URL: `<link rel="canonical">`, `og:url`, JSON-LD `url`
/// - language: `<html lang>`, `content-language`, `og:locale`, `dc:language`, JSON-LD `inLanguage`
/// - direction: the `dir` of the nearest element around the main text (`<html dir>` included)
/// - authors: JSON-LD `author`, `dc:creator`, meta `author`, `article:author` (names, not
///   profile URLs), else the first byline element (`rel="author"`, `itemprop="author"`, a
///   class like `byline`) with a short text, its "By" dropped
/// - published: JSON-LD `datePublished`, `article:published_time`, other date metas, a
///   `<time datetime>` marked as the publication date, else the first in the main text
/// - modified: JSON-LD `dateModified`, `article:modified_time`, `og:updated_time`, a
///   `<time itemprop="dateModified">`
/// - site name: JSON-LD `publisher.name`, `og:site_name`
/// - description: JSON-LD `description`, `dc:description`, `og:description`, meta
///   `description`, `twitter:description`
struct HTMLMetadataReader {
    let tree: DOMTree
    /// The elements holding the main text (`ContentScorer`), for the direction and the time.
    let roots: [Int]

    var metadata: ArticleMetadata {
        let signals = tree.signals
        let jsonLD = signals.jsonLD.isEmpty ? nil : JSONLDArticle.first(in: signals.jsonLD)
        var metadata = ArticleMetadata()
        metadata.canonicalURL = signals.canonicalLink ?? last("og:url") ?? jsonLD?.url
        metadata.language =
            (signals.rootLanguage ?? last("content-language") ?? last("og:locale") ?? last("dc:language")
            ?? jsonLD?.language).flatMap(Self.languageTag)
        metadata.direction = direction()
        metadata.authors = authors(jsonLD)
        metadata.published =
            jsonLD?.published
            ?? first(date: [
                "article:published_time", "parsely-pub-date", "datepublished", "dc:date", "dcterms:created",
                "dcterms:date", "publish-date", "pubdate", "sailthru:date", "date",
            ])
            ?? time(.published)
        metadata.modified =
            jsonLD?.modified
            ?? first(date: ["article:modified_time", "og:updated_time", "datemodified", "dcterms:modified", "last-modified"])
            ?? time(.modified)
        metadata.siteName = jsonLD?.publisher ?? last("og:site_name")
        metadata.description =
            jsonLD?.description
            ?? first(of: [
                "dc:description", "dcterm:description", "dcterms:description", "og:description",
                "weibo:article:description", "weibo:webpage:description", "description", "twitter:description",
            ])
        return metadata
    }

    // MARK: - Meta values

    /// The last value of a meta key (a later tag overrides an earlier one, as in Readability.js).
    private func last(_ key: String) -> String? {
        tree.signals.metas[key]?.last
    }

    private func first(of keys: [String]) -> String? {
        for key in keys {
            if let value = last(key) { return value }
        }
        return nil
    }

    private func first(date keys: [String]) -> Date? {
        for key in keys {
            if let date = last(key).flatMap(MetadataDate.parse) { return date }
        }
        return nil
    }

    /// `en_US` → `en-US`; the first of a list (`en, fr`); `nil` for anything that is not a tag.
    static func languageTag(_ value: String) -> String? {
        let first = value.split(separator: ",").first.map { Whitespace.collapsed($0) } ?? ""
        let tag = first.replacingOccurrences(of: "_", with: "-")
        guard !tag.isEmpty, tag.utf8.count <= 35,
            tag.unicodeScalars.allSatisfy({ $0.value < 0x80 && ($0.properties.isAlphabetic || $0.properties.numericType != nil || $0 == "-") })
        else { return nil }
        return tag
    }

    // MARK: - Authors

    private func authors(_ jsonLD: JSONLDArticle?) -> [String] {
        if let jsonLD, !jsonLD.authors.isEmpty { return jsonLD.authors }
        for key in ["dc:creator", "dcterm:creator", "dcterms:creator", "author", "parsely-author", "article:author"] {
            let names = (tree.signals.metas[key] ?? []).filter { !Self.isURL($0) }
            if !names.isEmpty { return names.reduce(into: []) { if !$0.contains($1) { $0.append($1) } } }
        }
        for index in tree.signals.bylines {
            if let text = bylineText(Int(index)) { return [Self.droppingBy(text)] }
        }
        return []
    }

    /// The element's text when it is a plausible byline: not empty, under 100 characters as
    /// written (white space included, as Readability.js counts). An `itemprop="name"` inside
    /// it names the author alone.
    private func bylineText(_ index: Int) -> String? {
        guard let text = rawText(index), !text.isEmpty, text.count < 100 else { return nil }
        let end = Int(tree.nodes[index].end)
        if let name = tree.signals.names.first(where: { Int($0) > index && Int($0) < end }),
            let nameText = rawText(Int(name)).map(Whitespace.collapsed), !nameText.isEmpty
        {
            return nameText
        }
        return Whitespace.collapsed(text)
    }

    /// The text below `index`, trimmed but not collapsed; `nil` when it is long (a "byline"
    /// class on a container of the whole article is not a byline).
    private func rawText(_ index: Int) -> String? {
        var bytes: [UInt8] = []
        let end = Int(tree.nodes[index].end)
        var child = index + 1
        while child < end, child - index < 200, bytes.count < 1000 {
            if tree.nodes[child].tag == .text { tree.withText(of: child) { bytes.append(contentsOf: $0) } }
            child += 1
        }
        guard child == end else { return nil }
        return String(decoding: bytes, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
    }

    /// "By Jane Doe" → "Jane Doe"; "بقلم: فلان" → "فلان".
    static func droppingBy(_ byline: String) -> String {
        for prefix in ["by:", "by ", "بقلم:", "بقلم ", "كتب:", "كتبت:"] where byline.lowercased().hasPrefix(prefix) {
            let rest = Whitespace.collapsed(byline.dropFirst(prefix.count))
            return rest.isEmpty ? byline : rest
        }
        return byline
    }

    private static func isURL(_ text: String) -> Bool {
        text.hasPrefix("http://") || text.hasPrefix("https://") || text.hasPrefix("//")
    }

    // MARK: - Direction and times

    /// The `dir` of the main text's nearest element that has one.
    private func direction() -> String? {
        let directions = tree.signals.directions
        guard !directions.isEmpty else { return Self.direction(tree.signals.rootDirection) }
        var byNode: [Int32: String] = [:]
        for (node, value) in directions { byNode[node] = byNode[node] ?? value }
        var current = roots.first ?? 0
        while current >= 0, current < tree.nodes.count {
            if let value = byNode[Int32(current)], let direction = Self.direction(value) { return direction }
            current = Int(tree.nodes[current].parent)
        }
        return Self.direction(tree.signals.rootDirection)
    }

    private static func direction(_ value: String?) -> String? {
        guard let value, ["ltr", "rtl", "auto"].contains(value) else { return nil }
        return value
    }

    /// A `<time datetime>` with this role; for the publication time, else the first `<time>`
    /// inside the main text or an `<article>`.
    private func time(_ role: PageSignals.TimeRole) -> Date? {
        let times = tree.signals.times
        if let marked = times.lazy.filter({ $0.role == role }).compactMap({ MetadataDate.parse($0.value) }).first {
            return marked
        }
        guard role == .published else { return nil }
        for time in times where time.role == .unknown && isInArticle(Int(time.node)) {
            if let date = MetadataDate.parse(time.value) { return date }
        }
        return nil
    }

    private func isInArticle(_ index: Int) -> Bool {
        if roots.contains(where: { tree.contains($0, index) }) { return true }
        var current = Int(tree.nodes[index].parent)
        while current >= 0 {
            if tree.nodes[current].tag == .article { return true }
            current = Int(tree.nodes[current].parent)
        }
        return false
    }
}
