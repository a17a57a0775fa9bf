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

    /// Bytes `paragraphsText` looks at: `<`, `&`, controls other than tab, line feed and
    /// carriage return, DEL, and the lead bytes of C1 controls (0xC2) and of U+FEFF, U+FFFE and
    /// U+FFFF (0xEF). Runs of other bytes are copied as they are.
    private static let paragraphSpecial: [Bool] = (0...255).map { byte in
        switch byte {
        case 0x00...0x08, 0x0B, 0x0C, 0x0E...0x1F, 0x26, 0x3C, 0x7F, 0xC2, 0xEF: true
        default: false
        }
    }

    /// The text of a fragment whose only markup is `<p>`, `</p>`, `<br>`, `<br/>` or `<br />`
    /// (most feed entries), as the parser path gives it but without libxml2 and a tree: the
    /// text nodes in document order, each after a space, collapsed. `nil` for anything else
    /// (another tag, a reference, or a character the HTML parser might drop or change: ASCII
    /// and C1 controls other than tab, line feed and carriage return, a byte order mark,
    /// U+FFFE and U+FFFF), which then goes through the parser.
    static func paragraphsText(_ utf8: [UInt8]) -> String? {
        var buffer = CollapsingBuffer()
        let space: [UInt8] = [0x20]
        let complete = utf8.withUnsafeBufferPointer { bytes -> Bool in
            paragraphSpecial.withUnsafeBufferPointer { special -> Bool in
                let count = bytes.count
                var index = 0
                while index < count {
                    let runStart = index
                    while index < count, !special[Int(bytes[index])] { index += 1 }
                    if index > runStart { buffer.append(utf8: UnsafeBufferPointer(rebasing: bytes[runStart..<index])) }
                    guard index < count else { break }
                    switch bytes[index] {
                    case UInt8(ascii: "<"):
                        guard let tag = paragraphTags.first(where: { bytes[index...].starts(with: $0) }) else { return false }
                        space.withUnsafeBufferPointer { buffer.append(utf8: $0) }
                        index += tag.count
                    case 0xC2 where index + 1 < count && !(0x80...0x9F).contains(bytes[index + 1]):
                        buffer.append(utf8: UnsafeBufferPointer(rebasing: bytes[index..<(index + 2)]))
                        index += 2
                    case 0xEF
                    where index + 2 < count
                        && !((bytes[index + 1] == 0xBB && bytes[index + 2] == 0xBF)
                            || (bytes[index + 1] == 0xBF && (bytes[index + 2] == 0xBE || bytes[index + 2] == 0xBF))):
                        buffer.append(utf8: UnsafeBufferPointer(rebasing: bytes[index..<(index + 3)]))
                        index += 3
                    default:
                        return false
                    }
                }
                return true
            }
        }
        return complete ? buffer.take() : nil
    }
}
