/// Words of a line as 64-bit hashes, for stop-word density and word overlap, in one pass over
/// the line's scalars and without allocating a String per word.
///
/// Words are runs of letters and digits; Arabic diacritics, tatweel and invisible marks inside a
/// word are skipped, and letters are folded so that spellings of one word hash alike: ASCII
/// lowercase, أ إ آ ٱ → ا, ى → ي, ة → ه.
enum StopWords {
    /// Hashes of the stop words of every list in `StopWordLists`, folded as words are.
    static let hashes: WordHashSet = {
        // Scalar by scalar (splitting the lists into Character words was most of the first
        // page dump's time, at every start of syncd and syncctl).
        var set = Set<UInt64>()
        var scalars: [UInt32] = []
        var inWord = false
        for list in StopWordLists.all {
            for scalar in list.unicodeScalars {
                if scalar == " " || scalar == "\n" {
                    if inWord { set.insert(hash(scalars[...])) }
                    scalars.removeAll(keepingCapacity: true)
                    inWord = false
                } else {
                    inWord = true
                    if let folded = fold(scalar.value) { scalars.append(folded) }
                }
            }
            if inWord { set.insert(hash(scalars[...])) }
            scalars.removeAll(keepingCapacity: true)
            inWord = false
        }
        return WordHashSet(set)
    }()

    /// Whether a folded word is a stop word, also with a leading conjunction و/ف (وفي, فإن).
    /// - Parameter wordHash: `hash(word)`, which the caller needs too.
    @inline(__always)
    static func isStop(_ word: ArraySlice<UInt32>, hash wordHash: UInt64) -> Bool {
        if hashes.contains(wordHash) { return true }
        if word.count > 3, let first = word.first, first == 0x648 || first == 0x641 {
            return hashes.contains(hash(word.dropFirst()))
        }
        return false
    }

    /// The hash a word is compared by for overlap: folded, without a leading و and the
    /// article ال (والحكومة, الحكومة, حكومة alike).
    static func contentHash(_ word: ArraySlice<UInt32>) -> UInt64 {
        // A light stem: the first letters, so that inflected forms (المنتفعين, منتفع) meet.
        hash(stem(word).prefix(5))
    }

    /// A word without the Arabic prefixes و، ف and بال، كال، فال، ال، لل.
    private static func stem(_ word: ArraySlice<UInt32>) -> ArraySlice<UInt32> {
        var rest = word
        if rest.count > 3, rest.first == 0x648 || rest.first == 0x641 { rest = rest.dropFirst() }
        if rest.count > 4, rest.first == 0x628 || rest.first == 0x643 || rest.first == 0x641,
            rest.dropFirst().first == 0x627, rest.dropFirst(2).first == 0x644
        {
            rest = rest.dropFirst(3)  // بال، كال، فال
        } else if rest.count > 3, rest.first == 0x627 || rest.first == 0x644, rest.dropFirst().first == 0x644 {
            rest = rest.dropFirst(2)  // ال، لل
        }
        return rest
    }

    /// Whether a word carries meaning (for matching a headline with its text): three letters or
    /// more and not a function word. The Arabic list, drawn from word frequencies, also holds
    /// common nouns and verbs (ارتفاع، درجات، أعلن): there only the short ones (stems of four
    /// letters or fewer: في، التي، هذه، خلال) are function words.
    static func isContentWord(_ word: ArraySlice<UInt32>, isStop: Bool) -> Bool {
        guard word.count >= 3 else { return false }
        guard isStop else { return true }
        guard let first = word.first, (0x600...0x6FF).contains(first) else { return false }
        return stem(word).count >= 5
    }

    /// FNV-1a over scalar values.
    static func hash(_ word: ArraySlice<UInt32>) -> UInt64 {
        var value: UInt64 = 0xcbf2_9ce4_8422_2325
        for scalar in word {
            value = (value ^ UInt64(scalar)) &* 0x100_0000_01b3
        }
        return value
    }

    /// A scalar's folded form inside a word; `nil` for marks skipped inside words.
    @inline(__always)
    static func fold(_ value: UInt32) -> UInt32? {
        switch value {
        case 0x41...0x5A: return value + 0x20
        case 0x623, 0x625, 0x622, 0x671: return 0x627
        case 0x649: return 0x64A
        case 0x660...0x669: return value - 0x660 + 0x30
        case 0x6F0...0x6F9: return value - 0x6F0 + 0x30
        case 0x629: return 0x647
        case 0x640, 0x64B...0x652, 0x670, 0x200B...0x200F, 0xAD: return nil
        default: return value
        }
    }

    /// Whether a scalar belongs to a word: ASCII letters and digits, and any other scalar that
    /// is not whitespace, punctuation, a symbol or an emoji.
    @inline(__always)
    static func isWordScalar(_ value: UInt32) -> Bool {
        switch value {
        case 0x30...0x39, 0x41...0x5A, 0x61...0x7A: return true
        case 0...0x7F: return false
        case 0xAD, 0x200B...0x200F: return true  // invisible inside a word; `fold` drops them
        case 0x80...0xBF, 0xD7, 0xF7: return false  // NBSP, « », ©, °, ×, ÷ …
        case 0x60C, 0x61B, 0x61F, 0x66A...0x66D, 0x6D4: return false  // Arabic punctuation
        case 0x2000...0x2BFF, 0x3000...0x303F, 0xFE10...0xFE6F, 0xFF00...0xFF0F: return false
        case 0x1F000...: return false
        default: return true
        }
    }

    @inline(__always)
    static func isDigit(_ value: UInt32) -> Bool {
        (0x30...0x39).contains(value) || (0x660...0x669).contains(value) || (0x6F0...0x6F9).contains(value)
    }
}

/// A fixed set of word hashes looked up without `Hasher`: the FNV hashes are already well mixed,
/// so their low bits index an open-addressed table directly (SipHash on every word of every
/// line was a tenth of the extraction time).
struct WordHashSet: Sendable {
    private let slots: [UInt64]
    private let mask: Int
    /// Whether 0 (the empty-slot marker) is itself in the set.
    private let hasZero: Bool

    init(_ values: Set<UInt64>) {
        var capacity = 16
        while capacity < values.count * 4 { capacity *= 2 }
        var slots = [UInt64](repeating: 0, count: capacity)
        let mask = capacity - 1
        for value in values where value != 0 {
            var index = Int(truncatingIfNeeded: value ^ (value >> 32)) & mask
            while slots[index] != 0 { index = (index + 1) & mask }
            slots[index] = value
        }
        self.slots = slots
        self.mask = mask
        hasZero = values.contains(0)
    }

    @inline(__always)
    func contains(_ value: UInt64) -> Bool {
        if value == 0 { return hasZero }
        var index = Int(truncatingIfNeeded: value ^ (value >> 32)) & mask
        while true {
            let slot = slots[index]
            if slot == value { return true }
            if slot == 0 { return false }
            index = (index + 1) & mask
        }
    }
}
