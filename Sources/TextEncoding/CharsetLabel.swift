/// A declared character encoding, resolved the way browsers resolve labels (WHATWG
/// Encoding Standard, the subset that matters for news pages) to a name glibc's iconv knows.
public struct CharsetLabel: Equatable, Sendable {
    /// The label as declared, lowercased and trimmed, for messages.
    public let declared: String
    /// The name passed to `iconv_open`.
    private(set) var iconvName: String
    /// An iconv name to retry with when `iconvName` rejects a byte (ISO-8859-1 for
    /// windows-1252, whose five undefined bytes browsers map to C1 controls).
    public let fallbackName: String?

    /// Whether the label means UTF-8 (or a UTF-16 label, which browsers read as UTF-8
    /// when it comes from a byte-oriented declaration).
    public var isUTF8: Bool { iconvName == "UTF-8" }

    /// A label an operator set on purpose (a source's `charset`): as `init(_:)`, except that the
    /// UTF-16 labels mean UTF-16 (the WHATWG rule reading them as UTF-8 is for labels found
    /// inside byte-oriented documents).
    public static func override(_ label: String) -> CharsetLabel? {
        guard var resolved = CharsetLabel(label) else { return nil }
        switch resolved.declared {
        case "utf-16", "unicode", "ucs-2": resolved.iconvName = "UTF-16"
        case "utf-16le": resolved.iconvName = "UTF-16LE"
        case "utf-16be", "unicodefffe": resolved.iconvName = "UTF-16BE"
        default: break
        }
        return resolved
    }

    /// Resolves a label; `nil` when it is empty or holds characters no label has.
    public init?(_ label: String) {
        var cleaned = ""
        for scalar in label.unicodeScalars {
            guard scalar.isASCII else { return nil }
            cleaned.unicodeScalars.append(scalar)
        }
        cleaned = cleaned.lowercased()
        while let first = cleaned.first, first == " " || first == "\t" || first == "\"" || first == "'" {
            cleaned.removeFirst()
        }
        while let last = cleaned.last, last == " " || last == "\t" || last == "\"" || last == "'" {
            cleaned.removeLast()
        }
        let allowed = cleaned.utf8.allSatisfy { byte in
            (byte >= 0x61 && byte <= 0x7A) || (byte >= 0x30 && byte <= 0x39)
                || byte == 0x2D || byte == 0x5F || byte == 0x2E || byte == 0x3A
        }
        guard !cleaned.isEmpty, cleaned.utf8.count <= 40, allowed else { return nil }
        declared = cleaned
        if let known = Self.aliases[cleaned] {
            iconvName = known.name
            fallbackName = known.fallback
        } else {
            iconvName = cleaned.uppercased()
            fallbackName = nil
        }
    }

    private static let latin1 = (name: "WINDOWS-1252", fallback: Optional("ISO-8859-1"))

    private static let aliases: [String: (name: String, fallback: String?)] = {
        var table: [String: (name: String, fallback: String?)] = [:]
        func add(_ labels: [String], _ name: String, fallback: String? = nil) {
            for label in labels { table[label] = (name, fallback) }
        }
        add(
            [
                "utf-8", "utf8", "unicode-1-1-utf-8", "x-unicode20utf8",
                "utf-16", "utf-16le", "utf-16be", "unicode", "ucs-2", "unicodefffe",
            ], "UTF-8")
        add(
            [
                "windows-1252", "cp1252", "x-cp1252", "iso-8859-1", "iso8859-1", "iso_8859-1", "iso88591",
                "latin1", "l1", "cp819", "ibm819", "us-ascii", "ascii", "iso-ir-100", "csisolatin1",
                "iso_8859-1:1987", "ansi_x3.4-1968",
            ], latin1.name, fallback: latin1.fallback)
        add(["windows-1256", "cp1256", "x-cp1256"], "WINDOWS-1256")
        add(
            [
                "iso-8859-6", "iso8859-6", "iso_8859-6", "iso88596", "arabic", "asmo-708", "ecma-114",
                "csisolatinarabic", "iso-ir-127", "iso-8859-6-e", "iso-8859-6-i", "iso_8859-6:1987",
            ], "ISO-8859-6")
        add(["windows-1251", "cp1251", "x-cp1251"], "WINDOWS-1251")
        add(["koi8-r", "koi8", "koi", "koi8_r", "cskoi8r"], "KOI8-R")
        add(["koi8-u", "koi8-ru"], "KOI8-U")
        add(["windows-1250", "cp1250", "x-cp1250"], "WINDOWS-1250")
        add(["iso-8859-2", "iso8859-2", "iso_8859-2", "latin2", "l2"], "ISO-8859-2")
        add(["iso-8859-5", "iso8859-5", "iso_8859-5", "cyrillic"], "ISO-8859-5")
        add(["iso-8859-7", "iso8859-7", "greek", "windows-1253", "cp1253"], "WINDOWS-1253")
        add(["iso-8859-8", "iso8859-8", "iso-8859-8-i", "hebrew", "windows-1255", "cp1255"], "WINDOWS-1255")
        add(["iso-8859-9", "iso8859-9", "latin5", "windows-1254", "cp1254"], "WINDOWS-1254")
        add(["iso-8859-15", "iso8859-15", "latin9", "l9"], "ISO-8859-15")
        add(["windows-1257", "cp1257"], "WINDOWS-1257")
        add(["windows-1258", "cp1258"], "WINDOWS-1258")
        add(["windows-874", "tis-620", "iso-8859-11", "dos-874"], "CP874")
        add(["gb2312", "gbk", "x-gbk", "chinese", "csgb2312", "gb_2312-80"], "GBK")
        add(["gb18030"], "GB18030")
        add(["big5", "big5-hkscs", "x-x-big5", "cn-big5"], "BIG5-HKSCS")
        add(["shift_jis", "shift-jis", "sjis", "x-sjis", "ms_kanji", "windows-31j", "csshiftjis"], "CP932")
        add(["euc-jp", "x-euc-jp"], "EUC-JP")
        add(["iso-2022-jp"], "ISO-2022-JP")
        add(["euc-kr", "ks_c_5601-1987", "windows-949", "cp949", "korean"], "CP949")
        add(["x-mac-cyrillic", "x-mac-ukrainian"], "MAC-CYRILLIC")
        add(["macintosh", "mac", "x-mac-roman"], "MACINTOSH")
        return table
    }()
}
