internal import CLibXML2
public import Foundation
public import SyncConfig

/// OPML 2.0 output. Categories are written as nested outlines (a feed tagged `["News",
/// "Arabic"]` sits in `News`, itself holding `Arabic`), which every reader understands and which
/// `parse` reads back as the same categories in the same order, whatever characters they hold
/// (the `category` attribute could not carry a `,` or a `/`). Outlines keep their order: a
/// category is opened again when a feed of another category came between.
extension OPMLDocument {
    /// The feed sources of `config`, in file order: each an outline named after the source
    /// (`text` and `title`), its URL, and its tags as categories.
    public init(feedsOf config: SyncdConfig, title: String = "syncd feeds") {
        let outlines = config.sources.compactMap { source in
            source.feed.map { Outline(text: source.name, title: source.name, xmlURL: $0.url, categories: source.tags) }
        }
        self.init(title: title, outlines: outlines)
    }

    /// The document as UTF-8 XML, indented, with the head's title and creation date.
    /// - Parameter created: written as the head's `dateCreated` (RFC 822, GMT).
    public func xml(created: Date) -> [UInt8] {
        _ = Self.parserReady
        guard let document = xmlNewDoc("1.0") else { return [] }
        defer { xmlFreeDoc(document) }
        let root = xmlNewNode(nil, "opml")
        xmlNewProp(root, "version", "2.0")
        xmlDocSetRootElement(document, root)
        let head = xmlNewChild(root, nil, "head", nil)
        xmlNewTextChild(head, nil, "title", title ?? "syncd feeds")
        xmlNewTextChild(head, nil, "dateCreated", Self.rfc822(created))
        let body = xmlNewChild(root, nil, "body", nil)!
        // The categories of the previous outline, still open: a run of outlines in the same
        // categories shares them, and the outlines keep their order.
        var open: [(name: String, node: xmlNodePtr)] = []
        for outline in outlines {
            let shared = zip(open, outline.categories).prefix { $0.name == $1 }.count
            open.removeLast(open.count - shared)
            for name in outline.categories[shared...] {
                let category = xmlNewChild(open.last?.node ?? body, nil, "outline", nil)!
                xmlNewProp(category, "text", name)
                xmlNewProp(category, "title", name)
                open.append((name, category))
            }
            let node = xmlNewChild(open.last?.node ?? body, nil, "outline", nil)
            xmlNewProp(node, "type", "rss")
            if let text = outline.text ?? outline.title { xmlNewProp(node, "text", text) }
            if let title = outline.title ?? outline.text { xmlNewProp(node, "title", title) }
            if let url = outline.xmlURL { xmlNewProp(node, "xmlUrl", url) }
            if let url = outline.htmlURL { xmlNewProp(node, "htmlUrl", url) }
        }
        var buffer: UnsafeMutablePointer<xmlChar>?
        var size: Int32 = 0
        xmlDocDumpFormatMemoryEnc(document, &buffer, &size, "UTF-8", 1)
        guard let buffer else { return [] }
        defer { free(buffer) }
        return Array(UnsafeBufferPointer(start: buffer, count: Int(size)))
    }

    /// `Mon, 01 Dec 2026 10:00:00 GMT`, as OPML 2.0 dates are written.
    static func rfc822(_ date: Date) -> String {
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = TimeZone(identifier: "GMT")
        formatter.dateFormat = "EEE, dd MMM yyyy HH:mm:ss 'GMT'"
        return formatter.string(from: date)
    }
}
