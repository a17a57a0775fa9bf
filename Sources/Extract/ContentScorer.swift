/// Finds the element holding the article, readability-style: every paragraph scores its
/// ancestors by length and commas, link-dense candidates are discounted, the best one is
/// refined (a shared ancestor of close runners-up, a better-scoring parent) and siblings
/// that score well join it.
struct ContentScorer {
    /// Paragraphs shorter than this (non-whitespace characters) do not vote.
    var minimumParagraph = 25
    /// Ancestor levels a paragraph's score reaches.
    var ancestorLevels = 5
    /// Share of the page's text (outside links and chrome) the choice must hold; a smaller
    /// choice is a lead or a teaser, and is widened to its ancestors until it holds that much.
    var minimumShare = 0.3

    /// The content roots in document order (the chosen element and its accepted
    /// siblings), or an empty array when no paragraph voted.
    func contentRoots(in tree: DOMTree, removed: [Bool], blocks: [TextBlock]) -> [Int] {
        let nodes = tree.nodes
        guard !nodes.isEmpty else { return [] }
        var ownVisible = [Int](repeating: 0, count: nodes.count)
        var ownLink = [Int](repeating: 0, count: nodes.count)
        var ownCommas = [Int](repeating: 0, count: nodes.count)
        var owners: [Int] = []
        var lastBlockOfOwner = [Int](repeating: -1, count: nodes.count)
        for (position, block) in blocks.enumerated() where block.owner >= 0 {
            lastBlockOfOwner[block.owner] = position
            if ownVisible[block.owner] == 0 { owners.append(block.owner) }
            ownVisible[block.owner] += block.visible
            ownLink[block.owner] += block.linkVisible
            ownCommas[block.owner] += block.commas
        }
        var totalVisible = ownVisible
        var totalLink = ownLink
        for index in nodes.indices.reversed() {
            let parent = Int(nodes[index].parent)
            guard parent >= 0 else { continue }
            totalVisible[parent] += totalVisible[index]
            totalLink[parent] += totalLink[index]
        }
        func linkDensity(_ index: Int) -> Double {
            totalVisible[index] == 0 ? 0 : Double(totalLink[index]) / Double(totalVisible[index])
        }

        var score = [Double](repeating: 0, count: nodes.count)
        var isCandidate = [Bool](repeating: false, count: nodes.count)
        var candidates: [Int] = []
        for owner in owners {
            let node = nodes[owner]
            let visible = ownVisible[owner]
            guard !node.tag.isHeading, visible >= minimumParagraph,
                Double(ownLink[owner]) <= 0.5 * Double(visible)
            else { continue }
            let contentScore = 1 + Double(ownCommas[owner]) + Double(min(visible / 100, 3))
            var target = node.tag.isParagraphLike ? Int(node.parent) : owner
            var level = 0
            while target > 0, level < ancestorLevels {
                if !isCandidate[target] {
                    isCandidate[target] = true
                    candidates.append(target)
                    score[target] = initialScore(nodes[target])
                }
                let divider = level == 0 ? 1.0 : (level == 1 ? 2.0 : Double(level) * 3)
                score[target] += contentScore / divider
                target = Int(nodes[target].parent)
                level += 1
            }
        }
        guard !candidates.isEmpty else { return [] }
        for candidate in candidates {
            score[candidate] *= 1 - linkDensity(candidate)
        }
        let ranked = candidates.sorted { score[$0] > score[$1] }
        var top = ranked[0]

        // Runners-up close to the top: their common ancestor holds a split article.
        let runnersUp = ranked.dropFirst().prefix(4).filter { score[$0] >= 0.75 * score[top] }
        if runnersUp.count >= 3 {
            var ancestor = Int(nodes[top].parent)
            while ancestor > 0, nodes[ancestor].tag != .body {
                if runnersUp.filter({ tree.contains(ancestor, $0) }).count >= 3 {
                    top = ancestor
                    break
                }
                ancestor = Int(nodes[ancestor].parent)
            }
        }

        // A parent scoring better than the top (within a third of it on the way) wins.
        var lastScore = score[top]
        let threshold = lastScore / 3
        var parent = Int(nodes[top].parent)
        while parent > 0, nodes[parent].tag != .body {
            if isCandidate[parent] {
                if score[parent] < threshold { break }
                if score[parent] > lastScore {
                    top = parent
                    break
                }
                lastScore = score[parent]
            }
            parent = Int(nodes[parent].parent)
        }

        // An only child stands for its parent.
        while true {
            let parent = Int(nodes[top].parent)
            guard parent > 0, nodes[parent].tag != .body,
                liveChildren(of: parent, in: tree, removed: removed).count == 1
            else { break }
            top = parent
        }

        top = semanticContainer(
            for: top, in: tree, plain: { totalVisible[$0] - totalLink[$0] },
            linkDensity: linkDensity)

        // A choice holding a small part of the page's text is a lead or a teaser: widen it.
        let pageText = Double(totalVisible[0] - totalLink[0])
        while Double(totalVisible[top] - totalLink[top]) < minimumShare * pageText {
            let parent = Int(nodes[top].parent)
            guard parent > 0, nodes[parent].tag != .body else { break }
            top = parent
        }

        let parentOfTop = Int(nodes[top].parent)
        guard parentOfTop >= 0 else { return [top] }
        let siblingThreshold = max(10, score[top] * 0.2)
        var roots: [Int] = []
        for sibling in liveChildren(of: parentOfTop, in: tree, removed: removed) {
            if sibling == top {
                roots.append(sibling)
                continue
            }
            let node = nodes[sibling]
            guard node.tag != .text else { continue }
            let bonus = !node.className.isEmpty && node.className == nodes[top].className ? score[top] * 0.2 : 0
            if isCandidate[sibling], score[sibling] + bonus >= siblingThreshold {
                roots.append(sibling)
            } else if node.tag == .p {
                let visible = totalVisible[sibling]
                let density = linkDensity(sibling)
                if visible > 80, density < 0.25 {
                    roots.append(sibling)
                } else if visible > 0, visible <= 80, density == 0, endsSentence(lastBlockOfOwner[sibling], blocks: blocks) {
                    roots.append(sibling)
                }
            }
        }
        return roots
    }

    /// Whether the page marks the element as the article: `<article>`, `itemprop=articleBody`,
    /// or a CMS article-body class.
    private func isSemantic(_ node: DOMTree.Node) -> Bool {
        node.tag == .article || node.flags.contains(.articleBody) || ChromePatterns.isArticleBody(node.hints)
    }

    /// Moves the choice to the element the page marks as the article: an enclosing one
    /// (scoring often settles on one part of it), or one inside holding most of the text.
    private func semanticContainer(
        for top: Int, in tree: DOMTree, plain: (Int) -> Int,
        linkDensity: (Int) -> Double
    ) -> Int {
        let nodes = tree.nodes
        var ancestor = top
        while ancestor > 0, nodes[ancestor].tag != .body {
            if isSemantic(nodes[ancestor]), linkDensity(ancestor) < 0.5 { return ancestor }
            ancestor = Int(nodes[ancestor].parent)
        }
        var best = -1
        var index = top + 1
        let end = Int(nodes[top].end)
        while index < end {
            if nodes[index].tag != .text, isSemantic(nodes[index]), best < 0 || plain(index) > plain(best) {
                best = index
            }
            index += 1
        }
        if best >= 0, Double(plain(best)) >= 0.7 * Double(plain(top)), linkDensity(best) < 0.5 {
            return best
        }
        return top
    }

    private func initialScore(_ node: DOMTree.Node) -> Double {
        var base: Double
        switch node.tag {
        case .div, .article, .main, .section: base = 5
        case .pre, .td, .blockquote: base = 3
        case .ol, .ul, .dl, .dd, .dt, .li, .form, .address: base = -3
        case .h1, .h2, .h3, .h4, .h5, .h6, .th: base = -5
        default: base = 0
        }
        if node.flags.contains(.articleBody) { base += 30 }
        if node.tag == .article || node.flags.contains(.mainRole) { base += 10 }
        return base + ChromePatterns.classWeight(className: node.className, identifier: node.identifier)
    }

    private func liveChildren(of index: Int, in tree: DOMTree, removed: [Bool]) -> [Int] {
        tree.children(of: index).filter { !removed[$0] && tree.nodes[$0].tag != .text }
    }

    private func endsSentence(_ blockIndex: Int, blocks: [TextBlock]) -> Bool {
        guard blocks.indices.contains(blockIndex),
            let last = blocks[blockIndex].text.unicodeScalars.last
        else { return false }
        return last == "." || last == "!" || last == "?" || last == "\u{06D4}" || last == "\u{061F}"
    }
}
