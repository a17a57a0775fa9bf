import Foundation
internal import CLibXML2
internal import Glibc

/// The raw metadata signals of a page, gathered during the one walk that builds its `DOMTree`
/// (`<html lang dir>`, `<meta>`, `<link>`, JSON-LD scripts, `dir`, `<time datetime>` and
/// byline-looking elements) and turned into `ArticleMetadata` by `HTMLMetadataReader`.
///
/// Everything is bounded: a page with thousands of `<meta>` or `<time>` elements, or a huge
/// JSON-LD block, costs no more than a page with a few.
struct PageSignals: Sendable {
    /// `<html lang>` and `<html dir>`.
    var rootLanguage: String?
    var rootDirection: String?
    /// Meta values by normalized key (`og:description`, `author`, `dc:creator`, `content-language`
    /// ...), in document order. `name` keys are lowercased with `.` read as `:` (`DC.creator`
    /// is `dc:creator`); each space-separated token of `property` is a key of its own.
    var metas: [String: [String]] = [:]
    /// `<link rel="canonical" href>`.
    var canonicalLink: String?
    /// `<link rel="alternate">` elements of a feed type, in document order, hrefs as written.
    var feedLinks: [FeedLink] = []
    /// The first `<base href>`, as written.
    var baseHref: String?
    /// The text of each `<script type="application/ld+json">`.
    var jsonLD: [String] = []
    /// Elements with a `dir` attribute: node index and value, in document order.
    var directions: [(node: Int32, value: String)] = []
    /// `<time datetime>` elements: node index, value, and whether the element says it is the
    /// publication time (`pubdate`, `itemprop="datePublished"`) or the modification time.
    var times: [(node: Int32, value: String, role: TimeRole)] = []
    /// Elements that look like a byline (`rel="author"`, `itemprop="author"`, a class or id
    /// with `byline`, `author`, `dateline`, `writtenby`), in document order.
    var bylines: [Int32] = []
    /// Elements with `itemprop="name"`: inside a byline, the author's name alone.
    var names: [Int32] = []

    enum TimeRole: Sendable { case unknown, published, modified }

    static let maximumMetas = 512
    static let maximumMetaLength = 4096
    static let maximumScripts = 16
    static let maximumScriptBytes = 512 * 1024
    static let maximumListed = 64

    private var metaCount = 0
    private var scriptBytes = 0

    /// Reads `<html lang dir>`.
    mutating func noteRoot(_ node: xmlNodePtr) {
        rootLanguage =
            Self.attribute(node, "lang").flatMap(Self.nonEmpty)
            ?? Self.attribute(node, "xml:lang").flatMap(Self.nonEmpty)
        rootDirection = Self.attribute(node, "dir").flatMap(Self.nonEmpty)?.lowercased()
    }

    /// Reads a `<meta name|property|itemprop|http-equiv content>`.
    mutating func noteMeta(_ node: xmlNodePtr) {
        guard metaCount < Self.maximumMetas else { return }
        metaCount += 1
        var keys: [String] = []
        var content: String?
        var attribute = node.pointee.properties
        while let current = attribute {
            if let name = current.pointee.name {
                switch String(cString: name).lowercased() {
                case "name", "itemprop", "http-equiv":
                    let key = HTMLTreeBuilder.attributeValue(current).lowercased().filter { !$0.isWhitespace }
                    keys.append(String(key.map { $0 == "." ? ":" : $0 }))
                case "property":
                    for token in HTMLTreeBuilder.attributeValue(current).lowercased().split(whereSeparator: \.isWhitespace) {
                        keys.append(String(token))
                        // `og:article:author` is read as `article:author`, as Readability.js does.
                        if token.hasPrefix("og:article:") { keys.append(String(token.dropFirst(3))) }
                    }
                case "content":
                    content = HTMLTreeBuilder.attributeValue(current)
                default:
                    break
                }
            }
            attribute = current.pointee.next
        }
        guard let content = content.flatMap(Self.nonEmpty), content.utf8.count <= Self.maximumMetaLength else { return }
        for key in keys where !key.isEmpty {
            metas[key, default: []].append(content)
        }
    }

    /// Reads a `<link rel="canonical" href>` or a `<link rel="alternate">` to a feed.
    mutating func noteLink(_ node: xmlNodePtr) {
        guard let rel = Self.attribute(node, "rel")?.lowercased().split(whereSeparator: \.isWhitespace) else { return }
        if rel.contains("canonical"), canonicalLink == nil {
            canonicalLink = Self.attribute(node, "href").flatMap(Self.nonEmpty)
        }
        // `rel="alternate"` only: `rel="alternate stylesheet"` and translations (`hreflang`) share the word.
        guard rel.contains("alternate"), !rel.contains("stylesheet"), feedLinks.count < Self.maximumListed,
            let type = Self.attribute(node, "type").map({ $0.lowercased().split(separator: ";")[0].trimmingCharacters(in: .whitespaces) }),
            FeedLink.types.contains(type), let href = Self.attribute(node, "href").flatMap(Self.nonEmpty)
        else { return }
        feedLinks.append(FeedLink(href: href, type: type, title: Self.attribute(node, "title").flatMap(Self.nonEmpty)))
    }

    /// Reads the first `<base href>`.
    mutating func noteBase(_ node: xmlNodePtr) {
        guard baseHref == nil else { return }
        baseHref = Self.attribute(node, "href").flatMap(Self.nonEmpty)
    }

    /// Keeps the text of a `<script type="application/ld+json">` (within the size bounds).
    mutating func noteScript(_ node: xmlNodePtr) {
        guard jsonLD.count < Self.maximumScripts,
            Self.attribute(node, "type")?.lowercased().filter({ !$0.isWhitespace }) == "application/ld+json"
        else { return }
        var bytes: [UInt8] = []
        var child = node.pointee.children
        while let current = child {
            if let content = current.pointee.content {
                let length = strlen(UnsafeRawPointer(content).assumingMemoryBound(to: CChar.self))
                guard bytes.count + length <= Self.maximumScriptBytes,
                    scriptBytes + bytes.count + length <= 4 * Self.maximumScriptBytes
                else { return }
                bytes.append(contentsOf: UnsafeBufferPointer(start: UnsafePointer(content), count: length))
            }
            child = current.pointee.next
        }
        guard !bytes.isEmpty else { return }
        scriptBytes += bytes.count
        jsonLD.append(String(decoding: bytes, as: UTF8.self))
    }

    /// Notes an element of the tree that carries a direction, a time or a byline.
    ///
    /// - Parameters:
    ///   - index: The element's node index.
    ///   - direction: Its `dir` attribute.
    ///   - datetime: Its `datetime` attribute, for `<time>`.
    ///   - role: What its `pubdate` or `itemprop` says the time is.
    ///   - byline: Whether it looks like a byline.
    ///   - name: Whether it is `itemprop="name"`.
    mutating func noteElement(_ index: Int32, direction: String?, datetime: String?, role: TimeRole, byline: Bool, name: Bool) {
        if let direction = direction.flatMap(Self.nonEmpty), directions.count < Self.maximumListed {
            directions.append((index, direction.lowercased()))
        }
        if let datetime = datetime.flatMap(Self.nonEmpty), times.count < Self.maximumListed {
            times.append((index, datetime, role))
        }
        if byline, bylines.count < Self.maximumListed { bylines.append(index) }
        if name, names.count < 4 * Self.maximumListed { names.append(index) }
    }

    /// Whether an element's `class`/`id`, `rel` or `itemprop` mark it as a byline (the test
    /// Readability.js applies).
    /// Runs for every element of every page: plain byte searches, not `String.contains`, whose
    /// searcher builds a hashed table per call.
    static func looksLikeByline(className: String, identifier: String, rel: String, itemprop: String) -> Bool {
        if !rel.isEmpty, rel.split(whereSeparator: \.isWhitespace).contains("author") { return true }
        if !itemprop.isEmpty, offset(of: "author", in: itemprop) != nil { return true }
        for hint in [className, identifier] where !hint.isEmpty {
            if offset(of: "byline", in: hint) != nil || offset(of: "dateline", in: hint) != nil || offset(of: "writtenby", in: hint) != nil {
                return true
            }
            // "author", but not "authorization" or "authorize".
            if let start = offset(of: "author", in: hint) {
                let after = hint.utf8.dropFirst(start + 6).first
                if after != UInt8(ascii: "i") { return true }
            }
        }
        return false
    }

    /// Where the ASCII `needle` first occurs in `text`, as a UTF-8 offset.
    static func offset(of needle: StaticString, in text: String) -> Int? {
        let pattern = UnsafeBufferPointer(start: needle.utf8Start, count: needle.utf8CodeUnitCount)
        var text = text
        return text.withUTF8 { bytes -> Int? in
            guard pattern.count > 0, bytes.count >= pattern.count else { return nil }
            var index = 0
            while index <= bytes.count - pattern.count {
                if bytes[index] == pattern[0] {
                    var matched = 1
                    while matched < pattern.count && bytes[index + matched] == pattern[matched] { matched += 1 }
                    if matched == pattern.count { return index }
                }
                index += 1
            }
            return nil
        }
    }

    // MARK: - libxml2 helpers

    static func attribute(_ node: xmlNodePtr, _ wanted: String) -> String? {
        var attribute = node.pointee.properties
        while let current = attribute {
            if let name = current.pointee.name, String(cString: name).lowercased() == wanted {
                return HTMLTreeBuilder.attributeValue(current)
            }
            attribute = current.pointee.next
        }
        return nil
    }

    static func nonEmpty(_ text: String) -> String? {
        let collapsed = Whitespace.collapsed(text)
        return collapsed.isEmpty ? nil : collapsed
    }
}
