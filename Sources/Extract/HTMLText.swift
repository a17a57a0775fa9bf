/// The text of an HTML fragment (a feed entry's title, summary or content), for fingerprinting:
/// parsed by the same libxml2 parser as whole pages, so attribute values never leak into the
/// text (`<img alt="a > b">`), scripts and styles are dropped, references are decoded, every
/// tag boundary becomes a space, and whitespace is collapsed. Plain text passes through with
/// its references decoded.
public enum HTMLText {
    public static func plainText(_ html: String) -> String {
        let utf8 = Array(html.utf8)
        // Only markup and references need the parser.
        guard utf8.contains(where: { $0 == UInt8(ascii: "<") || $0 == UInt8(ascii: "&") }) else {
            return Whitespace.collapsed(html)
        }
        return paragraphsText(utf8) ?? parsedText(utf8)
    }

    /// The text of a fragment by libxml2's HTML parser and the page tree.
    static func parsedText(_ fragment: [UInt8]) -> String {
        // A fragment is parsed inside a body, so text before the first tag is kept as text.
        let tree = HTMLTreeBuilder.build(utf8: Array("<body>".utf8) + fragment)
        var text: [UInt8] = []
        text.reserveCapacity(tree.text.count + tree.nodes.count)
        for index in tree.nodes.indices where tree.nodes[index].textLength > 0 {
            text.append(UInt8(ascii: " "))
            tree.withText(of: index) { text.append(contentsOf: $0) }
        }
        return Whitespace.collapsed(String(decoding: text, as: UTF8.self))
    }

    private static let paragraphTags: [[UInt8]] = ["<p>", "</p>", "<br>", "<br/>", "<br />"].map { Array($0.utf8) }

    /// The text of a fragment whose only markup is `<p>`, `</p>`, `<br>`, `<br/>` or `<br />`
    /// (most feed entries), as the parser path gives it but without libxml2 and a tree: the
    /// text nodes in document order, each after a space, collapsed. `nil` for anything else
    /// (another tag, a reference, or a character the HTML parser might drop or change: ASCII
    /// and C1 controls other than tab, line feed and carriage return, a byte order mark,
    /// U+FFFE and U+FFFF), which then goes through the parser.
    static func paragraphsText(_ utf8: [UInt8]) -> String? {
        let tags = paragraphTags
        var text: [UInt8] = []
        text.reserveCapacity(utf8.count + 1)
        let count = utf8.count
        var index = 0
        while index < count {
            let byte = utf8[index]
            switch byte {
            case UInt8(ascii: "<"):
                guard let tag = tags.first(where: { utf8[index...].starts(with: $0) }) else { return nil }
                text.append(0x20)
                index += tag.count
                continue
            case UInt8(ascii: "&"), 0x00...0x08, 0x0B, 0x0C, 0x0E...0x1F, 0x7F:
                return nil
            case 0xC2 where index + 1 < count && (0x80...0x9F).contains(utf8[index + 1]):
                return nil
            case 0xEF
            where index + 2 < count && (utf8[index + 1] == 0xBB && utf8[index + 2] == 0xBF)
                || (utf8[index + 1] == 0xBF && (utf8[index + 2] == 0xBE || utf8[index + 2] == 0xBF)):
                return nil
            default:
                text.append(byte)
            }
            index += 1
        }
        var buffer = CollapsingBuffer()
        text.withUnsafeBufferPointer { buffer.append(utf8: $0) }
        return buffer.take()
    }
}
