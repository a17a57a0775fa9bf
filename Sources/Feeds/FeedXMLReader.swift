internal import CLibXML2
internal import Foundation
internal import Glibc

/// Maps a parsed XML tree of any RSS or Atom version onto `ParsedFeed`. Elements are
/// named by a canonical prefix for their namespace (Atom and the RSS 1.0/0.90 namespaces
/// map to none, as in feedparser), so one set of rules covers every format.
struct FeedXMLReader {
    let document: xmlDocPtr
    /// Names worked out so far: the document is read-only while it is read.
    private let names = NameCache()

    init(document: xmlDocPtr) {
        self.document = document
    }

    private final class NameCache {
        var prefixes: [xmlNsPtr: String] = [:]
        var parent: xmlNodePtr?
        var elements: [(node: xmlNodePtr, name: String)] = []
        /// Bases parsed for `resolve` (`nil`: no usable base), by their text.
        var baseURLs: [String: URL?] = [:]
    }

    /// Namespace URI (lowercased, without a trailing `/` or `#`) → canonical prefix.
    private static let prefixes: [String: String] = [
        "http://www.w3.org/2005/atom": "", "http://purl.org/atom/ns": "", "http://purl.org/rss/1.0": "",
        "http://my.netscape.com/rdf/simple/0.9": "", "http://backend.userland.com/rss2": "",
        "http://blogs.law.harvard.edu/tech/rss": "", "http://backend.userland.com/rss": "",
        "http://www.w3.org/1999/02/22-rdf-syntax-ns": "rdf:", "http://purl.org/rss/1.0/modules/content": "content:",
        "http://purl.org/dc/elements/1.1": "dc:", "http://purl.org/dc/terms": "dcterms:",
        "http://search.yahoo.com/mrss": "media:", "http://www.w3.org/1999/xhtml": "xhtml:",
        "http://www.itunes.com/dtds/podcast-1.0.dtd": "itunes:",
    ]

    /// The feed, or `nil` when the root element is not a feed's.
    func read() -> ParsedFeed? {
        guard let root = xmlDocGetRootElement(document) else { return nil }
        let rootName = name(root)
        let channel: xmlNodePtr
        var itemParents: [xmlNodePtr]
        switch rootName {
        case "feed", "channel":
            channel = root
            itemParents = [root]
        case "rss", "rdf:rdf":
            channel = children(root).first { name($0) == "channel" } ?? root
            itemParents = channel == root ? [root] : [channel, root]
        default:
            return nil
        }
        var feed = ParsedFeed()
        feed.format = format(root)
        feed.title = first(of: ["title", "dc:title"], in: channel).map(value)
        feed.link = link(in: channel)
        feed.language =
            first(of: ["language", "dc:language"], in: channel).map(text)
            ?? language(of: channel) ?? language(of: root)
        feed.language = feed.language?.replacingOccurrences(of: "_", with: "-")
        // Atom 0.3 calls it `modified`; RSS 2.0 `lastBuildDate`.
        feed.updated = first(of: ["updated", "modified", "lastbuilddate", "dc:date", "dcterms:modified"], in: channel)
            .flatMap { FeedDate.parse(text($0)) }
        feed.ttl = first(of: ["ttl"], in: channel).map(text).flatMap { Int($0.trimmingCharacters(in: .whitespaces)) }.flatMap { $0 > 0 ? $0 : nil }
        if itemParents.count == 2, itemParents[0] == itemParents[1] { itemParents.removeLast() }
        for parent in itemParents {
            for node in children(parent) where ["item", "entry"].contains(name(node)) {
                feed.entries.append(entry(node))
            }
        }
        return feed
    }

    /// `RSS 2.0`, `RSS 1.0`, `Atom 1.0`...: from the root's name, version and namespace.
    private func format(_ root: xmlNodePtr) -> String {
        let namespace = root.pointee.ns?.pointee.href.map { String(cString: $0) }?.lowercased() ?? ""
        switch name(root) {
        case "rss":
            let version = attribute(root, "version").map(trimmed) ?? ""
            return version.isEmpty ? "RSS" : "RSS \(version)"
        case "rdf:rdf":
            let channel = children(root).first { name($0) == "channel" }
            let channelNamespace = channel?.pointee.ns?.pointee.href.map { String(cString: $0) }?.lowercased() ?? namespace
            return channelNamespace.contains("netscape") ? "RSS 0.90" : "RSS 1.0"
        case "feed":
            return namespace.contains("purl.org/atom/ns") ? "Atom 0.3" : "Atom 1.0"
        default:
            return "RSS"
        }
    }

    private func entry(_ item: xmlNodePtr) -> ParsedEntry {
        var entry = ParsedEntry()
        let guid = first(of: ["guid"], in: item)
        entry.id =
            (guid ?? first(of: ["id"], in: item)).map(text).flatMap(nonEmpty)
            ?? rdfAbout(item)
        entry.title =
            first(of: ["title", "dc:title", "media:title"], in: item).map(value)
            ?? media(item, "media:title").map(value)
        entry.link = link(in: item)
        if entry.link == nil, let guid, let id = entry.id, attribute(guid, "ispermalink")?.lowercased() != "false",
            id.hasPrefix("http://") || id.hasPrefix("https://")
        {
            entry.link = id
        }
        entry.published = first(of: ["pubdate", "published", "issued", "dcterms:issued"], in: item)
            .flatMap { FeedDate.parse(text($0)) }
        entry.updated = first(of: ["updated", "modified", "dc:date", "dcterms:modified"], in: item)
            .flatMap { FeedDate.parse(text($0)) }
        for node in children(item) {
            switch name(node) {
            case "author", "dc:creator", "dc:author", "itunes:author":
                guard let (author, detail) = person(node), !entry.authorDetails.contains(detail) else { break }
                entry.authorDetails.append(detail)
                if let author, !entry.authors.contains(author) { entry.authors.append(author) }
            default: break
            }
        }
        entry.summary =
            first(of: ["description", "summary", "dc:description", "itunes:summary"], in: item).map(value)
            ?? media(item, "media:description").map(value)
        entry.content = first(of: ["content:encoded", "content", "xhtml:body", "body", "fullitem"], in: item).map(value)
        return entry
    }

    // MARK: - Element values

    /// RSS 1.0's `rdf:about`, the item's URI, when it has no `guid`.
    private func rdfAbout(_ item: xmlNodePtr) -> String? {
        var property = item.pointee.properties
        while let current = property {
            if current.pointee.name.map({ String(cString: $0) }) == "about", let text = current.pointee.children?.pointee.content {
                return nonEmpty(String(cString: text))
            }
            property = current.pointee.next
        }
        return nil
    }

    /// An author: Atom's `name` (with `email` in parentheses), or the element's text (`nil`
    /// for a person with only a URL); and the same split into name, email and URL (an RSS
    /// text by `FeedPerson(text:)`).
    private func person(_ node: xmlNodePtr) -> (String?, FeedPerson)? {
        let parts = children(node)
        if parts.contains(where: { $0.pointee.type == XML_ELEMENT_NODE }) {
            let personName = first(of: ["name"], in: node).map(text).flatMap(nonEmpty)
            let email = first(of: ["email"], in: node).map(text).flatMap(nonEmpty)
            let uri = first(of: ["uri", "url", "homepage"], in: node).map(text).flatMap(nonEmpty).map { resolve($0, at: node) }
            let detail = FeedPerson(name: personName, email: email, url: uri)
            switch (personName, email) {
            case let (name?, email?): return ("\(name) (\(email))", detail)
            case let (name?, nil): return (name, detail)
            case let (nil, email?): return (email, detail)
            default: return uri == nil ? nil : (nil, detail)
            }
        }
        return nonEmpty(text(node)).map { ($0, FeedPerson(text: $0)) }
    }

    /// The alternate link: RSS's `<link>` text, or the `href` of an Atom `<link>` whose `rel`
    /// is absent or `alternate`, resolved against `xml:base` and the feed's URL.
    private func link(in parent: xmlNodePtr) -> String? {
        var atomLink: String?
        for node in children(parent) where name(node) == "link" {
            if let href = attribute(node, "href") {
                // An RSS channel's `atom:link rel="self"` is the feed itself, never its link.
                let rel = attribute(node, "rel").map(trimmed)?.lowercased().nilIfEmpty ?? "alternate"
                if rel == "alternate", atomLink == nil { atomLink = resolve(href, at: node) }
            } else if let value = nonEmpty(text(node)) {
                return resolve(value, at: node)
            }
        }
        return atomLink
    }

    /// A text construct: decoded from base64, the markup of inline XHTML or HTML, or the
    /// text; links inside markup are made absolute.
    private func value(_ node: xmlNodePtr) -> String {
        let type = attribute(node, "type").map(trimmed)?.lowercased().nilIfEmpty
        let mode = attribute(node, "mode")?.lowercased()
        let isMarkup = type.map { $0.contains("html") } ?? true
        let isBinary = type.map { !["text", "html", "xhtml"].contains($0) && !$0.hasPrefix("text/") && !$0.contains("xml") } ?? false
        if mode == "base64" || isBinary {
            let encoded = text(node).filter { !$0.isWhitespace }
            if let data = Data(base64Encoded: encoded) {
                let decoded = trimmed(String(decoding: data, as: UTF8.self))
                return isMarkup ? RelativeURIResolver.resolveAttributes(in: decoded, against: base(of: node)) : decoded
            }
        }
        let elements = children(node).filter { $0.pointee.type == XML_ELEMENT_NODE }
        var result: String
        if type == "xhtml" || type == "application/xhtml+xml" || mode == "xml" || !elements.isEmpty {
            let bareDiv =
                elements.count == 1 && name(elements[0]) == "xhtml:div"
                && !children(node).contains(where: { $0.pointee.type == XML_TEXT_NODE && nonEmpty(ownText($0)) != nil })
            result = trimmed(innerXML(type == "xhtml" && bareDiv ? elements[0] : node))
        } else {
            result = text(node)
        }
        // Without a tag there is no attribute to resolve, and the base need not be looked up.
        if isMarkup, type != "text", result.utf8.contains(UInt8(ascii: "<")) {
            result = RelativeURIResolver.resolveAttributes(in: result, against: base(of: node))
        }
        return result
    }

    private func innerXML(_ node: xmlNodePtr) -> String {
        guard let buffer = xmlBufferCreate() else { return "" }
        defer { xmlBufferFree(buffer) }
        for child in children(node) { xmlNodeDump(buffer, document, child, 0, 0) }
        guard let content = xmlBufferContent(buffer) else { return "" }
        // The XHTML namespace is the default of what the markup is read as; repeating it is noise.
        return String(cString: content).replacingOccurrences(of: " xmlns=\"http://www.w3.org/1999/xhtml\"", with: "")
    }

    /// The concatenated text and CDATA below `node`.
    private func text(_ node: xmlNodePtr) -> String {
        var result = ""
        collectText(node, into: &result)
        return trimmed(result)
    }

    private func collectText(_ node: xmlNodePtr, into result: inout String) {
        var child = node.pointee.children
        while let current = child {
            switch current.pointee.type {
            case XML_TEXT_NODE, XML_CDATA_SECTION_NODE: result += ownText(current)
            case XML_ELEMENT_NODE, XML_ENTITY_REF_NODE: collectText(current, into: &result)
            default: break
            }
            child = current.pointee.next
        }
    }

    private func ownText(_ node: xmlNodePtr) -> String {
        node.pointee.content.map { String(cString: $0) } ?? ""
    }

    // MARK: - Tree helpers

    /// `prefix:local`, lowercased, with the canonical prefix of the element's namespace.
    func name(_ node: xmlNodePtr) -> String {
        let local = node.pointee.name.map(Self.lowercased) ?? ""
        guard let namespace = node.pointee.ns else { return local }
        return prefix(of: namespace) + local
    }

    /// The canonical prefix (`""`, `dc:`...) of a namespace, worked out once per namespace
    /// declaration of the document: every element of a feed asks, many times.
    private func prefix(of namespace: xmlNsPtr) -> String {
        if let known = names.prefixes[namespace] { return known }
        var uri = namespace.pointee.href.map { String(cString: $0) }?.lowercased() ?? ""
        while uri.hasSuffix("/") || uri.hasSuffix("#") { uri.removeLast() }
        // Feeds that write the namespaces with https (`https://www.w3.org/2005/Atom`) mean the same.
        if uri.hasPrefix("https://") { uri = "http://" + uri.dropFirst(8) }
        let prefix = Self.prefixes[uri] ?? namespace.pointee.prefix.map { String(cString: $0).lowercased() + ":" } ?? ""
        names.prefixes[namespace] = prefix
        return prefix
    }

    /// A C string lowercased; copied once, without `lowercased()`'s second pass, when it is
    /// ASCII without capitals (nearly every element and attribute name).
    private static func lowercased(_ text: UnsafePointer<xmlChar>) -> String {
        var length = 0, plain = true
        while text[length] != 0 {
            let byte = text[length]
            if byte >= 0x80 || (byte >= 0x41 && byte <= 0x5A) { plain = false }
            length += 1
        }
        let string = String(decoding: UnsafeBufferPointer(start: text, count: length), as: UTF8.self)
        return plain ? string : string.lowercased()
    }

    private func children(_ node: xmlNodePtr) -> [xmlNodePtr] {
        var result: [xmlNodePtr] = []
        var child = node.pointee.children
        while let current = child {
            result.append(current)
            child = current.pointee.next
        }
        return result
    }

    /// The first element child named by the first of `names` that one has. The children's
    /// names are worked out once per parent and kept (an item is asked a dozen times).
    private func first(of names: [String], in parent: xmlNodePtr) -> xmlNodePtr? {
        let elements = namedElements(parent)
        for wanted in names {
            if let found = elements.first(where: { $0.name == wanted }) { return found.node }
        }
        return nil
    }

    /// The element children of `parent` with their names, in order; cached for the last parent asked.
    private func namedElements(_ parent: xmlNodePtr) -> [(node: xmlNodePtr, name: String)] {
        if names.parent == parent { return names.elements }
        var elements: [(node: xmlNodePtr, name: String)] = []
        var child = parent.pointee.children
        while let current = child {
            if current.pointee.type == XML_ELEMENT_NODE { elements.append((current, name(current))) }
            child = current.pointee.next
        }
        names.parent = parent
        names.elements = elements
        return elements
    }

    /// `media:title` and the like, also inside `media:group` or `media:content`.
    private func media(_ item: xmlNodePtr, _ wanted: String) -> xmlNodePtr? {
        for group in children(item) where ["media:group", "media:content"].contains(name(group)) {
            if let found = first(of: [wanted], in: group) { return found }
            if let found = media(group, wanted) { return found }
        }
        return nil
    }

    /// The value of an attribute without a namespace (or in the element's own), by lowercased name.
    private func attribute(_ node: xmlNodePtr, _ wanted: String) -> String? {
        var property = node.pointee.properties
        while let current = property {
            let attributeName = current.pointee.name.map(Self.lowercased)
            if attributeName == wanted, current.pointee.ns == nil || current.pointee.ns == node.pointee.ns {
                var result = ""
                var child = current.pointee.children
                while let textNode = child {
                    result += ownText(textNode)
                    child = textNode.pointee.next
                }
                return result
            }
            property = current.pointee.next
        }
        return nil
    }

    private func language(of node: xmlNodePtr) -> String? {
        guard let lang = xmlNodeGetLang(node) else { return nil }
        defer { free(lang) }
        return nonEmpty(String(cString: lang))
    }

    /// `reference` resolved against the element's `xml:base` chain and the document URL.
    private func resolve(_ reference: String, at node: xmlNodePtr) -> String {
        let base = base(of: node) ?? ""
        if let known = names.baseURLs[base] { return RelativeURIResolver.resolve(reference, againstURL: known) }
        let url = RelativeURIResolver.baseURL(base)
        names.baseURLs[base] = url
        return RelativeURIResolver.resolve(reference, againstURL: url)
    }

    private func base(of node: xmlNodePtr) -> String? {
        guard let base = xmlNodeGetBase(document, node) else { return nil }
        defer { free(base) }
        return String(cString: base)
    }

    /// `text` without leading and trailing white space. Walks only the ends (Foundation's
    /// `trimmingCharacters` copies the whole string, which dominated parsing long entries).
    private func trimmed(_ text: String) -> String {
        let scalars = text.unicodeScalars
        var start = scalars.startIndex, end = scalars.endIndex
        while start < end, scalars[start].properties.isWhitespace { start = scalars.index(after: start) }
        while end > start, scalars[scalars.index(before: end)].properties.isWhitespace { end = scalars.index(before: end) }
        if start == scalars.startIndex && end == scalars.endIndex { return text }
        return String(scalars[start..<end])
    }

    private func nonEmpty(_ text: String) -> String? {
        let value = trimmed(text)
        return value.isEmpty ? nil : value
    }
}

extension String {
    fileprivate var nilIfEmpty: String? { isEmpty ? nil : self }
}
