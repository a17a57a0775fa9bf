/// A run of text between block boundaries: what is emitted as one paragraph.
///
/// Block elements (`p`, `div`, `li`, `td`, headings, …) and `<br>` end a run; inline
/// elements (`a`, `b`, `span`, …) do not. Each run belongs to its nearest block ancestor.
struct TextBlock: Sendable {
    /// The text, whitespace collapsed.
    var text: String
    /// Non-whitespace characters.
    var visible: Int
    /// Non-whitespace characters inside links.
    var linkVisible: Int
    var commas: Int
    /// The nearest enclosing block element (-1 when none).
    var owner: Int
    /// The first node contributing text; blocks are in document order of `start`.
    var start: Int

    var linkDensity: Double { visible == 0 ? 0 : Double(linkVisible) / Double(visible) }

    /// Splits the page into blocks in one pass, skipping chrome subtrees.
    ///
    /// - Parameters:
    ///   - tree: The page.
    ///   - removed: Per node, whether it is chrome (`ChromeFilter`); `nil` keeps everything.
    static func blocks(in tree: DOMTree, removed: [Bool]?) -> [TextBlock] {
        var builder = Builder()
        let nodes = tree.nodes
        var openBlocks: [(index: Int, end: Int)] = []
        var index = 0
        while index < nodes.count {
            while let top = openBlocks.last, index >= top.end {
                builder.flush(owner: top.index)
                openBlocks.removeLast()
            }
            let node = nodes[index]
            if let removed, removed[index] {
                if node.tag.isBlock { builder.flush(owner: openBlocks.last?.index ?? -1) }
                index = max(index + 1, Int(node.end))
                continue
            }
            switch node.tag {
            case .text:
                tree.withText(of: index) { text in
                    builder.append(text, of: node, start: index)
                }
            case .br:
                builder.flush(owner: openBlocks.last?.index ?? -1)
            default:
                if node.tag.isBlock {
                    builder.flush(owner: openBlocks.last?.index ?? -1)
                    openBlocks.append((index, Int(node.end)))
                }
            }
            index += 1
        }
        while let top = openBlocks.popLast() { builder.flush(owner: top.index) }
        builder.flush(owner: -1)
        return builder.blocks
    }

    private struct Builder {
        var blocks: [TextBlock] = []
        var buffer = CollapsingBuffer()
        var visible = 0
        var linkVisible = 0
        var commas = 0
        var start = -1

        mutating func append(_ text: UnsafeBufferPointer<UInt8>, of node: DOMTree.Node, start index: Int) {
            buffer.append(utf8: text)
            let added = Int(node.visible)
            if start < 0, added > 0 { start = index }
            visible += added
            commas += Int(node.commas)
            if node.flags.contains(.inLink) { linkVisible += added }
        }

        mutating func flush(owner: Int) {
            defer {
                buffer.reset()
                visible = 0
                linkVisible = 0
                commas = 0
                start = -1
            }
            guard visible > 0, start >= 0, !buffer.isEmpty else { return }
            blocks.append(
                TextBlock(
                    text: buffer.take(), visible: visible, linkVisible: linkVisible,
                    commas: commas, owner: owner, start: start))
        }
    }
}
