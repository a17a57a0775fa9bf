/// A parsed page flattened into document order, the form every extraction pass walks.
///
/// Node `i`'s descendants are exactly `i+1 ..< nodes[i].end`, so subtree sums are one
/// backwards pass and skipping a subtree is one jump: no pass is quadratic.
struct DOMTree: Sendable {
    struct Node: Sendable {
        var tag: HTMLTag
        /// Index of the parent, -1 for the root.
        var parent: Int32
        /// One past the last descendant.
        var end: Int32
        var flags: Flags = []
        /// Text nodes: where their raw UTF-8 lies in `DOMTree.text`. Elements: empty.
        var textStart: Int32 = 0
        var textLength: Int32 = 0
        /// Text nodes: characters that are not whitespace (`TextMetrics.approximateVisibleCount`).
        var visible: Int32 = 0
        /// Text nodes: commas (`TextMetrics.commaCount`).
        var commas: Int32 = 0
        /// Elements: `class`, `id`, `role` and `itemprop` lowercased, space-separated.
        var hints: String = ""
        /// Elements: the `class` attribute alone, lowercased (scoring weighs it apart from `id`).
        var className: String = ""
        /// Elements: the `id` attribute alone, lowercased.
        var identifier: String = ""
    }

    struct Flags: OptionSet, Sendable {
        let rawValue: UInt8
        /// A text node inside an `<a>`.
        static let inLink = Flags(rawValue: 1)
        /// A text node inside a `<p>`.
        static let inParagraph = Flags(rawValue: 2)
        /// An element that is `itemprop="articleBody"` or similar.
        static let articleBody = Flags(rawValue: 4)
        /// An element with a chrome ARIA role (navigation, banner, contentinfo, …).
        static let chromeRole = Flags(rawValue: 8)
        /// An element with the main ARIA role.
        static let mainRole = Flags(rawValue: 16)
    }

    var nodes: [Node] = []
    /// The text of all text nodes, UTF-8, back to back (one buffer instead of a string
    /// per node).
    var text: [UInt8] = []
    /// The `<title>` text, collapsed.
    var documentTitle: String = ""
    /// The `og:title` meta content, collapsed.
    var openGraphTitle: String = ""
    /// What the page says about the article (meta, JSON-LD, `lang`, `dir`...), unread.
    var signals = PageSignals()

    /// Calls `body` with the raw UTF-8 of text node `index`.
    func withText<Result>(of index: Int, _ body: (UnsafeBufferPointer<UInt8>) -> Result) -> Result {
        let node = nodes[index]
        return text.withUnsafeBufferPointer { buffer in
            body(UnsafeBufferPointer(rebasing: buffer[Int(node.textStart)..<Int(node.textStart + node.textLength)]))
        }
    }

    /// The direct element children of `index`, in order.
    func children(of index: Int) -> [Int] {
        var result: [Int] = []
        var child = index + 1
        let end = Int(nodes[index].end)
        while child < end {
            result.append(child)
            child = Int(nodes[child].end)
        }
        return result
    }

    /// Whether `index` lies inside the subtree of `ancestor` (or is it).
    func contains(_ ancestor: Int, _ index: Int) -> Bool {
        index >= ancestor && index < Int(nodes[ancestor].end)
    }
}
