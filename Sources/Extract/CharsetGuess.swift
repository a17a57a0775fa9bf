// CharsetGuess.swift — guesses the single-byte charset of text that is not UTF-8 and declares none.

internal import Glibc

/// Guesses which legacy single-byte charset produced a byte buffer.
///
/// Every single-byte charset "decodes" every buffer, so validity proves nothing; the only signal is
/// how much the decoded text looks like a language. Each candidate therefore decodes the high bytes
/// (ASCII is shared by all candidates and carries no information) and is scored as a rough
/// log-likelihood under a tiny model of the language that charset is used for:
///
/// * unigram: letters ranked by frequency, a little mass for punctuation, almost none for symbols,
///   box drawing or letters of another script, and next to nothing for unmapped/C1 bytes;
/// * adjacency: non-Latin letters glued to ASCII letters, lowercase→uppercase flips inside a word,
///   final-form letters (ς, ך…, ة) in the middle of a word, or runs of accented letters in Latin
///   text are all what a wrong decoding produces and a real text almost never does;
/// * a handful of the commonest bigrams per language, which mostly separates charsets of the same
///   script (windows-1256 vs ISO-8859-6, windows-1251 vs KOI8-R vs IBM866).
///
/// All evidence is gathered in one linear pass into fixed-size counters, and the nine candidates
/// are scored from those counters, so the cost per byte does not grow with the number of candidates.
public enum CharsetGuess {
    /// Returns an encoding label (one of "windows-1256", "ISO-8859-6", "windows-1251", "KOI8-R",
    /// "IBM866", "ISO-8859-7", "windows-1255", "ISO-8859-8", "windows-1252") or nil when no
    /// candidate scores convincingly.
    public static func guess(_ bytes: [UInt8]) -> String? {
        var evidence = Evidence(bytes, skipMarkup: true)
        // Binary data, UTF-16/32 and the like are full of C0 controls; single-byte text never is.
        guard evidence.controls * 100 <= evidence.textBytes else { return nil }
        // All high bytes may sit in attribute values; weak evidence beats none.
        if evidence.highBytes == 0 && bytes.contains(where: { $0 >= 0x80 }) {
            evidence = Evidence(bytes, skipMarkup: false)
        }
        guard evidence.highBytes > 0 else { return nil }
        let ranked = rank(evidence)
        guard let best = ranked.first, best.score / Double(evidence.highBytes) >= minimumMeanScore else { return nil }
        return best.label
    }

    /// Candidates best first. Ties keep the fixed priority order (a stable sort), which keeps the
    /// result deterministic; ties only happen when the tied charsets decode the evidence
    /// identically, so the more common charset wins them.
    static func rank(_ evidence: Evidence) -> [(label: String, score: Double)] {
        models.map { ($0.label, $0.score(evidence)) }.enumerated()
            .sorted { $0.element.1 != $1.element.1 ? $0.element.1 > $1.element.1 : $0.offset < $1.offset }
            .map { (label: $0.element.0, score: $0.element.1) }
    }

    /// Mean log-score per high byte below which even the best candidate is just noise. Real text
    /// scores about -2.2 to -4.2 on the chardet/miniflux corpora; random high bytes -5.2 to -6.5.
    static let minimumMeanScore = -5.0

    static let models: [Model] = [
        Model("windows-1252", Tables.cp1252, .latin),
        Model("windows-1251", Tables.cp1251, .cyrillic),
        Model("windows-1256", Tables.cp1256, .arabic),
        Model("windows-1255", Tables.cp1255, .hebrew),
        Model("KOI8-R", Tables.koi8r, .cyrillic),
        Model("IBM866", Tables.ibm866, .cyrillic),
        Model("ISO-8859-7", Tables.iso88597, .greek),
        Model("ISO-8859-6", Tables.iso88596, .arabic),
        // ISO-8859-8 is, by HTML convention, *visual* order: the only thing telling it apart from
        // windows-1255 is that words are stored reversed, which shows up in final-letter positions.
        Model("ISO-8859-8", Tables.iso88598, .hebrew, visualOrder: true),
    ]
}

// MARK: - Evidence

/// Counters gathered in one pass over the text (markup excluded).
struct Evidence {
    /// Transition counts: row = class of the previous text byte (0..<128: that high byte minus
    /// 0x80, 128: an ASCII letter, 129: anything else), column = the current byte. Counting every
    /// transition unconditionally keeps the hot loop free of unpredictable branches, which is
    /// what makes it fast. UInt32 halves the table; wrap-around needs a >4 GB buffer and would
    /// only blur the guess.
    var transitions = [UInt32](repeating: 0, count: 130 * 256)
    /// Per high byte (index = byte - 0x80): occurrences, and ASCII letters touching it.
    var unigram = [Int](repeating: 0, count: 128)
    var touchingASCII = [Int](repeating: 0, count: 128)
    /// `transitions` indices of high→high pairs that occur, so scoring skips the empty ones.
    var highPairs: [Int] = []
    var highBytes = 0, textBytes = 0, controls = 0

    init(_ bytes: [UInt8], skipMarkup: Bool) {
        transitions.withUnsafeMutableBufferPointer { m in
            bytes.withUnsafeBufferPointer { Evidence.scan($0, into: m, skipMarkup: skipMarkup) }
        }
        for row in 0..<130 {
            // Most rows are empty for short inputs; a vectorizable OR finds them cheaply.
            let cells = transitions[row * 256 ..< row * 256 + 256]
            guard cells.reduce(0, |) != 0 else { continue }
            for b in 0..<256 {
                let k = Int(cells[row * 256 + b])
                guard k > 0 else { continue }
                textBytes += k
                if b >= 0x80 {
                    highBytes += k
                    unigram[b - 0x80] += k
                    if row < 128 { highPairs.append(row << 8 | b) }
                    if row == 128 { touchingASCII[b - 0x80] += k }
                } else if Evidence.rowOf[b] == 128 {
                    if row < 128 { touchingASCII[row] += k }
                } else if (b < 0x20 && b != 0x09 && b != 0x0A && b != 0x0C && b != 0x0D) || b == 0x7F {
                    controls += k
                }
            }
        }
    }

    /// The row a byte selects for the transition that follows it (see `transitions`).
    static let rowOf: [Int] = (0..<256).map { b in
        b >= 0x80 ? b - 0x80 : (0x61...0x7A).contains(b | 0x20) ? 128 : 129
    }

    static func scan(_ buf: UnsafeBufferPointer<UInt8>, into m: UnsafeMutableBufferPointer<UInt32>, skipMarkup: Bool) {
        rowOf.withUnsafeBufferPointer { rowOf in
            let n = buf.count
            var row = 129
            var i = 0
            // Once a '<' has no '>' after it, no later '<' will either; remembering that keeps a
            // stray '<' from turning the scan quadratic.
            var noMoreTagEnd = false
            while i < n {
                let b = buf[i]
                if skipMarkup && (b == 0x3C || b == 0x26) {
                    if b == 0x3C && !noMoreTagEnd && opensTag(buf, i) {
                        if let end = tagEnd(buf, i) { i = end; row = 129; continue }
                        noMoreTagEnd = true
                    } else if b == 0x26, let end = entityEnd(buf, i) {
                        i = end; row = 129; continue
                    }
                }
                m[row << 8 | Int(b)] &+= 1
                row = rowOf[Int(b)]
                i &+= 1
            }
        }
    }

    /// A '<' opens markup only when followed by what can start a tag, so "a < b" stays text.
    static func opensTag(_ buf: UnsafeBufferPointer<UInt8>, _ i: Int) -> Bool {
        guard i + 1 < buf.count else { return false }
        let n = buf[i + 1]
        return (n | 0x20) &- 0x61 < 26 || n == 0x2F || n == 0x21 || n == 0x3F
    }

    static let cdata: [UInt8] = Array("![CDATA[".utf8)

    /// Index just past the tag opened at `i`, or nil when no '>' follows.
    /// CDATA content is feed text, so only its opener is skipped.
    static func tagEnd(_ buf: UnsafeBufferPointer<UInt8>, _ i: Int) -> Int? {
        if i + 1 + cdata.count <= buf.count {
            var match = true
            for k in 0..<cdata.count where buf[i + 1 + k] != cdata[k] { match = false; break }
            if match { return i + 1 + cdata.count }
        }
        var j = i + 1
        while j < buf.count {
            if buf[j] == 0x3E { return j + 1 }
            j += 1
        }
        return nil
    }

    /// Index just past an `&name;` / `&#123;` entity at `i`; entities are ASCII spellings of
    /// characters we cannot attribute to any charset.
    static func entityEnd(_ buf: UnsafeBufferPointer<UInt8>, _ i: Int) -> Int? {
        var j = i + 1
        if j < buf.count && buf[j] == 0x23 { j += 1 }
        let start = j
        while j < buf.count && j - start < 32 {
            let b = buf[j]
            if b == 0x3B { return j > start ? j + 1 : nil }
            guard (b | 0x20) &- 0x61 < 26 || b &- 0x30 < 10 else { return nil }
            j += 1
        }
        return nil
    }
}

// MARK: - Scoring model

/// What a charset's text is expected to look like. Letters are listed most frequent first; the
/// rank is turned into a geometric probability, which is close enough to real letter frequencies
/// and needs no training corpus.
struct Language: Sendable {
    let letters: String
    /// In-script but uncommon characters (diacritics, neighbouring languages' letters): plausible,
    /// never strong evidence.
    let rare: String
    /// Letters that only ever end a word (in logical order).
    let finals: String
    /// Commonest letter pairs, space separated, in logical order.
    let bigrams: String
    /// In Latin text accented letters are sprinkled among ASCII letters; in every other script
    /// letters come in runs of high bytes. That one fact separates 1252 from the rest.
    let isLatin: Bool

    static let latin = Language(
        letters: "éüäöàèáóçíßñúêãâôîõëïûùåøæœìòýÿšž", rare: "ðþ", finals: "",
        bigrams: "çã çõ ée éé", isLatin: true)
    /// Russian order, with ъ raised for Bulgarian, which uses it heavily.
    static let cyrillic = Language(
        letters: "оеаинтсрвлкмдпъуяыьгзбчйхжшюцщэфё", rare: "іїєґўјљњђћџѓќѕ", finals: "",
        bigrams: "ст но то на ен ов ни ра во ко ро ре ос пр по ал ть ер ли не от ет ан ка ор ол та го ла ва ле ог ве ие од ел ом ин он де те да за",
        isLatin: false)
    static let arabic = Language(
        letters: "اليمونهربتعفةدسقكأحجشإطصىخزثذضغئءظآؤ",
        rare: "\u{64B}\u{64C}\u{64D}\u{64E}\u{64F}\u{650}\u{651}\u{652}ـپچژگکیہےںٹڈڑھۀ", finals: "ةى",
        bigrams: "ال لا ان من في ما ين لم ها ول ات ية وا لى ير ون لت اء عل نا لي قا اس هم",
        isLatin: false)
    static let greek = Language(
        letters: "αοιετνσηκρπυμλςωγδάέίόθχφήύβξώζψ", rare: "ϊϋΐΰ", finals: "ς",
        bigrams: "το αι ου ει να τη ην ικ ατ ον κα ερ ος ας ντ ση στ πο απ ης με ρα αν επ", isLatin: false)
    static let hebrew = Language(
        letters: "יוהלארמתבשנעדםכקחפןסגטזצךףץ",
        rare: "\u{5B0}\u{5B1}\u{5B2}\u{5B3}\u{5B4}\u{5B5}\u{5B6}\u{5B7}\u{5B8}\u{5B9}\u{5BA}\u{5BB}\u{5BC}\u{5BD}\u{5BF}\u{5C1}\u{5C2}װױײ",
        finals: "ךםןףץ",
        bigrams: "ים ות של את וה הו יה ני ית לה אל לא רי ור תי מה בי כל הי ול ומ מי", isLatin: false)
}

/// One candidate charset: its decoding table turned into per-byte log-scores and letter flags.
struct Model: Sendable {
    let label: String
    let weight: [Double]
    let kind: [UInt8]
    let isLatin: Bool
    let visualOrder: Bool
    let bigrams: [Int]

    static let letter: UInt8 = 1, upper: UInt8 = 2, lower: UInt8 = 4, final: UInt8 = 8

    // Log-probabilities. Only their ordering and rough ratios matter; they were set by reasoning
    // about how often each class occurs in real text, then checked against the chardet corpus.
    // Unmapped bytes are a heavy penalty rather than a veto so that one stray byte in a long
    // document cannot hand the win to a charset that happens to map everything.
    static let letterMass = 0.95, lowerShare = 0.75, rareLetter = -5.8
    static let commonPunct = -5.3, rarePunct = -6.9, foreign = -8.1, undefined = -13.8
    static let mixedScript = -3.0, latinRun = -2.0, caseFlip = -3.0, misplacedFinal = -3.0
    static let bigramBonus = 1.0
    /// English and other mostly-ASCII text in windows-1252 has *only* punctuation in its high
    /// range (smart quotes, dashes, £, €), so there punctuation is far likelier than elsewhere.
    static let latinPunctBoost = 1.8

    /// Punctuation real text uses in its high range (typographic quotes, dashes, NBSP, Arabic
    /// comma, LRM/RLM...). Anything else non-letter is rarer still.
    static let common: Set<UInt32> = scalars("\u{A0}«»‘’‚“”„–—…•·№،؛؟€£°©®™₪\u{200C}\u{200D}\u{200E}\u{200F}")
    static let rarePunctuation: Set<UInt32> =
        scalars("‹›†‡‰§¤¦¬±×÷¶¥¢´¨¯¸¹²³¼½¾ªº¿¡ˆ˜΄΅―₯µ\u{AD}ƒ־׳״‗")

    static func scalars(_ s: String) -> Set<UInt32> { Set(s.unicodeScalars.map(\.value)) }

    init(_ label: String, _ table: [UInt16], _ language: Language, visualOrder: Bool = false) {
        self.label = label
        self.isLatin = language.isLatin
        self.visualOrder = visualOrder
        let ranked = language.letters.unicodeScalars.map(\.value)
        let rare = Model.scalars(language.rare)
        let finals = Model.scalars(language.finals)
        // Geometric rank model: the last listed letter is ~100x rarer than the first.
        let n = Double(max(ranked.count, 2))
        let q = pow(100, -1.0 / (n - 1))
        let norm = (1 - q) / (1 - pow(q, Double(ranked.count)))
        var weight = [Double](repeating: Model.undefined, count: 128)
        var kind = [UInt8](repeating: 0, count: 128)
        var byteOf: [UInt32: Int] = [:]
        for h in 0..<min(128, table.count) {
            let value = UInt32(table[h])
            guard value != 0xFFFD, let scalar = Unicode.Scalar(value) else { continue }
            if byteOf[value] == nil { byteOf[value] = h }
            let lowered = Model.lowercased(scalar)
            let isUpper = lowered != value
            let isLower = scalar.properties.changesWhenUppercased
            if let rank = ranked.firstIndex(of: lowered) {
                let share = isUpper ? 1 - Model.lowerShare : (isLower ? Model.lowerShare : 1)
                weight[h] = log(Model.letterMass * share * norm * pow(q, Double(rank)))
                kind[h] = Model.letter | (isUpper ? Model.upper : 0) | (isLower ? Model.lower : 0)
                if finals.contains(lowered) { kind[h] |= Model.final }
            } else if rare.contains(lowered) {
                weight[h] = Model.rareLetter
                kind[h] = Model.letter
            } else if Model.common.contains(value) {
                weight[h] = Model.commonPunct + (language.isLatin ? Model.latinPunctBoost : 0)
            } else if Model.rarePunctuation.contains(value) {
                weight[h] = Model.rarePunct + (language.isLatin ? Model.latinPunctBoost : 0)
            } else {
                weight[h] = Model.foreign
            }
        }
        self.weight = weight
        self.kind = kind
        // Visual-order text stores every word reversed, so its pairs are the logical ones flipped.
        var pairs: [Int] = []
        for pair in language.bigrams.split(separator: " ") {
            let s = Array(pair.unicodeScalars)
            guard s.count == 2, let a = byteOf[s[0].value], let b = byteOf[s[1].value] else { continue }
            pairs.append(visualOrder ? b << 8 | (a + 0x80) : a << 8 | (b + 0x80))
        }
        self.bigrams = pairs
    }

    func score(_ e: Evidence) -> Double {
        var s = 0.0
        for h in 0..<128 where e.unigram[h] > 0 {
            s += Double(e.unigram[h]) * weight[h]
            if !isLatin && kind[h] & Model.letter != 0 { s += Model.mixedScript * Double(e.touchingASCII[h]) }
        }
        for p in e.highPairs {
            let a = kind[p >> 8], b = kind[(p & 0xFF) - 0x80]
            guard a & Model.letter != 0 && b & Model.letter != 0 else { continue }
            let n = Double(e.transitions[p])
            if isLatin { s += Model.latinRun * n }
            if a & Model.lower != 0 && b & Model.upper != 0 { s += Model.caseFlip * n }
            if (visualOrder ? b : a) & Model.final != 0 { s += Model.misplacedFinal * n }
        }
        for p in bigrams { s += Model.bigramBonus * Double(e.transitions[p]) }
        return s
    }

    static func lowercased(_ u: Unicode.Scalar) -> UInt32 {
        let m = u.properties.lowercaseMapping.unicodeScalars
        if m.count == 1, let first = m.first { return first.value }
        return u.value
    }
}

// MARK: - Decoding tables

/// Bytes 0x80-0xFF as decoded by each charset, written out so the guess needs no iconv/ICU.
/// Generated with Python `bytes(range(128, 256)).decode(codec, errors="replace")`; C1 controls
/// and unmapped bytes are U+FFFD because real text never contains them, and windows-1255 0xCA
/// is U+05BA as in the WHATWG table.
enum Tables {
    static let cp1252: [UInt16] = [
        0x20AC, 0xFFFD, 0x201A, 0x0192, 0x201E, 0x2026, 0x2020, 0x2021, 0x02C6, 0x2030, 0x0160, 0x2039, 0x0152, 0xFFFD, 0x017D, 0xFFFD,
        0xFFFD, 0x2018, 0x2019, 0x201C, 0x201D, 0x2022, 0x2013, 0x2014, 0x02DC, 0x2122, 0x0161, 0x203A, 0x0153, 0xFFFD, 0x017E, 0x0178,
        0x00A0, 0x00A1, 0x00A2, 0x00A3, 0x00A4, 0x00A5, 0x00A6, 0x00A7, 0x00A8, 0x00A9, 0x00AA, 0x00AB, 0x00AC, 0x00AD, 0x00AE, 0x00AF,
        0x00B0, 0x00B1, 0x00B2, 0x00B3, 0x00B4, 0x00B5, 0x00B6, 0x00B7, 0x00B8, 0x00B9, 0x00BA, 0x00BB, 0x00BC, 0x00BD, 0x00BE, 0x00BF,
        0x00C0, 0x00C1, 0x00C2, 0x00C3, 0x00C4, 0x00C5, 0x00C6, 0x00C7, 0x00C8, 0x00C9, 0x00CA, 0x00CB, 0x00CC, 0x00CD, 0x00CE, 0x00CF,
        0x00D0, 0x00D1, 0x00D2, 0x00D3, 0x00D4, 0x00D5, 0x00D6, 0x00D7, 0x00D8, 0x00D9, 0x00DA, 0x00DB, 0x00DC, 0x00DD, 0x00DE, 0x00DF,
        0x00E0, 0x00E1, 0x00E2, 0x00E3, 0x00E4, 0x00E5, 0x00E6, 0x00E7, 0x00E8, 0x00E9, 0x00EA, 0x00EB, 0x00EC, 0x00ED, 0x00EE, 0x00EF,
        0x00F0, 0x00F1, 0x00F2, 0x00F3, 0x00F4, 0x00F5, 0x00F6, 0x00F7, 0x00F8, 0x00F9, 0x00FA, 0x00FB, 0x00FC, 0x00FD, 0x00FE, 0x00FF,
    ]
    static let cp1251: [UInt16] = [
        0x0402, 0x0403, 0x201A, 0x0453, 0x201E, 0x2026, 0x2020, 0x2021, 0x20AC, 0x2030, 0x0409, 0x2039, 0x040A, 0x040C, 0x040B, 0x040F,
        0x0452, 0x2018, 0x2019, 0x201C, 0x201D, 0x2022, 0x2013, 0x2014, 0xFFFD, 0x2122, 0x0459, 0x203A, 0x045A, 0x045C, 0x045B, 0x045F,
        0x00A0, 0x040E, 0x045E, 0x0408, 0x00A4, 0x0490, 0x00A6, 0x00A7, 0x0401, 0x00A9, 0x0404, 0x00AB, 0x00AC, 0x00AD, 0x00AE, 0x0407,
        0x00B0, 0x00B1, 0x0406, 0x0456, 0x0491, 0x00B5, 0x00B6, 0x00B7, 0x0451, 0x2116, 0x0454, 0x00BB, 0x0458, 0x0405, 0x0455, 0x0457,
        0x0410, 0x0411, 0x0412, 0x0413, 0x0414, 0x0415, 0x0416, 0x0417, 0x0418, 0x0419, 0x041A, 0x041B, 0x041C, 0x041D, 0x041E, 0x041F,
        0x0420, 0x0421, 0x0422, 0x0423, 0x0424, 0x0425, 0x0426, 0x0427, 0x0428, 0x0429, 0x042A, 0x042B, 0x042C, 0x042D, 0x042E, 0x042F,
        0x0430, 0x0431, 0x0432, 0x0433, 0x0434, 0x0435, 0x0436, 0x0437, 0x0438, 0x0439, 0x043A, 0x043B, 0x043C, 0x043D, 0x043E, 0x043F,
        0x0440, 0x0441, 0x0442, 0x0443, 0x0444, 0x0445, 0x0446, 0x0447, 0x0448, 0x0449, 0x044A, 0x044B, 0x044C, 0x044D, 0x044E, 0x044F,
    ]
    static let koi8r: [UInt16] = [
        0x2500, 0x2502, 0x250C, 0x2510, 0x2514, 0x2518, 0x251C, 0x2524, 0x252C, 0x2534, 0x253C, 0x2580, 0x2584, 0x2588, 0x258C, 0x2590,
        0x2591, 0x2592, 0x2593, 0x2320, 0x25A0, 0x2219, 0x221A, 0x2248, 0x2264, 0x2265, 0x00A0, 0x2321, 0x00B0, 0x00B2, 0x00B7, 0x00F7,
        0x2550, 0x2551, 0x2552, 0x0451, 0x2553, 0x2554, 0x2555, 0x2556, 0x2557, 0x2558, 0x2559, 0x255A, 0x255B, 0x255C, 0x255D, 0x255E,
        0x255F, 0x2560, 0x2561, 0x0401, 0x2562, 0x2563, 0x2564, 0x2565, 0x2566, 0x2567, 0x2568, 0x2569, 0x256A, 0x256B, 0x256C, 0x00A9,
        0x044E, 0x0430, 0x0431, 0x0446, 0x0434, 0x0435, 0x0444, 0x0433, 0x0445, 0x0438, 0x0439, 0x043A, 0x043B, 0x043C, 0x043D, 0x043E,
        0x043F, 0x044F, 0x0440, 0x0441, 0x0442, 0x0443, 0x0436, 0x0432, 0x044C, 0x044B, 0x0437, 0x0448, 0x044D, 0x0449, 0x0447, 0x044A,
        0x042E, 0x0410, 0x0411, 0x0426, 0x0414, 0x0415, 0x0424, 0x0413, 0x0425, 0x0418, 0x0419, 0x041A, 0x041B, 0x041C, 0x041D, 0x041E,
        0x041F, 0x042F, 0x0420, 0x0421, 0x0422, 0x0423, 0x0416, 0x0412, 0x042C, 0x042B, 0x0417, 0x0428, 0x042D, 0x0429, 0x0427, 0x042A,
    ]
    static let ibm866: [UInt16] = [
        0x0410, 0x0411, 0x0412, 0x0413, 0x0414, 0x0415, 0x0416, 0x0417, 0x0418, 0x0419, 0x041A, 0x041B, 0x041C, 0x041D, 0x041E, 0x041F,
        0x0420, 0x0421, 0x0422, 0x0423, 0x0424, 0x0425, 0x0426, 0x0427, 0x0428, 0x0429, 0x042A, 0x042B, 0x042C, 0x042D, 0x042E, 0x042F,
        0x0430, 0x0431, 0x0432, 0x0433, 0x0434, 0x0435, 0x0436, 0x0437, 0x0438, 0x0439, 0x043A, 0x043B, 0x043C, 0x043D, 0x043E, 0x043F,
        0x2591, 0x2592, 0x2593, 0x2502, 0x2524, 0x2561, 0x2562, 0x2556, 0x2555, 0x2563, 0x2551, 0x2557, 0x255D, 0x255C, 0x255B, 0x2510,
        0x2514, 0x2534, 0x252C, 0x251C, 0x2500, 0x253C, 0x255E, 0x255F, 0x255A, 0x2554, 0x2569, 0x2566, 0x2560, 0x2550, 0x256C, 0x2567,
        0x2568, 0x2564, 0x2565, 0x2559, 0x2558, 0x2552, 0x2553, 0x256B, 0x256A, 0x2518, 0x250C, 0x2588, 0x2584, 0x258C, 0x2590, 0x2580,
        0x0440, 0x0441, 0x0442, 0x0443, 0x0444, 0x0445, 0x0446, 0x0447, 0x0448, 0x0449, 0x044A, 0x044B, 0x044C, 0x044D, 0x044E, 0x044F,
        0x0401, 0x0451, 0x0404, 0x0454, 0x0407, 0x0457, 0x040E, 0x045E, 0x00B0, 0x2219, 0x00B7, 0x221A, 0x2116, 0x00A4, 0x25A0, 0x00A0,
    ]
    static let cp1256: [UInt16] = [
        0x20AC, 0x067E, 0x201A, 0x0192, 0x201E, 0x2026, 0x2020, 0x2021, 0x02C6, 0x2030, 0x0679, 0x2039, 0x0152, 0x0686, 0x0698, 0x0688,
        0x06AF, 0x2018, 0x2019, 0x201C, 0x201D, 0x2022, 0x2013, 0x2014, 0x06A9, 0x2122, 0x0691, 0x203A, 0x0153, 0x200C, 0x200D, 0x06BA,
        0x00A0, 0x060C, 0x00A2, 0x00A3, 0x00A4, 0x00A5, 0x00A6, 0x00A7, 0x00A8, 0x00A9, 0x06BE, 0x00AB, 0x00AC, 0x00AD, 0x00AE, 0x00AF,
        0x00B0, 0x00B1, 0x00B2, 0x00B3, 0x00B4, 0x00B5, 0x00B6, 0x00B7, 0x00B8, 0x00B9, 0x061B, 0x00BB, 0x00BC, 0x00BD, 0x00BE, 0x061F,
        0x06C1, 0x0621, 0x0622, 0x0623, 0x0624, 0x0625, 0x0626, 0x0627, 0x0628, 0x0629, 0x062A, 0x062B, 0x062C, 0x062D, 0x062E, 0x062F,
        0x0630, 0x0631, 0x0632, 0x0633, 0x0634, 0x0635, 0x0636, 0x00D7, 0x0637, 0x0638, 0x0639, 0x063A, 0x0640, 0x0641, 0x0642, 0x0643,
        0x00E0, 0x0644, 0x00E2, 0x0645, 0x0646, 0x0647, 0x0648, 0x00E7, 0x00E8, 0x00E9, 0x00EA, 0x00EB, 0x0649, 0x064A, 0x00EE, 0x00EF,
        0x064B, 0x064C, 0x064D, 0x064E, 0x00F4, 0x064F, 0x0650, 0x00F7, 0x0651, 0x00F9, 0x0652, 0x00FB, 0x00FC, 0x200E, 0x200F, 0x06D2,
    ]
    static let iso88596: [UInt16] = [
        0xFFFD, 0xFFFD, 0xFFFD, 0xFFFD, 0xFFFD, 0xFFFD, 0xFFFD, 0xFFFD, 0xFFFD, 0xFFFD, 0xFFFD, 0xFFFD, 0xFFFD, 0xFFFD, 0xFFFD, 0xFFFD,
        0xFFFD, 0xFFFD, 0xFFFD, 0xFFFD, 0xFFFD, 0xFFFD, 0xFFFD, 0xFFFD, 0xFFFD, 0xFFFD, 0xFFFD, 0xFFFD, 0xFFFD, 0xFFFD, 0xFFFD, 0xFFFD,
        0x00A0, 0xFFFD, 0xFFFD, 0xFFFD, 0x00A4, 0xFFFD, 0xFFFD, 0xFFFD, 0xFFFD, 0xFFFD, 0xFFFD, 0xFFFD, 0x060C, 0x00AD, 0xFFFD, 0xFFFD,
        0xFFFD, 0xFFFD, 0xFFFD, 0xFFFD, 0xFFFD, 0xFFFD, 0xFFFD, 0xFFFD, 0xFFFD, 0xFFFD, 0xFFFD, 0x061B, 0xFFFD, 0xFFFD, 0xFFFD, 0x061F,
        0xFFFD, 0x0621, 0x0622, 0x0623, 0x0624, 0x0625, 0x0626, 0x0627, 0x0628, 0x0629, 0x062A, 0x062B, 0x062C, 0x062D, 0x062E, 0x062F,
        0x0630, 0x0631, 0x0632, 0x0633, 0x0634, 0x0635, 0x0636, 0x0637, 0x0638, 0x0639, 0x063A, 0xFFFD, 0xFFFD, 0xFFFD, 0xFFFD, 0xFFFD,
        0x0640, 0x0641, 0x0642, 0x0643, 0x0644, 0x0645, 0x0646, 0x0647, 0x0648, 0x0649, 0x064A, 0x064B, 0x064C, 0x064D, 0x064E, 0x064F,
        0x0650, 0x0651, 0x0652, 0xFFFD, 0xFFFD, 0xFFFD, 0xFFFD, 0xFFFD, 0xFFFD, 0xFFFD, 0xFFFD, 0xFFFD, 0xFFFD, 0xFFFD, 0xFFFD, 0xFFFD,
    ]
    static let iso88597: [UInt16] = [
        0xFFFD, 0xFFFD, 0xFFFD, 0xFFFD, 0xFFFD, 0xFFFD, 0xFFFD, 0xFFFD, 0xFFFD, 0xFFFD, 0xFFFD, 0xFFFD, 0xFFFD, 0xFFFD, 0xFFFD, 0xFFFD,
        0xFFFD, 0xFFFD, 0xFFFD, 0xFFFD, 0xFFFD, 0xFFFD, 0xFFFD, 0xFFFD, 0xFFFD, 0xFFFD, 0xFFFD, 0xFFFD, 0xFFFD, 0xFFFD, 0xFFFD, 0xFFFD,
        0x00A0, 0x2018, 0x2019, 0x00A3, 0x20AC, 0x20AF, 0x00A6, 0x00A7, 0x00A8, 0x00A9, 0x037A, 0x00AB, 0x00AC, 0x00AD, 0xFFFD, 0x2015,
        0x00B0, 0x00B1, 0x00B2, 0x00B3, 0x0384, 0x0385, 0x0386, 0x00B7, 0x0388, 0x0389, 0x038A, 0x00BB, 0x038C, 0x00BD, 0x038E, 0x038F,
        0x0390, 0x0391, 0x0392, 0x0393, 0x0394, 0x0395, 0x0396, 0x0397, 0x0398, 0x0399, 0x039A, 0x039B, 0x039C, 0x039D, 0x039E, 0x039F,
        0x03A0, 0x03A1, 0xFFFD, 0x03A3, 0x03A4, 0x03A5, 0x03A6, 0x03A7, 0x03A8, 0x03A9, 0x03AA, 0x03AB, 0x03AC, 0x03AD, 0x03AE, 0x03AF,
        0x03B0, 0x03B1, 0x03B2, 0x03B3, 0x03B4, 0x03B5, 0x03B6, 0x03B7, 0x03B8, 0x03B9, 0x03BA, 0x03BB, 0x03BC, 0x03BD, 0x03BE, 0x03BF,
        0x03C0, 0x03C1, 0x03C2, 0x03C3, 0x03C4, 0x03C5, 0x03C6, 0x03C7, 0x03C8, 0x03C9, 0x03CA, 0x03CB, 0x03CC, 0x03CD, 0x03CE, 0xFFFD,
    ]
    static let cp1255: [UInt16] = [
        0x20AC, 0xFFFD, 0x201A, 0x0192, 0x201E, 0x2026, 0x2020, 0x2021, 0x02C6, 0x2030, 0xFFFD, 0x2039, 0xFFFD, 0xFFFD, 0xFFFD, 0xFFFD,
        0xFFFD, 0x2018, 0x2019, 0x201C, 0x201D, 0x2022, 0x2013, 0x2014, 0x02DC, 0x2122, 0xFFFD, 0x203A, 0xFFFD, 0xFFFD, 0xFFFD, 0xFFFD,
        0x00A0, 0x00A1, 0x00A2, 0x00A3, 0x20AA, 0x00A5, 0x00A6, 0x00A7, 0x00A8, 0x00A9, 0x00D7, 0x00AB, 0x00AC, 0x00AD, 0x00AE, 0x00AF,
        0x00B0, 0x00B1, 0x00B2, 0x00B3, 0x00B4, 0x00B5, 0x00B6, 0x00B7, 0x00B8, 0x00B9, 0x00F7, 0x00BB, 0x00BC, 0x00BD, 0x00BE, 0x00BF,
        0x05B0, 0x05B1, 0x05B2, 0x05B3, 0x05B4, 0x05B5, 0x05B6, 0x05B7, 0x05B8, 0x05B9, 0x05BA, 0x05BB, 0x05BC, 0x05BD, 0x05BE, 0x05BF,
        0x05C0, 0x05C1, 0x05C2, 0x05C3, 0x05F0, 0x05F1, 0x05F2, 0x05F3, 0x05F4, 0xFFFD, 0xFFFD, 0xFFFD, 0xFFFD, 0xFFFD, 0xFFFD, 0xFFFD,
        0x05D0, 0x05D1, 0x05D2, 0x05D3, 0x05D4, 0x05D5, 0x05D6, 0x05D7, 0x05D8, 0x05D9, 0x05DA, 0x05DB, 0x05DC, 0x05DD, 0x05DE, 0x05DF,
        0x05E0, 0x05E1, 0x05E2, 0x05E3, 0x05E4, 0x05E5, 0x05E6, 0x05E7, 0x05E8, 0x05E9, 0x05EA, 0xFFFD, 0xFFFD, 0x200E, 0x200F, 0xFFFD,
    ]
    static let iso88598: [UInt16] = [
        0xFFFD, 0xFFFD, 0xFFFD, 0xFFFD, 0xFFFD, 0xFFFD, 0xFFFD, 0xFFFD, 0xFFFD, 0xFFFD, 0xFFFD, 0xFFFD, 0xFFFD, 0xFFFD, 0xFFFD, 0xFFFD,
        0xFFFD, 0xFFFD, 0xFFFD, 0xFFFD, 0xFFFD, 0xFFFD, 0xFFFD, 0xFFFD, 0xFFFD, 0xFFFD, 0xFFFD, 0xFFFD, 0xFFFD, 0xFFFD, 0xFFFD, 0xFFFD,
        0x00A0, 0xFFFD, 0x00A2, 0x00A3, 0x00A4, 0x00A5, 0x00A6, 0x00A7, 0x00A8, 0x00A9, 0x00D7, 0x00AB, 0x00AC, 0x00AD, 0x00AE, 0x00AF,
        0x00B0, 0x00B1, 0x00B2, 0x00B3, 0x00B4, 0x00B5, 0x00B6, 0x00B7, 0x00B8, 0x00B9, 0x00F7, 0x00BB, 0x00BC, 0x00BD, 0x00BE, 0xFFFD,
        0xFFFD, 0xFFFD, 0xFFFD, 0xFFFD, 0xFFFD, 0xFFFD, 0xFFFD, 0xFFFD, 0xFFFD, 0xFFFD, 0xFFFD, 0xFFFD, 0xFFFD, 0xFFFD, 0xFFFD, 0xFFFD,
        0xFFFD, 0xFFFD, 0xFFFD, 0xFFFD, 0xFFFD, 0xFFFD, 0xFFFD, 0xFFFD, 0xFFFD, 0xFFFD, 0xFFFD, 0xFFFD, 0xFFFD, 0xFFFD, 0xFFFD, 0x2017,
        0x05D0, 0x05D1, 0x05D2, 0x05D3, 0x05D4, 0x05D5, 0x05D6, 0x05D7, 0x05D8, 0x05D9, 0x05DA, 0x05DB, 0x05DC, 0x05DD, 0x05DE, 0x05DF,
        0x05E0, 0x05E1, 0x05E2, 0x05E3, 0x05E4, 0x05E5, 0x05E6, 0x05E7, 0x05E8, 0x05E9, 0x05EA, 0xFFFD, 0xFFFD, 0x200E, 0x200F, 0xFFFD,
    ]
}
