internal import CLibXML2
internal import Glibc

/// Parses HTML with libxml2's error-recovering parser and flattens the result into a
/// `DOMTree`, leaving out what never carries article text (scripts, styles, media, form
/// controls, comments, hidden elements) and collecting the `<title>` and `og:title`.
enum HTMLTreeBuilder {
    private static let parserReady: Void = { xmlInitParser() }()

    /// Parser options: recover from broken markup, never touch the network, stay quiet,
    /// drop ignorable blanks, ignore `<meta charset>` (the input is already UTF-8), and
    /// skip work nobody reads (no default DTD node, small text stored inline).
    private static let options: Int32 = {
        let flags =
            HTML_PARSE_RECOVER.rawValue | HTML_PARSE_NONET.rawValue | HTML_PARSE_NOERROR.rawValue
            | HTML_PARSE_NOWARNING.rawValue | HTML_PARSE_NOBLANKS.rawValue | HTML_PARSE_IGNORE_ENC.rawValue
            | HTML_PARSE_NODEFDTD.rawValue | HTML_PARSE_COMPACT.rawValue
        return Int32(bitPattern: flags)
    }()

    /// Parses UTF-8 HTML; an unparseable input gives an empty tree.
    ///
    /// - Parameters:
    ///   - html: The page, UTF-8.
    ///   - keepNoscript: Whether `<noscript>` content is kept (as a block) or dropped.
    static func build(utf8 html: [UInt8], keepNoscript: Bool = false) -> DOMTree {
        _ = parserReady
        guard !html.isEmpty else { return DOMTree() }
        let length = Int32(clamping: html.count)
        let document: htmlDocPtr? = html.withUnsafeBufferPointer { buffer in
            buffer.withMemoryRebound(to: CChar.self) { chars in
                htmlReadMemory(chars.baseAddress, length, nil, "UTF-8", options)
            }
        }
        guard let document else { return DOMTree() }
        defer { xmlFreeDoc(document) }
        guard let root = xmlDocGetRootElement(document) else { return DOMTree() }
        var builder = Walker(keepNoscript: keepNoscript)
        builder.tree.signals.noteRoot(root)
        builder.tree.text.reserveCapacity(html.count / 2)
        builder.tree.nodes.reserveCapacity(html.count / 40)
        builder.walk(root)
        return builder.tree
    }

    /// One iterative pre-order walk (no recursion, so deep nesting cannot overflow the stack).
    private struct Walker {
        let keepNoscript: Bool
        var tree = DOMTree()
        /// Open elements: their index and tag, innermost last.
        var open: [(index: Int32, tag: HTMLTag)] = []
        var linkDepth = 0
        var paragraphDepth = 0

        mutating func walk(_ root: xmlNodePtr) {
            var current: xmlNodePtr? = root
            while let node = current {
                let descend = visit(node)
                if descend, let child = node.pointee.children {
                    current = child
                    continue
                }
                // Move to the next sibling, closing every element we climb out of.
                var cursor: xmlNodePtr? = node
                current = nil
                while let here = cursor {
                    if here == root {
                        closeAll()
                        return
                    }
                    if let next = here.pointee.next {
                        current = next
                        break
                    }
                    cursor = here.pointee.parent
                    if cursor != nil { closeInnermost() }
                }
            }
            closeAll()
        }

        /// Records the node; returns whether its children should be walked. An element
        /// whose children are walked stays open until the walk climbs back out of it.
        private mutating func visit(_ node: xmlNodePtr) -> Bool {
            guard tree.nodes.count < Int(Int32.max) - 1 else { return false }
            switch node.pointee.type {
            case XML_TEXT_NODE, XML_CDATA_SECTION_NODE:
                appendText(node)
                return false
            case XML_ELEMENT_NODE:
                return openElement(node)
            default:
                return false
            }
        }

        private mutating func appendText(_ node: xmlNodePtr) {
            guard let content = node.pointee.content else { return }
            let length = strlen(UnsafeRawPointer(content).assumingMemoryBound(to: CChar.self))
            guard length > 0, tree.text.count + length < Int32.max else { return }
            let bytes = UnsafeBufferPointer(start: UnsafePointer(content), count: length)
            var flags: DOMTree.Flags = []
            if linkDepth > 0 { flags.insert(.inLink) }
            if paragraphDepth > 0 { flags.insert(.inParagraph) }
            let index = Int32(tree.nodes.count)
            var text = DOMTree.Node(tag: .text, parent: open.last?.index ?? -1, end: index + 1, flags: flags)
            text.textStart = Int32(tree.text.count)
            text.textLength = Int32(length)
            text.visible = Int32(clamping: TextMetrics.approximateVisibleCount(bytes))
            text.commas = Int32(clamping: TextMetrics.commaCount(bytes))
            tree.text.append(contentsOf: bytes)
            tree.nodes.append(text)
        }

        private mutating func openElement(_ node: xmlNodePtr) -> Bool {
            guard let namePointer = node.pointee.name else { return false }
            let name = String(cString: namePointer)
            var tag = HTMLTag(name: name)
            switch tag {
            case .dropped:
                noteDropped(node)
                return false
            case .noscript:
                guard keepNoscript else { return false }
                tag = .unknownBlock
            case .head:
                collectHead(node)
                return false
            case .title:
                if tree.documentTitle.isEmpty { tree.documentTitle = Whitespace.collapsed(textContent(node)) }
                return false
            case .meta:
                readMeta(node)
                return false
            default:
                break
            }
            let attributes = Attributes(node)
            if attributes.hidden { return false }
            var element = DOMTree.Node(tag: tag, parent: open.last?.index ?? -1, end: 0)
            element.className = attributes.className
            element.identifier = attributes.identifier
            element.hints = attributes.hints
            if attributes.articleBody { element.flags.insert(.articleBody) }
            let index = Int32(tree.nodes.count)
            let datetime = tag == .inline && name == "time" ? attributes.datetime : nil
            if attributes.mayCarryMetadata || datetime != nil {
                tree.signals.noteElement(
                    index, direction: attributes.direction, datetime: datetime,
                    role: attributes.timeRole, byline: attributes.byline, name: attributes.itempropName)
            }
            switch attributes.role {
            case "navigation", "banner", "contentinfo", "complementary", "menu", "menubar", "search",
                "dialog", "alertdialog", "tablist", "toolbar":
                element.flags.insert(.chromeRole)
            case "main", "article":
                element.flags.insert(.mainRole)
            default:
                break
            }
            element.end = index + 1
            tree.nodes.append(element)
            guard node.pointee.children != nil else { return false }
            open.append((index, tag))
            if tag == .a { linkDepth += 1 }
            if tag == .p { paragraphDepth += 1 }
            return true
        }

        private mutating func closeInnermost() {
            guard let (index, tag) = open.popLast() else { return }
            tree.nodes[Int(index)].end = Int32(tree.nodes.count)
            if tag == .a { linkDepth -= 1 }
            if tag == .p { paragraphDepth -= 1 }
        }

        private mutating func closeAll() {
            while !open.isEmpty { closeInnermost() }
        }

        private mutating func collectHead(_ head: xmlNodePtr) {
            var child = head.pointee.children
            while let node = child {
                if node.pointee.type == XML_ELEMENT_NODE, let name = node.pointee.name {
                    switch HTMLTag(name: String(cString: name)) {
                    case .title where tree.documentTitle.isEmpty:
                        tree.documentTitle = Whitespace.collapsed(textContent(node))
                    case .meta:
                        readMeta(node)
                    case .dropped:
                        noteDropped(node)
                    default:
                        break
                    }
                }
                child = node.pointee.next
            }
        }

        /// `<link>` and `<script>` carry metadata (a canonical URL, JSON-LD), never text.
        private mutating func noteDropped(_ node: xmlNodePtr) {
            guard let name = node.pointee.name else { return }
            switch String(cString: name) {
            case "link": tree.signals.noteLink(node)
            case "base": tree.signals.noteBase(node)
            case "script": tree.signals.noteScript(node)
            default: break
            }
        }

        private mutating func readMeta(_ node: xmlNodePtr) {
            tree.signals.noteMeta(node)
            guard tree.openGraphTitle.isEmpty else { return }
            var key = ""
            var content = ""
            var attribute = node.pointee.properties
            while let current = attribute {
                if let name = current.pointee.name {
                    switch String(cString: name) {
                    case "property", "name": key = attributeValue(current).lowercased()
                    case "content": content = attributeValue(current)
                    default: break
                    }
                }
                attribute = current.pointee.next
            }
            if key == "og:title" { tree.openGraphTitle = Whitespace.collapsed(content) }
        }
    }

    /// The attributes the extractor reads, gathered in one pass over the attribute list.
    private struct Attributes {
        var className = ""
        var identifier = ""
        var role = ""
        var hints = ""
        var hidden = false
        var articleBody = false
        /// For the metadata (`PageSignals`): `dir`, a `<time>`'s `datetime` and what it dates,
        /// and whether the element looks like a byline.
        var direction: String?
        var datetime: String?
        var timeRole = PageSignals.TimeRole.unknown
        var byline = false
        var itempropName = false
        var mayCarryMetadata: Bool { direction != nil || byline || itempropName }

        init(_ node: xmlNodePtr) {
            var itemprop = ""
            var rel = ""
            var attribute = node.pointee.properties
            while let current = attribute {
                if let name = current.pointee.name {
                    switch String(cString: name) {
                    case "class": className = attributeValue(current).lowercased()
                    case "id": identifier = attributeValue(current).lowercased()
                    case "role": role = Whitespace.collapsed(attributeValue(current).lowercased())
                    case "itemprop": itemprop = attributeValue(current).lowercased()
                    case "hidden": hidden = true
                    case "aria-hidden": hidden = hidden || attributeValue(current).lowercased() == "true"
                    case "style": hidden = hidden || Self.styleHides(attributeValue(current))
                    case "dir": direction = attributeValue(current)
                    case "datetime": datetime = attributeValue(current)
                    case "pubdate": timeRole = .published
                    case "rel": rel = attributeValue(current).lowercased()
                    default: break
                    }
                }
                attribute = current.pointee.next
            }
            articleBody = itemprop == "articlebody" || itemprop == "text" || itemprop == "reviewbody"
            if !itemprop.isEmpty {
                if PageSignals.offset(of: "datepublished", in: itemprop) != nil { timeRole = .published }
                if PageSignals.offset(of: "datemodified", in: itemprop) != nil { timeRole = .modified }
                itempropName = PageSignals.offset(of: "name", in: itemprop) != nil
            }
            byline = PageSignals.looksLikeByline(className: className, identifier: identifier, rel: rel, itemprop: itemprop)
            var parts: [String] = []
            for part in [className, identifier, role, itemprop] where !part.isEmpty { parts.append(part) }
            hints = parts.joined(separator: " ")
        }

        private static func styleHides(_ style: String) -> Bool {
            let compact = String(style.lowercased().unicodeScalars.filter { !Whitespace.isSpace($0) })
            return compact.contains("display:none") || compact.contains("visibility:hidden")
        }
    }

    /// An attribute's value: the text of its children (libxml2 keeps entity parts apart).
    static func attributeValue(_ attribute: UnsafeMutablePointer<xmlAttr>) -> String {
        var value = ""
        var child = attribute.pointee.children
        while let node = child {
            if let content = node.pointee.content { value += String(cString: content) }
            child = node.pointee.next
        }
        return value
    }

    /// All text below `node`, iteratively (used for `<title>`, which holds one text node).
    private static func textContent(_ node: xmlNodePtr) -> String {
        var text = ""
        var current = node.pointee.children
        while let here = current {
            if here.pointee.type == XML_TEXT_NODE || here.pointee.type == XML_CDATA_SECTION_NODE,
                let content = here.pointee.content
            {
                text += String(cString: content)
            }
            if let child = here.pointee.children {
                current = child
                continue
            }
            var cursor: xmlNodePtr? = here
            current = nil
            while let climbing = cursor, climbing != node {
                if let next = climbing.pointee.next {
                    current = next
                    break
                }
                cursor = climbing.pointee.parent
            }
        }
        return text
    }
}
