/// Decides, block by block, what of a page dump is the article: jusText's way (blocks are
/// short or long, rich or poor in stop words, and short ones follow their neighbours), plus
/// what only text shows: runs of short lines (menus, headline lists), lines repeated in the
/// page, and lines shaped like dates, counters, URLs, labels and breadcrumbs.
struct PageDumpClassifier: Sendable {
    enum Role: String, Sendable {
        case title, kicker, body, chrome
    }

    struct Decision: Sendable {
        var role: Role
        var reason: String
    }

    /// Words from which a block with enough stop words is a paragraph.
    var longWords = 25
    /// Words from which a block ending a sentence with enough stop words is a paragraph.
    var sentenceWords = 12
    /// Words from which a block is longer than headlines (which end no sentence either).
    var mediumWords = 20
    /// Words from which a block ending a sentence is text unless chrome surrounds it.
    var shortSentenceWords = 6
    /// The stop-word share of a paragraph (jusText's stopwords_low, lower for the union of lists).
    var minimumStopDensity = 0.15
    /// Consecutive short lines that make a list (a menu or headline list).
    var listRun = 3
    /// Per-source hashes (`DumpBlock.lineHash`) of lines known to be the source's chrome.
    var knownChrome: Set<UInt64> = []
    /// Whether decisions carry their reasons (`syncctl extract --explain`); without, every
    /// reason is empty and none is built.
    var explains = false

    private enum Class { case good, nearGood, short, bad }

    /// The decision for every block, and the index of the title block if the page has one;
    /// `nil` when no block reads as a paragraph (then the text is not a page dump).
    func classify(_ blocks: [DumpBlock]) -> (decisions: [Decision], title: Int?)? {
        guard !blocks.isEmpty else { return nil }
        var totalWords = 0
        var totalStops = 0
        var longWordCount = 0
        var longStops = 0
        for block in blocks {
            totalWords += block.words
            totalStops += block.stopWords
            if block.words >= longWords {
                longWordCount += block.words
                longStops += block.stopWords
            }
        }
        // A language without a stop-word list: density says nothing, length decides. Its long
        // blocks match a few words of the lists by chance (Polish `a`, `to`, `do`, `o`); prose in
        // a listed language has a third or more of stop words.
        let densityKnown = totalWords < 50 || (totalStops * 20 >= totalWords && longStops * 5 >= longWordCount)

        var classes: [Class] = []
        var reasons = ReasonLog(explains: explains, count: blocks.count)
        classes.reserveCapacity(blocks.count)
        // Known chrome that would be a short line without the model: it still makes runs of
        // short lines (menus, headline lists) with its neighbours, as it would without it.
        var knownShort = [Bool](repeating: false, count: knownChrome.isEmpty ? 0 : blocks.count)
        for (index, block) in blocks.enumerated() {
            let density = densityKnown ? block.stopDensity : 1
            if let reason = chromeShape(block) {
                classes.append(.bad)
                reasons.set(index, reason)
                if !knownShort.isEmpty, block.words < mediumWords, chromeShape(block, learned: false) == nil { knownShort[index] = true }
            } else if block.words >= longWords, density >= minimumStopDensity {
                classes.append(.good)
                reasons.set(index, "long, \(block.words) words, stop words \(percent(block.stopDensity))")
            } else if block.words >= sentenceWords, block.endsSentence, density >= minimumStopDensity {
                classes.append(.good)
                reasons.set(index, "sentences, \(block.words) words, stop words \(percent(block.stopDensity))")
            } else if block.words >= mediumWords, density >= minimumStopDensity / 2 {
                classes.append(.nearGood)
                reasons.set(index, "medium, \(block.words) words")

            } else if block.words >= longWords {
                classes.append(.bad)
                reasons.set(index, "long but few stop words (\(percent(block.stopDensity)))")
            } else {
                classes.append(.short)
                reasons.set(index, "short, \(block.words) words")
            }
        }
        // Runs of short lines that end no sentence are menus and headline lists.
        var inList = [Bool](repeating: false, count: blocks.count)
        var start = 0
        while start < blocks.count {
            var end = start
            while end < blocks.count, classes[end] == .short || (!knownShort.isEmpty && knownShort[end]), isListLine(blocks[end]) {
                end += 1
            }
            if end - start >= listRun {
                for index in start..<end {
                    inList[index] = true
                    guard classes[index] != .bad else { continue }
                    classes[index] = .bad
                    reasons.set(index, "list of \(end - start) short lines")
                }
            }
            start = max(end, start + 1)
        }
        // A line ending with the line before it is a caption repeated under a label.
        for index in blocks.indices.dropFirst() where classes[index] != .good && classes[index - 1] != .good {
            let previous = blocks[index - 1].text
            let text = blocks[index].text
            // The bytes first: counting characters runs grapheme breaking.
            guard text.utf8.count > previous.utf8.count, text.utf8.reversed().starts(with: previous.utf8.reversed()) else { continue }
            if previous.count >= 12, text.count > previous.count, text.hasSuffix(previous) {
                classes[index - 1] = .bad
                classes[index] = .bad
                reasons.set(index - 1, "caption, repeated in the next line")
                reasons.set(index, "caption repeated with a label")
            }
        }

        guard classes.contains(.good) else { return nil }
        if let end = articleEnd(blocks, isText: { classes[$0] == .good }) {
            for index in end..<blocks.count {
                classes[index] = .bad
                reasons.prefix(index, index == end ? "the article ends: " : "after the article's end: ")
            }
        }
        resolveContext(&classes, &reasons)
        keepListsInText(blocks, inList: inList, &classes, &reasons)
        guard let firstGood = classes.firstIndex(of: .good), let lastGood = classes.lastIndex(of: .good) else {
            return nil
        }

        var decisions: [Decision] = []
        decisions.reserveCapacity(blocks.count)
        for index in blocks.indices {
            if index < firstGood {
                decisions.append(Decision(role: .chrome, reason: reasons.text(index, after: "before the article: ")))
            } else if index > lastGood {
                decisions.append(Decision(role: .chrome, reason: reasons.text(index, after: "after the article: ")))
            } else if classes[index] == .good {
                decisions.append(Decision(role: .body, reason: reasons.text(index)))
            } else {
                decisions.append(Decision(role: .chrome, reason: reasons.text(index)))
            }
        }

        let title = chooseTitle(blocks, classes: classes, inList: inList, firstGood: firstGood, decisions: &decisions)
        if let title {
            let hash = blocks[title].lineHash
            for index in blocks.indices
            where index != title && decisions[index].role == .body
                && blocks[index].lineHash == hash && blocks[index].words < longWords
            {
                decisions[index] = Decision(role: .chrome, reason: "the headline again")
            }
        }
        return (decisions, title)
    }

    /// Why a block is chrome whatever its neighbours: its shape alone, or (with `learned`) the
    /// source's known chrome.
    private func chromeShape(_ block: DumpBlock, learned: Bool = true) -> String? {
        if block.words == 0 { return "no words" }
        if learned, !knownChrome.isEmpty, knownChrome.contains(block.lineHash) { return "known chrome of this source" }
        if block.isURL { return "URL" }
        if block.isFormField { return "form field" }
        if block.isNumeric { return "number, time or counter" }
        if block.isCopyright, block.words < 40 { return "copyright line" }
        if block.mixedScriptWords > 0, block.words < 40 { return "icon label glued to text" }
        if block.separators >= 2, block.words <= 15 { return "breadcrumb or link row" }
        if block.endsWithColon, block.words <= 4 { return "label" }
        if block.isLabelledValue { return "byline or source: a label and its value" }
        if block.words < 20, block.isDate { return "date line" }
        if block.words >= 6, Self.isCookieNotice(block.text) { return "cookie notice" }
        return nil
    }

    /// A list whose items are all list items (`•`, `1.`) standing right between two paragraphs
    /// is part of the text (steps, ingredients, points); menus stand apart from the text.
    private func keepListsInText(_ blocks: [DumpBlock], inList: [Bool], _ classes: inout [Class], _ reasons: inout ReasonLog) {
        var start = 0
        while start < blocks.count {
            guard inList[start] else {
                start += 1
                continue
            }
            var end = start
            while end < blocks.count, inList[end] { end += 1 }
            if start > 0, end < blocks.count, classes[start - 1] == .good, classes[end] == .good,
                blocks[start..<end].allSatisfy(\.isBullet)
            {
                for index in start..<end {
                    classes[index] = .good
                    reasons.append(index, ", between paragraphs")
                }
            }
            start = end
        }
    }

    private func isListLine(_ block: DumpBlock) -> Bool {
        block.words >= 1 && block.words < longWords && !block.endsSentence
    }

    /// jusText's context pass: a short block between paragraphs is text, between chrome it is
    /// chrome; a medium block is text unless chrome surrounds it.
    private func resolveContext(_ classes: inout [Class], _ reasons: inout ReasonLog) {
        let original = classes
        func neighbour(_ index: Int, step: Int, ignoreNearGood: Bool) -> Class {
            var cursor = index + step
            while cursor >= 0, cursor < original.count {
                let value = original[cursor]
                if value == .good || value == .bad { return value }
                if !ignoreNearGood, value == .nearGood { return value }
                cursor += step
            }
            return .bad
        }
        for index in classes.indices where original[index] == .short {
            let previous = neighbour(index, step: -1, ignoreNearGood: true)
            let next = neighbour(index, step: 1, ignoreNearGood: true)
            if previous == .good, next == .good {
                classes[index] = .good
                reasons.append(index, ", between paragraphs")
            } else if previous == .bad, next == .bad {
                classes[index] = .bad
                reasons.append(index, ", between chrome")
            } else if (previous == .bad && neighbour(index, step: -1, ignoreNearGood: false) == .nearGood)
                || (next == .bad && neighbour(index, step: 1, ignoreNearGood: false) == .nearGood)
            {
                classes[index] = .good
                reasons.append(index, ", next to a medium block")
            } else {
                classes[index] = .bad
                reasons.append(index, ", at the edge of the article")
            }
        }
        for index in classes.indices where original[index] == .nearGood {
            let previous = neighbour(index, step: -1, ignoreNearGood: true)
            let next = neighbour(index, step: 1, ignoreNearGood: true)
            if previous == .bad, next == .bad {
                classes[index] = .bad
                reasons.append(index, ", between chrome")
            } else {
                classes[index] = .good
                reasons.append(index, ", next to paragraphs")
            }
        }
    }

    /// The headline: of the headline-shaped lines before the article, the one whose words the
    /// article's text shares most (menus and headline lists name other stories); a short line
    /// ending in `..`, `…` or `:` just above another headline is a kicker. None when no line
    /// shares enough with the text.
    private func chooseTitle(
        _ blocks: [DumpBlock], classes: [Class], inList: [Bool], firstGood: Int,
        decisions: inout [Decision]
    ) -> Int? {
        var bodyWords = Set<UInt64>()
        for index in firstGood..<blocks.count where decisions[index].role == .body {
            bodyWords.formUnion(blocks[index].contentWords)
            if bodyWords.count > 600 { break }
        }
        var counts: [UInt64: Int] = [:]
        for block in blocks where block.words > 0 { counts[block.lineHash, default: 0] += 1 }

        var best: Int?
        var bestScore = 0.0
        // Nearest first; the text under a line includes a lead too short to count as a paragraph.
        for index in stride(from: firstGood - 1, through: 0, by: -1) {
            let block = blocks[index]
            defer {
                if isLead(block) { bodyWords.formUnion(block.contentWords) }
            }
            // The headline is chosen as if no chrome were known: a story's headline recurs in
            // the headline lists of the source's other pages.
            guard isHeadlineShaped(block), chromeShape(block, learned: false) == nil else { continue }
            if block.words <= 6, block.endsWithEllipsis || block.endsWithColon,
                index + 1 < firstGood, isHeadlineShaped(blocks[index + 1])
            {
                decisions[index] = Decision(role: .kicker, reason: "kicker: a short line ending in .. or : above the headline")
                continue
            }
            let content = block.contentWords
            guard !content.isEmpty else { continue }
            var shared = 0
            for word in Set(content) where bodyWords.contains(word) { shared += 1 }
            var score = Double(shared) / Double(Set(content).count)
            if counts[block.lineHash, default: 0] > 1 { score += 0.25 }
            if inList[index] { score -= 0.1 }
            guard shared >= 1, score >= 0.2 - 1e-9 else { continue }
            // The nearest headline-shaped line wins unless one farther up shares clearly more:
            // headline lists and link rows stand farther from the text than its headline.
            if best == nil || score > bestScore + 0.3 {
                best = index
                bestScore = score
            }
        }
        if let best {
            decisions[best] = Decision(
                role: .title, reason: explains ? "headline: shares \(percent(min(1, bestScore))) of its words with the text" : "")
        }
        // The lead: prose between the headline (or the chrome) and the first paragraph.
        var index = firstGood - 1
        while index > (best ?? -1), isLead(blocks[index]), decisions[index].role == .chrome,
            best != nil || (blocks[index].endsSentence && !inList[index])
        {
            decisions[index] = Decision(role: .body, reason: explains ? "lead, \(blocks[index].words) words above the text" : "")
            index -= 1
        }
        return best
    }

    private func isLead(_ block: DumpBlock) -> Bool {
        block.words >= shortSentenceWords && block.stopWords >= 1 && chromeShape(block) == nil
    }

    /// Two to 30 words ending no sentence but perhaps with `!` or `?`, as headlines do.
    private func isHeadlineShaped(_ block: DumpBlock) -> Bool {
        block.words >= 2 && block.words <= 30 && (!block.endsSentence || block.endsWithMark) && !block.isBullet
            && (block.visible < 250)
    }

    private func percent(_ value: Double) -> String {
        "\(Int((value * 100).rounded()))%"
    }
}

/// The reasons of a page dump's block decisions, written only when they are explained: built
/// for every block of every page dump, they were a large part of classifying one.
struct ReasonLog {
    let explains: Bool
    private var texts: [String]

    init(explains: Bool, count: Int) {
        self.explains = explains
        texts = explains ? [String](repeating: "", count: count) : []
    }

    mutating func set(_ index: Int, _ text: @autoclosure () -> String) {
        if explains { texts[index] = text() }
    }

    mutating func append(_ index: Int, _ text: @autoclosure () -> String) {
        if explains { texts[index] += text() }
    }

    mutating func prefix(_ index: Int, _ text: @autoclosure () -> String) {
        if explains { texts[index] = text() + texts[index] }
    }

    /// The block's reason, after `lead`; empty when not explaining.
    func text(_ index: Int, after lead: @autoclosure () -> String = "") -> String {
        explains ? lead() + texts[index] : ""
    }
}
