/// The text of an HTML fragment (a feed entry's title, summary or content), for fingerprinting:
/// parsed by the same libxml2 parser as whole pages, so attribute values never leak into the
/// text (`<img alt="a > b">`), scripts and styles are dropped, references are decoded, every
/// tag boundary becomes a space, and whitespace is collapsed. Plain text passes through with
/// its references decoded.
public enum HTMLText {
    public static func plainText(_ html: String) -> String {
        var utf8 = Array(html.utf8)
        // Only markup and references need the parser.
        guard utf8.contains(where: { $0 == UInt8(ascii: "<") || $0 == UInt8(ascii: "&") }) else {
            return Whitespace.collapsed(html)
        }
        // A fragment is parsed inside a body, so text before the first tag is kept as text.
        utf8.insert(contentsOf: Array("<body>".utf8), at: 0)
        let tree = HTMLTreeBuilder.build(utf8: utf8)
        var text: [UInt8] = []
        text.reserveCapacity(tree.text.count + tree.nodes.count)
        for index in tree.nodes.indices where tree.nodes[index].textLength > 0 {
            text.append(UInt8(ascii: " "))
            tree.withText(of: index) { text.append(contentsOf: $0) }
        }
        return Whitespace.collapsed(String(decoding: text, as: UTF8.self))
    }
}
