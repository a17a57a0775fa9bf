internal import CLibXML2
internal import Foundation
public import SyncModel

/// An OPML 1.0/2.0 subscription list: the feed outlines it holds, each with the line it is
/// written on and the categories it sits in.
///
/// An outline with an `xmlUrl` attribute (or of type `rss`/`atom` without one, which is an
/// error of that outline) is a feed; any other outline is a category whose `title` (else `text`)
/// applies to the outlines nested in it. A feed's `category` attribute (OPML 2.0:
/// comma-separated, slash-delimited paths such as `/News/Arabic,/Tech`) adds each part of each
/// path after the nesting ones.
public struct OPMLDocument: Sendable, Equatable {
    /// One feed outline.
    public struct Outline: Sendable, Equatable {
        /// The 1-based line of the `<outline>` element (libxml2's `xmlGetLineNo`: where its start
        /// tag ends, for a tag written over several lines).
        public var line: Int
        public var text: String?
        public var title: String?
        /// `xmlUrl`, trimmed; `nil` when the attribute is absent.
        public var xmlURL: String?
        public var htmlURL: String?
        /// Enclosing categories outermost first, then the `category` attribute's; no repeats.
        public var categories: [String]

        public init(line: Int = 0, text: String? = nil, title: String? = nil, xmlURL: String?, htmlURL: String? = nil, categories: [String] = []) {
            self.line = line
            self.text = text
            self.title = title
            self.xmlURL = xmlURL
            self.htmlURL = htmlURL
            self.categories = categories
        }

        /// The outline's `title`, else its `text`, when not blank.
        public var label: String? { [title, text].lazy.compactMap { $0 }.first { !$0.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty } }
    }

    /// The `<head><title>`.
    public var title: String?
    /// The feed outlines in document order.
    public var outlines: [Outline]

    public init(title: String? = nil, outlines: [Outline]) {
        self.title = title
        self.outlines = outlines
    }

    static let parserReady: Void = { xmlInitParser() }()

    /// Strict XML (an OPML file is a list people edit and tools write; a broken one is reported,
    /// not guessed at), no network, no DTD loading or entity substitution, line numbers past 65535.
    private static let options: Int32 = {
        let flags = XML_PARSE_NONET.rawValue | XML_PARSE_NOERROR.rawValue | XML_PARSE_NOWARNING.rawValue | XML_PARSE_BIG_LINES.rawValue
        return Int32(bitPattern: flags)
    }()

    /// Parses an OPML file.
    /// - Parameters:
    ///   - bytes: The file; its XML declaration or BOM says its encoding (UTF-8 by default).
    ///   - file: Where the bytes come from, for error locations.
    /// - Throws: `SyncError` `.invalidInput` located at `file:line` when the XML is not
    ///   well-formed, or at `file` when the root is not `<opml>` or there is no `<body>`.
    public static func parse(_ bytes: [UInt8], file: String) throws(SyncError) -> OPMLDocument {
        _ = parserReady
        guard let context = xmlNewParserCtxt() else { throw SyncError(.invalidInput, "the XML parser could not be created", location: file) }
        defer { xmlFreeParserCtxt(context) }
        let document = bytes.withUnsafeBufferPointer { buffer in
            buffer.withMemoryRebound(to: CChar.self) { chars in
                xmlCtxtReadMemory(context, chars.baseAddress, Int32(clamping: chars.count), nil, nil, options)
            }
        }
        guard let document, context.pointee.wellFormed != 0 else {
            if let document { xmlFreeDoc(document) }
            let error = xmlCtxtGetLastError(context)?.pointee
            let message = error?.message.map { String(cString: $0).trimmingCharacters(in: .whitespacesAndNewlines) } ?? "empty or unreadable"
            let location = error.map { "\(file):\($0.line)" } ?? file
            throw SyncError(.invalidInput, "not well-formed XML: \(message)", location: location)
        }
        defer { xmlFreeDoc(document) }
        guard let root = xmlDocGetRootElement(document), localName(root) == "opml" else {
            let name = xmlDocGetRootElement(document).map(localName) ?? "none"
            throw SyncError(.invalidInput, "not OPML: the root element is <\(name)>, not <opml>", location: file)
        }
        let head = elements(root).first { localName($0) == "head" }
        guard let body = elements(root).first(where: { localName($0) == "body" }) else {
            throw SyncError(.invalidInput, "not OPML: <opml> has no <body>", location: file)
        }
        let title = head.flatMap { elements($0).first { localName($0) == "title" } }.flatMap { node -> String? in
            guard let content = xmlNodeGetContent(node) else { return nil }
            defer { free(content) }
            return String(cString: content).trimmingCharacters(in: .whitespacesAndNewlines)
        }
        var outlines: [Outline] = []
        collect(body, path: [], into: &outlines)
        return OPMLDocument(title: title, outlines: outlines)
    }

    /// Walks the outlines below `parent` depth first, in document order.
    private static func collect(_ parent: xmlNodePtr, path: [String], into outlines: inout [Outline]) {
        for node in elements(parent) where localName(node) == "outline" {
            let type = attribute(node, "type")?.lowercased()
            let xmlURL = attribute(node, "xmlurl")
            if xmlURL != nil || type == "rss" || type == "atom" {
                var categories = path
                for category in (attribute(node, "category") ?? "").split(separator: ",") {
                    categories += category.split(separator: "/").map { cleanedCategory(String($0)) }
                }
                var seen: Set<String> = []
                let outline = Outline(
                    line: Int(xmlGetLineNo(node)), text: attribute(node, "text"), title: attribute(node, "title"),
                    xmlURL: xmlURL?.trimmingCharacters(in: .whitespacesAndNewlines), htmlURL: attribute(node, "htmlurl"),
                    categories: categories.filter { !$0.isEmpty && seen.insert($0).inserted })
                outlines.append(outline)
                collect(node, path: path, into: &outlines)
            } else {
                let name = cleanedCategory(attribute(node, "title") ?? attribute(node, "text") ?? "")
                collect(node, path: name.isEmpty ? path : path + [name], into: &outlines)
            }
        }
    }

    /// A category name on one line: control characters become spaces, ends trimmed.
    private static func cleanedCategory(_ text: String) -> String {
        String(String.UnicodeScalarView(text.unicodeScalars.map { $0.properties.generalCategory == .control ? " " : $0 }))
            .trimmingCharacters(in: .whitespacesAndNewlines)
    }

    // MARK: - libxml2 helpers

    private static func localName(_ node: xmlNodePtr) -> String {
        node.pointee.name.map { String(cString: $0) }?.lowercased() ?? ""
    }

    private static func elements(_ parent: xmlNodePtr) -> [xmlNodePtr] {
        var result: [xmlNodePtr] = []
        var child = parent.pointee.children
        while let current = child {
            if current.pointee.type == XML_ELEMENT_NODE { result.append(current) }
            child = current.pointee.next
        }
        return result
    }

    /// The value of the attribute named `wanted` in any case (`xmlUrl`, `xmlurl`, `XMLURL` are
    /// all written in the wild), entities and character references replaced.
    private static func attribute(_ node: xmlNodePtr, _ wanted: String) -> String? {
        var property = node.pointee.properties
        while let current = property {
            if current.pointee.name.map({ String(cString: $0).lowercased() }) == wanted {
                guard let value = xmlNodeListGetString(node.pointee.doc, current.pointee.children, 1) else { return "" }
                defer { free(value) }
                return String(cString: value)
            }
            property = current.pointee.next
        }
        return nil
    }
}
