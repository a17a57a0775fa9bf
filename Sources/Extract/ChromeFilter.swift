/// Decides which elements are page chrome: structural chrome (`nav`, `header`, `footer`,
/// `aside`, `menu`, `form`), chrome ARIA roles, and chrome-looking class/id names.
///
/// An element is kept anyway when it also looks like content (or is marked as the article
/// body) and holds substantial prose, or when it holds at least half of the page's text
/// outside links (a whole page wrapped in `<form>`, an `offcanvas-wrap` layout wrapper).
/// A `<header>` inside an `<article>` or `<main>` holds the headline and lead: not chrome.
struct ChromeFilter {
    /// Prose (characters outside links, in `<p>` or in long text runs) that counts as substantial.
    var substantialText = 400
    /// Share of the page's text outside links above which an element holding substantial
    /// prose is a layout wrapper, never chrome.
    var dominantShare = 0.5

    /// One flag per node: `true` when the node is chrome or inside chrome.
    func removedNodes(in tree: DOMTree) -> [Bool] {
        let nodes = tree.nodes
        // Text outside links, and the part of it that reads like prose: inside a <p>, or a
        // long run of text (editors that write <div>/<span> paragraphs).
        var plainChars = [Int32](repeating: 0, count: nodes.count)
        var proseChars = [Int32](repeating: 0, count: nodes.count)
        for index in nodes.indices where nodes[index].tag == .text {
            let flags = nodes[index].flags
            guard !flags.contains(.inLink) else { continue }
            let visible = nodes[index].visible
            plainChars[index] = visible
            if flags.contains(.inParagraph) || visible >= 60 { proseChars[index] = visible }
        }
        for index in nodes.indices.reversed() {
            let parent = Int(nodes[index].parent)
            guard parent >= 0 else { continue }
            plainChars[parent] &+= plainChars[index]
            proseChars[parent] &+= proseChars[index]
        }
        let pagePlain = nodes.isEmpty ? 0 : Double(plainChars[0])

        var removed = [Bool](repeating: false, count: nodes.count)
        // Inside an <article> or <main>, a <header> holds the headline and lead, not chrome.
        var inArticle = [Bool](repeating: false, count: nodes.count)
        var verdicts: [String: Bool] = [:]
        for index in nodes.indices {
            let node = nodes[index]
            let parent = Int(node.parent)
            if parent >= 0, removed[parent] {
                removed[index] = true
                continue
            }
            guard node.tag != .text else { continue }
            inArticle[index] =
                (parent >= 0 && inArticle[parent]) || node.tag == .article || node.tag == .main
                || node.flags.contains(.mainRole) || node.flags.contains(.articleBody)
            guard node.tag != .html, node.tag != .body else { continue }
            if node.tag == .header, parent >= 0, inArticle[parent], !node.flags.contains(.chromeRole),
                !ChromePatterns.isChrome(node.hints)
            {
                continue
            }
            guard isChrome(node, verdicts: &verdicts) else { continue }
            let prose = Int(proseChars[index])
            let looksLikeContent =
                node.flags.contains(.articleBody) || node.flags.contains(.mainRole)
                || ChromePatterns.isContent(node.hints)
            if looksLikeContent, prose >= substantialText { continue }
            if prose >= substantialText / 4, Double(plainChars[index]) >= dominantShare * pagePlain { continue }
            removed[index] = true
        }
        return removed
    }

    /// Chrome by tag, role or hints; hint verdicts are memoized, as pages repeat classes.
    private func isChrome(_ node: DOMTree.Node, verdicts: inout [String: Bool]) -> Bool {
        if node.tag.isStructuralChrome || node.flags.contains(.chromeRole) { return true }
        guard !node.hints.isEmpty else { return false }
        if let known = verdicts[node.hints] { return known }
        let verdict = ChromePatterns.isChrome(node.hints)
        verdicts[node.hints] = verdict
        return verdict
    }
}
