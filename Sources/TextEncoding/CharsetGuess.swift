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
            let cells = transitions[row * 256..<row * 256 + 256]
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
