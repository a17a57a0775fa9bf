/// One block of a page dump (a line, or the lines of one paragraph a text browser wrapped)
/// with the measures `PageDumpClassifier` decides by.
struct DumpBlock: Sendable {
    /// The text: trimmed, wrapped lines joined with a space.
    var text: Substring
    /// Whether a blank line precedes the block.
    var blankBefore: Bool
    /// Characters other than whitespace.
    var visible = 0
    var words = 0
    var stopWords = 0
    /// Words made only of digits.
    var numbers = 0
    /// Words mixing Latin letters with letters of another script (`camera iconمقاتلون`): icon
    /// labels glued to a caption.
    var mixedScriptWords = 0
    /// Hashes of the words that carry meaning (not stop words, three letters or more).
    var contentWords: [UInt64] = []
    /// A hash of the folded words, equal for lines that differ only in spelling or punctuation.
    var lineHash: UInt64 = 0
    var endsSentence = false
    /// Ends with `!` or `?` (`؟`): a sentence, but headlines end so too.
    var endsWithMark = false
    var endsWithColon = false
    var endsWithEllipsis = false
    /// A list item (`•`, `*`, `-`, `·` …), a w3m form field (`[    ]`, `[Submit]`), a URL, a
    /// copyright notice (`©`), a separator line (`|`, `»`, `›` between items).
    var isBullet = false
    var isFormField = false
    var isURL = false
    var isCopyright = false
    /// A label, a colon and a short value (`كتب: مراسلنا`, `By: Staff`): a byline or source line.
    var isLabelledValue = false
    var separators = 0
    /// A text browser's rendering of a page control: a list item or a bracketed field,
    /// button, checkbox or image (`[          ]`, `[ ]`, `[Submit]`, `[logo]`); see `showsControl(_:)`.
    var showsControl = false

    var stopDensity: Double { words == 0 ? 0 : Double(stopWords) / Double(words) }

    /// Only digits, times and dates (`11:32`, `363`, `2024-05-01`, `الجمعة 19 أيلول 2024`).
    var isNumeric: Bool { words > 0 && numbers * 2 >= words && words <= 4 }

    /// A short line with a year (19xx, 20xx) and another number or little else, or mostly
    /// numbers (a date and a time): a dateline.
    var isDate: Bool {
        guard visible <= 80 else { return false }
        if hasYear, words <= 5, numbers >= 2 || words <= 3 { return true }
        if hasYear, words <= 9, numbers >= 3, numbers * 2 >= words { return true }
        return words <= 4 && TextMetrics.isDateLine(String(text))
    }
    var hasYear = false

    /// Splits lines into blocks: each non-blank line is one, except lines a text browser
    /// wrapped at a fixed width, which are joined back into their paragraph.
    static func blocks(of lines: ArraySlice<Substring>) -> [DumpBlock] {
        var reader = DumpBlockReader(lines)
        reader.read(upTo: .max)
        return reader.blocks
    }

    /// The width a text browser wrapped at, when most long lines stop just short of one width
    /// (w3m -dump, lynx -dump: 80 columns); `nil` for text with a line per paragraph. A few
    /// lines may stand out beyond the width (a long URL or code line, a table or a field wider
    /// than the screen): then it is the widest of the others at which the lines were wrapped.
    fileprivate static func wrapWidth(lines: ArraySlice<Substring>, widths: [Int], trimmed: [Substring]) -> Int? {
        guard let widest = widths.max() else { return nil }
        var near = 0
        var nonBlank = 0
        var wide = 0
        for (width, line) in zip(widths, trimmed) where !line.isEmpty {
            nonBlank += 1
            if width >= 40 { wide += 1 }
            if width >= widest - 12 { near += 1 }
        }
        if widest >= 40, widest <= 240, near >= 3 {
            // Menus and link lists make most lines of a page short: then a third of the lines of
            // 40 columns or more (the paragraphs' lines) stopping near the width tells. Under long
            // menus, a short post has few wide lines: then they must have been wrapped.
            if near * 8 >= nonBlank || near * 3 >= wide { return widest }
            if near * 8 >= wide, isWrapped(at: widest, widths: widths, trimmed: trimmed) { return widest }
        }
        var sorted: [Int] = []
        sorted.reserveCapacity(nonBlank)
        for (width, line) in zip(widths, trimmed) where !line.isEmpty { sorted.append(width) }
        sorted.sort(by: >)
        let wideLines = sorted.firstIndex { $0 < 40 } ?? sorted.count
        var index = 1
        while index <= max(3, sorted.count / 16), index < sorted.count, sorted[index] >= 40 {
            let width = sorted[index]
            defer { index += 1 }
            guard width < sorted[index - 1], width <= 240 else { continue }
            // The lines up to the width, sorted: those near it, all of them, the wide ones.
            var end = index
            while end < sorted.count, sorted[end] >= width - 12 { end += 1 }
            let near = end - index
            guard near >= 3, near * 8 >= sorted.count - index || near * 8 >= wideLines - index,
                isWrapped(at: width, widths: widths, trimmed: trimmed)
            else { continue }
            // Lines a browser would have wrapped must be rare: none, or a code line now and then
            // among many wrapped lines.
            let prose = proseBeyond(width, lines: lines, widths: widths, trimmed: trimmed)
            if prose == 0 || (prose * 8 <= near && near >= 16) { return width }
        }
        return nil
    }

    /// Lines wider than `width` that a text browser wrapping at it would have wrapped: set at
    /// the margin, words with single spaces (not a table's columns, a right-aligned field or
    /// one long word).
    private static func proseBeyond(_ width: Int, lines: ArraySlice<Substring>, widths: [Int], trimmed: [Substring]) -> Int {
        var count = 0
        for (index, line) in zip(lines.indices, trimmed.indices) where widths[line] > width {
            let text = trimmed[line]
            guard text.startIndex == lines[index].startIndex, text.contains(" "), !text.contains("  ") else { continue }
            count += 1
        }
        return count
    }

    /// Whether the lines that stop near `width` (and not beyond it) were wrapped there: most
    /// of those the text goes on after go on with a word that would not have fit, four at least.
    private static func isWrapped(at width: Int, widths: [Int], trimmed: [Substring]) -> Bool {
        var goOn = 0
        var wrapped = 0
        for index in trimmed.indices.dropLast()
        where widths[index] <= width && widths[index] >= width - 12 && !trimmed[index].isEmpty && !trimmed[index + 1].isEmpty {
            goOn += 1
            if widths[index] + 1 + firstWordWidth(trimmed[index + 1]) > width - 1 { wrapped += 1 }
        }
        return wrapped >= 4 && wrapped * 4 >= goOn * 3
    }

    /// The scalars a line shows, without those `StopWords.fold` drops (tatweel, Arabic
    /// diacritics, soft hyphens, zero-width marks), counted on the UTF-8 bytes.
    static func displayWidth(_ line: Substring) -> Int {
        let counted = line.utf8.withContiguousStorageIfAvailable { bytes -> Int in
            var width = 0
            var index = 0
            let count = bytes.count
            while index < count {
                let byte = bytes[index]
                index += 1
                if byte < 0x80 {
                    width += 1
                    continue
                }
                if byte & 0xC0 == 0x80 { continue }  // a continuation byte
                // U+0640, U+064B...U+0652, U+0670 (D9 xx); U+00AD (C2 AD); U+200B...U+200F (E2 80 8B...8F)
                if byte == 0xD9, index < count {
                    let next = bytes[index]
                    if next == 0x80 || (0x8B...0x92).contains(next) || next == 0xB0 { continue }
                } else if byte == 0xC2, index < count, bytes[index] == 0xAD {
                    continue
                } else if byte == 0xE2, index + 1 < count, bytes[index] == 0x80, (0x8B...0x8F).contains(bytes[index + 1]) {
                    continue
                }
                width += 1
            }
            return width
        }
        if let counted { return counted }
        var width = 0
        for scalar in line.unicodeScalars where StopWords.fold(scalar.value) != nil || scalar.value < 0x80 {
            width += 1
        }
        return width
    }

    fileprivate static func firstWordWidth(_ line: Substring) -> Int {
        var width = 0
        for scalar in line.unicodeScalars {
            if Whitespace.isSpace(scalar) { break }
            width += 1
        }
        return width
    }

    static func startsWithBullet(_ line: Substring) -> Bool {
        guard let first = line.unicodeScalars.first else { return false }
        switch first.value {
        // • · ▪ ◦ ‣ ● ■ – — and w3m's deeper list levels □ ☆ ○
        case 0x2022, 0x00B7, 0x25AA, 0x25E6, 0x2023, 0x25CF, 0x25A0, 0x2013, 0x2014, 0x25A1, 0x2606, 0x25CB:
            return true
        case 0x2A, 0x2D, 0x2B:  // * - + followed by a space
            return line.unicodeScalars.dropFirst().first.map { Whitespace.isSpace($0) } ?? false
        default:
            return false
        }
    }

    /// Whether a line shows a page control as a text browser renders it: a list item's bullet, or a
    /// bracketed group that is not a footnote number – an input box or checkbox (blank inside),
    /// a button or an image's alt text (`[Submit]`, `[logo]`). Clean text has few of these.
    static func showsControl(_ text: Substring) -> Bool {
        // A browser's list bullets (• ◦ ▪ ● ■ and w3m's deeper □ ☆ ○), not the `*` and `-`
        // people type.
        switch text.unicodeScalars.first?.value ?? 0 {
        case 0x2022, 0x25E6, 0x25AA, 0x25CF, 0x25A0, 0x25A1, 0x2606, 0x25CB: return true
        default: break
        }
        return text.utf8.withContiguousStorageIfAvailable { showsBracketedControl($0) } ?? showsBracketedControl(Array(text.utf8))
    }

    /// Whether a bracketed group (at most 60 bytes) that is not a footnote number appears.
    private static func showsBracketedControl(_ bytes: some RandomAccessCollection<UInt8>) -> Bool {
        var index = bytes.startIndex
        while let open = bytes[index...].firstIndex(of: 0x5B) {
            var cursor = bytes.index(after: open)
            var length = 0
            var digitsOnly = true
            while cursor < bytes.endIndex, length <= 60 {
                let byte = bytes[cursor]
                if byte == 0x5D {
                    if !digitsOnly || length == 0 { return true }
                    break
                }
                if byte == 0x5B { break }
                if byte < 0x30 || byte > 0x39 { digitsOnly = false }
                length += 1
                cursor = bytes.index(after: cursor)
            }
            guard cursor < bytes.endIndex else { return false }
            index = cursor
        }
        return false
    }

    /// The words `measure` would count, counting stops at `limit`: enough to tell a paragraph
    /// without hashing and looking up each of its words.
    static func wordCount(_ text: Substring, limit: Int = .max) -> Int {
        var count = 0
        var inWord = false
        for scalar in text.unicodeScalars {
            let value = scalar.value
            if StopWords.isWordScalar(value) {
                if StopWords.fold(value) != nil { inWord = true }
            } else if inWord {
                count += 1
                if count >= limit { return count }
                inWord = false
            }
        }
        return inWord ? count + 1 : count
    }

    /// Measures a block in one pass: over its UTF-8 bytes, decoded in place, when the text is
    /// contiguous (always, for native strings); over its scalars otherwise.
    static func measure(_ text: Substring, blankBefore: Bool) -> DumpBlock {
        let measured = text.utf8.withContiguousStorageIfAvailable { bytes -> BlockMeasure in
            var measure = BlockMeasure()
            measure.scan(bytes)
            return measure
        }
        var measure = measured ?? scalarMeasure(text)
        return measure.block(text, blankBefore: blankBefore)
    }

    /// `measure` over the text's Unicode scalars (the path for non-contiguous text; tests
    /// compare it with the byte path).
    static func measureByScalars(_ text: Substring, blankBefore: Bool) -> DumpBlock {
        var measure = scalarMeasure(text)
        return measure.block(text, blankBefore: blankBefore)
    }

    private static func scalarMeasure(_ text: Substring) -> BlockMeasure {
        var measure = BlockMeasure()
        for scalar in text.unicodeScalars { measure.take(scalar.value) }
        return measure
    }

    static let urlPrefixes = ["http://", "https://", "www."].map { Array($0.utf8) }
    static let copyrightPrefixes = ["Copyright", "(c) ", "(C) "].map { Array($0.utf8) }
}

/// The blocks of a text, read only as far as asked: whether a text is a page dump is decided
/// on its first few blocks, and most texts are clean. Lines are trimmed and measured once.
struct DumpBlockReader {
    private let trimmed: [Substring]
    private let widths: [Int]
    private let wrapWidth: Int?
    /// Lines showing page controls (`DumpBlock.showsControl`) in the whole text, counted when
    /// the text is wrapped at a width as text browsers wrap (0 otherwise).
    let controlLines: Int
    private var index = 0
    private var blank = false
    /// The blocks read so far, in order.
    private(set) var blocks: [DumpBlock] = []

    init(_ lines: ArraySlice<Substring>) {
        var trimmed: [Substring] = []
        trimmed.reserveCapacity(lines.count)
        for line in lines { trimmed.append(Whitespace.trimmed(line)) }
        self.trimmed = trimmed
        widths = lines.map(DumpBlock.displayWidth)
        wrapWidth = DumpBlock.wrapWidth(lines: lines, widths: widths, trimmed: trimmed)
        controlLines = wrapWidth == nil ? 0 : trimmed.count(where: DumpBlock.showsControl)
    }

    /// Reads blocks until `count` are read or the text ends.
    mutating func read(upTo count: Int) {
        while blocks.count < count, let (text, blankBefore, next) = block(at: index, blank: blank) {
            blocks.append(DumpBlock.measure(text, blankBefore: blankBefore))
            blank = false
            index = next
        }
    }

    /// The texts of the next `count` blocks (fewer at the end) and whether a blank line
    /// precedes each, without measuring them or reading past them.
    func peek(_ count: Int) -> [(text: Substring, blankBefore: Bool)] {
        var ahead: [(text: Substring, blankBefore: Bool)] = []
        var index = index
        var blank = blank
        while ahead.count < count, let (text, blankBefore, next) = block(at: index, blank: blank) {
            ahead.append((text, blankBefore))
            index = next
            blank = false
        }
        return ahead
    }

    /// The block starting at line `index` or after the blank lines there, and the line after it.
    private func block(at index: Int, blank: Bool) -> (text: Substring, blankBefore: Bool, next: Int)? {
        var index = index
        var blank = blank
        while index < trimmed.count, trimmed[index].isEmpty {
            blank = true
            index += 1
        }
        guard index < trimmed.count else { return nil }
        var end = index + 1
        if let wrapWidth {
            // A line ends a paragraph unless the next line's first word would not have fit.
            while end < trimmed.count, !trimmed[end].isEmpty, !DumpBlock.startsWithBullet(trimmed[end]),
                widths[end - 1] + 1 + DumpBlock.firstWordWidth(trimmed[end]) > wrapWidth - 1
            {
                end += 1
            }
        }
        let text: Substring = end == index + 1 ? trimmed[index] : Substring(trimmed[index..<end].joined(separator: " "))
        return (text, blank, end)
    }
}
