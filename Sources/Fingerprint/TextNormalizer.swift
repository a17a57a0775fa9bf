import Foundation

/// Folds text the way articles are typed differently across the web, so that the same story
/// re-typed by another outlet yields the same tokens.
///
/// Rules, in order:
/// 1. NFKC, only when the text holds characters it can change (presentation forms, ligatures,
///    full-width forms, superscripts, non-breaking spaces); plain Arabic and ASCII skip it.
/// 2. Arabic diacritics (tashkeel, superscript alef, Quranic marks), tatweel, zero-width and
///    bidi marks, soft hyphens and other format characters are dropped (they sit inside words).
/// 3. Alef with hamza or madda and alef wasla → alef; alef maqsura and Persian/Urdu yeh forms →
///    yeh; teh marbuta and heh forms → heh; waw with hamza → waw; yeh with hamza → yeh;
///    keheh → kaf.
/// 4. Arabic-Indic and extended (Persian) digits → ASCII digits.
/// 5. Punctuation (Arabic comma, semicolon, question mark, full stop, percent, decimal and
///    thousands separators included), symbols, controls and all spaces → a single space.
/// 6. Latin (and other cased scripts) lower-cased.
///
/// The output is UTF-8: tokens separated by exactly one space, no leading or trailing space.
public struct TextNormalizer: Sendable {
    public init() {}

    /// Normalizes `text` into space-separated tokens (UTF-8 bytes).
    public func normalize(_ text: String) -> [UInt8] {
        var source = Self.needsCompatibilityMapping(text) ? text.precomposedStringWithCompatibilityMapping : text
        let table = Self.smallTable
        // Lower-casing can grow a scalar (U+0130 → "i̇"); four bytes out per byte in is ample.
        let capacity = source.utf8.count * 4 + 8
        return [UInt8](unsafeUninitializedCapacity: capacity) { out, count in
            var n = 0
            var pendingSpace = false
            source.withUTF8 { bytes in
                Self.forEachScalar(bytes) { scalar in
                    var folded = Self.tableSlow
                    // Most scalars (ASCII, Latin, Arabic) are folded by a table lookup.
                    if scalar.value < UInt32(table.count) { folded = table[Int(scalar.value)] }
                    if folded == Self.tableDrop { return }
                    if folded == Self.tableSpace { pendingSpace = n > 0; return }
                    if folded == Self.tableSlow {
                        switch Self.fold(scalar) {
                        case .drop: return
                        case .space: pendingSpace = n > 0; return
                        case .ascii(let byte): folded = UInt32(byte)
                        case .scalar(let value): folded = value.value
                        case .lowercase(let original):
                            if pendingSpace { out[n] = 0x20; n += 1; pendingSpace = false }
                            for lower in original.properties.lowercaseMapping.unicodeScalars { Self.write(lower.value, to: out, at: &n) }
                            return
                        }
                    }
                    if pendingSpace { out[n] = 0x20; n += 1; pendingSpace = false }
                    Self.write(folded, to: out, at: &n)
                }
            }
            count = n
        }
    }

    @inline(__always)
    static func write(_ value: UInt32, to out: UnsafeMutableBufferPointer<UInt8>, at n: inout Int) {
        switch value {
        case 0..<0x80:
            out[n] = UInt8(value); n += 1
        case 0x80..<0x800:
            out[n] = UInt8(0xC0 | (value >> 6)); out[n + 1] = UInt8(0x80 | (value & 0x3F)); n += 2
        case 0x800..<0x10000:
            out[n] = UInt8(0xE0 | (value >> 12)); out[n + 1] = UInt8(0x80 | ((value >> 6) & 0x3F))
            out[n + 2] = UInt8(0x80 | (value & 0x3F)); n += 3
        default:
            out[n] = UInt8(0xF0 | (value >> 18)); out[n + 1] = UInt8(0x80 | ((value >> 12) & 0x3F))
            out[n + 2] = UInt8(0x80 | ((value >> 6) & 0x3F)); out[n + 3] = UInt8(0x80 | (value & 0x3F)); n += 4
        }
    }

    static let tableDrop: UInt32 = 0
    static let tableSpace: UInt32 = 1
    static let tableSlow: UInt32 = 2

    /// `fold` precomputed for U+0000–U+07FF: the folded scalar, or drop / space / slow (a
    /// mapping to several scalars, left to `fold`).
    static let smallTable: [UInt32] = (0..<0x800).map { value in
        guard let scalar = Unicode.Scalar(UInt32(value)) else { return tableSpace }
        switch fold(scalar) {
        case .drop: return tableDrop
        case .space: return tableSpace
        case .ascii(let byte): return UInt32(byte)
        case .scalar(let folded): return folded.value
        case .lowercase(let original):
            let lower = original.properties.lowercaseMapping.unicodeScalars
            return lower.count == 1 ? lower.first!.value : tableSlow
        }
    }

    /// Decodes well-formed UTF-8 (a Swift string's storage) without the generic iterator.
    @inline(__always)
    static func forEachScalar(_ bytes: UnsafeBufferPointer<UInt8>, _ body: (Unicode.Scalar) -> Void) {
        var i = 0
        let count = bytes.count
        while i < count {
            let b0 = UInt32(bytes[i])
            var value: UInt32
            if b0 < 0x80 {
                value = b0
                i += 1
            } else if b0 < 0xE0, i + 1 < count {
                value = (b0 & 0x1F) << 6 | (UInt32(bytes[i + 1]) & 0x3F)
                i += 2
            } else if b0 < 0xF0, i + 2 < count {
                value = (b0 & 0x0F) << 12 | (UInt32(bytes[i + 1]) & 0x3F) << 6 | (UInt32(bytes[i + 2]) & 0x3F)
                i += 3
            } else if i + 3 < count {
                value = (b0 & 0x07) << 18 | (UInt32(bytes[i + 1]) & 0x3F) << 12 | (UInt32(bytes[i + 2]) & 0x3F) << 6 | (UInt32(bytes[i + 3]) & 0x3F)
                i += 4
            } else {
                value = 0xFFFD
                i = count
            }
            body(Unicode.Scalar(value) ?? "\u{FFFD}")
        }
    }

    /// Normalizes and returns the result as a String (tests, `syncctl extract --normalized`).
    public func normalizedString(_ text: String) -> String {
        String(decoding: normalize(text), as: UTF8.self)
    }

    enum Folded: Equatable {
        case drop
        case space
        case ascii(UInt8)
        case scalar(Unicode.Scalar)
        case lowercase(Unicode.Scalar)
    }

    /// Whether NFKC could change anything that the folding below does not already handle:
    /// ASCII, the Arabic block, spaces, format characters and plain upper-case letters are left
    /// to `fold`; anything else with a compatibility mapping, or a combining mark that NFC could
    /// compose, sends the whole text through NFKC.
    static func needsCompatibilityMapping(_ text: String) -> Bool {
        // Fast path on the bytes: ASCII, and the Arabic block (lead bytes 0xD8–0xDB), need nothing.
        let plain = text.utf8.withContiguousStorageIfAvailable { bytes in
            bytes.allSatisfy { $0 < 0x80 || (0xD8...0xDB).contains($0) || ($0 & 0xC0) == 0x80 }
        }
        if plain == true { return false }
        let table = compatibilityTable
        for scalar in text.unicodeScalars {
            let v = scalar.value
            if v < UInt32(table.count) {
                if table[Int(v)] { return true }
            } else if needsMapping(scalar) {
                return true
            }
        }
        return false
    }

    /// `needsMapping` for the scalars below U+3100 (Latin, Greek, Cyrillic, Arabic, the
    /// punctuation and symbol blocks), worked out once: the Unicode properties behind it cost
    /// more than the rest of normalizing a text that has a few quotes and dashes.
    private static let compatibilityTable: [Bool] = (0..<UInt32(0x3100)).map { Unicode.Scalar($0).map(needsMapping) ?? false }

    /// Whether one scalar sends a text through NFKC (see `needsCompatibilityMapping`).
    private static func needsMapping(_ scalar: Unicode.Scalar) -> Bool {
        let v = scalar.value
        if v < 0x80 || (0x0600...0x06FF).contains(v) { return false }
        let properties = scalar.properties
        switch properties.generalCategory {
        case .spaceSeparator, .format:
            return false
        case .nonspacingMark, .spacingMark, .enclosingMark:
            return true
        case .uppercaseLetter where properties.lowercaseMapping.unicodeScalars.count == 1:
            return String(properties.lowercaseMapping).unicodeScalars.first!.properties.changesWhenNFKCCaseFolded
        default:
            return properties.changesWhenNFKCCaseFolded
        }
    }

    static func fold(_ scalar: Unicode.Scalar) -> Folded {
        let v = scalar.value
        if v < 0x80 {
            let b = UInt8(v)
            switch b {
            case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "0")...UInt8(ascii: "9"): return .ascii(b)
            case UInt8(ascii: "A")...UInt8(ascii: "Z"): return .ascii(b + 32)
            default: return .space
            }
        }
        if (0x0600...0x06FF).contains(v) { return foldArabic(v, scalar) }
        switch v {
        case 0x00AD, 0x200B...0x200F, 0x202A...0x202E, 0x2060...0x2064, 0x2066...0x206F, 0xFEFF:
            return .drop  // soft hyphen, zero-width, bidi and invisible operators
        case 0x0750...0x077F:
            return .scalar(scalar)  // Arabic Supplement letters
        case 0x08A0...0x08D2:
            return .scalar(scalar)  // Arabic Extended-A letters
        case 0x08D3...0x08FF:
            return .drop  // Arabic Extended-A marks
        default:
            break
        }
        let properties = scalar.properties
        switch properties.generalCategory {
        case .uppercaseLetter, .titlecaseLetter:
            return .lowercase(scalar)
        case .lowercaseLetter, .modifierLetter, .otherLetter, .decimalNumber, .letterNumber, .otherNumber:
            return properties.changesWhenLowercased ? .lowercase(scalar) : .scalar(scalar)
        case .nonspacingMark, .spacingMark, .enclosingMark:
            return .scalar(scalar)
        case .format:
            return .drop
        default:
            return .space  // punctuation, symbols, separators, controls
        }
    }

    // swiftlint:disable:next cyclomatic_complexity
    static func foldArabic(_ v: UInt32, _ scalar: Unicode.Scalar) -> Folded {
        switch v {
        case 0x0600...0x0605, 0x061C, 0x06DD:
            return .drop  // number signs, Arabic letter mark, end of ayah
        case 0x0610...0x061A, 0x064B...0x065F, 0x0670, 0x06D6...0x06DC, 0x06DF...0x06E8, 0x06EA...0x06ED:
            return .drop  // tashkeel, superscript alef, Quranic annotation marks
        case 0x0640:
            return .drop  // tatweel
        case 0x0622, 0x0623, 0x0625, 0x0671, 0x0672, 0x0673, 0x0675:
            return .scalar("\u{0627}")  // alef forms → alef
        case 0x0624, 0x0676, 0x0677:
            return .scalar("\u{0648}")  // waw with hamza → waw
        case 0x0626, 0x0649, 0x063D...0x063F, 0x0678, 0x06CC, 0x06CD, 0x06CE, 0x06D0, 0x06D1, 0x06D2, 0x06D3:
            return .scalar("\u{064A}")  // yeh with hamza, alef maqsura, Persian/Urdu yeh forms → yeh
        case 0x0629, 0x06BE, 0x06C0, 0x06C1, 0x06C2, 0x06C3, 0x06D5:
            return .scalar("\u{0647}")  // teh marbuta, heh forms → heh
        case 0x06A9, 0x06AA:
            return .scalar("\u{0643}")  // keheh, swash kaf → kaf
        case 0x0660...0x0669:
            return .ascii(UInt8(v - 0x0660) + UInt8(ascii: "0"))
        case 0x06F0...0x06F9:
            return .ascii(UInt8(v - 0x06F0) + UInt8(ascii: "0"))
        case 0x0606...0x060F, 0x061B, 0x061D...0x061F, 0x066A...0x066D, 0x06D4, 0x06DE, 0x06E9, 0x06FD, 0x06FE:
            return .space  // Arabic punctuation and signs
        default:
            return .scalar(scalar)
        }
    }
}
