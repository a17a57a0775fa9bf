/// The measures of one block taken scalar by scalar (`DumpBlock.measure`): words, stop words,
/// numbers, the line hash, what the line ends with. Fed by a UTF-8 decoder over the text's
/// bytes or by its `unicodeScalars`; both give the same block.
struct BlockMeasure {
    private var block = DumpBlock(text: "", blankBefore: false)
    /// The folded scalars of the word being read.
    private var word: [UInt32] = []
    private var digitsOnly = true
    private var latin = false
    private var other = false
    private var lineHash: UInt64 = 0xcbf2_9ce4_8422_2325
    private var colonAfterFirstWord = false
    private var last: UInt32 = 0
    private var beforeLast: UInt32 = 0

    init() { word.reserveCapacity(32) }

    /// Decodes valid UTF-8 (a String's storage) and takes each scalar.
    mutating func scan(_ bytes: UnsafeBufferPointer<UInt8>) {
        var index = 0
        let count = bytes.count
        while index < count {
            let lead = UInt32(bytes[index])
            if lead < 0x80 {
                take(lead)
                index += 1
            } else if lead < 0xE0, index + 1 < count {
                take((lead & 0x1F) << 6 | UInt32(bytes[index + 1] & 0x3F))
                index += 2
            } else if lead < 0xF0, index + 2 < count {
                take((lead & 0x0F) << 12 | UInt32(bytes[index + 1] & 0x3F) << 6 | UInt32(bytes[index + 2] & 0x3F))
                index += 3
            } else if index + 3 < count {
                take(
                    (lead & 0x07) << 18 | UInt32(bytes[index + 1] & 0x3F) << 12 | UInt32(bytes[index + 2] & 0x3F) << 6
                        | UInt32(bytes[index + 3] & 0x3F))
                index += 4
            } else {
                // Not reachable for a String's bytes; a cut sequence ends the scan.
                break
            }
        }
    }

    @inline(__always)
    mutating func take(_ value: UInt32) {
        if StopWords.isWordScalar(value) {
            guard let folded = StopWords.fold(value) else { return }
            word.append(folded)
            if !StopWords.isDigit(folded) {
                digitsOnly = false
                if folded < 0x80 { latin = true } else if folded >= 0x600 { other = true }
            }
        } else {
            endWord()
            switch value {
            case 0x3A, 0xFF1A: if block.words == 1 { colonAfterFirstWord = true }
            case 0xA9: block.isCopyright = true
            case 0xBB, 0x203A, 0x7C, 0x3E: block.separators += 1  // » › | >
            default: break
            }
        }
        if !Whitespace.isSpace(value) {
            block.visible += 1
            if value != 0x22, value != 0x27, value != 0x201D, value != 0x201C, value != 0xBB, value != 0x29 {
                beforeLast = last
                last = value
            }
        }
    }

    private mutating func endWord() {
        guard !word.isEmpty else { return }
        block.words += 1
        let slice = word[...]
        let hash = StopWords.hash(slice)
        let isStop = StopWords.isStop(slice, hash: hash)
        if isStop { block.stopWords += 1 }
        if digitsOnly {
            block.numbers += 1
            if word.count == 4, word[0] == 0x31 && word[1] == 0x39 || word[0] == 0x32 && word[1] == 0x30 {
                block.hasYear = true
            }
        }
        if latin && other { block.mixedScriptWords += 1 }
        if !digitsOnly, StopWords.isContentWord(slice, isStop: isStop) { block.contentWords.append(StopWords.contentHash(slice)) }
        lineHash = (lineHash ^ hash) &* 0x100_0000_01b3
        word.removeAll(keepingCapacity: true)
        digitsOnly = true
        latin = false
        other = false
    }

    /// The block of `text`, with what only the whole line shows.
    mutating func block(_ text: Substring, blankBefore: Bool) -> DumpBlock {
        endWord()
        var block = self.block
        block.text = text
        block.blankBefore = blankBefore
        block.lineHash = lineHash
        switch last {
        case 0x2E:  // "." — ".." is an ellipsis
            if beforeLast == 0x2E { block.endsWithEllipsis = true } else { block.endsSentence = true }
        case 0x21, 0x3F, 0x61F:
            block.endsSentence = true
            block.endsWithMark = true
        case 0x6D4, 0x3002: block.endsSentence = true
        case 0x2026: block.endsWithEllipsis = true
        case 0x3A, 0xFF1A: block.endsWithColon = true
        default: break
        }
        block.isLabelledValue = colonAfterFirstWord && block.words >= 2 && block.words <= 3 && !block.endsWithColon
        let first = text.unicodeScalars.first?.value ?? 0
        block.isBullet = DumpBlock.startsWithBullet(text)
        block.showsControl = DumpBlock.showsControl(text)
        // Compared on the UTF-8 bytes: String comparisons run grapheme breaking on every line.
        let bytes = text.utf8
        block.isFormField = first == 0x5B && bytes.contains(0x5D)
        block.isURL = DumpBlock.urlPrefixes.contains { bytes.starts(with: $0) }
        if DumpBlock.copyrightPrefixes.contains(where: { bytes.starts(with: $0) }) { block.isCopyright = true }
        return block
    }
}
