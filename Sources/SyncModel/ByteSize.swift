/// Byte counts as people write and read them: parsed from config text (`"10MiB"`, `"512 KB"`)
/// and formatted for messages and tables (`"12.3 MiB"`).
public enum ByteSize {
    /// Decimal and binary units, matched case-insensitively.
    static let units: [String: Int] = [
        "b": 1,
        "kb": 1_000, "kib": 1 << 10,
        "mb": 1_000_000, "mib": 1 << 20,
        "gb": 1_000_000_000, "gib": 1 << 30,
    ]

    public static let unitList = "B, KB, KiB, MB, MiB, GB, GiB"

    /// The number of bytes a size string denotes: a whole number, optional spaces, a unit.
    /// - Returns: `nil` if the text is malformed, has no known unit, or overflows `Int`.
    public static func bytes(_ text: String) -> Int? {
        var rest = Substring(text.lowercased()).drop { $0 == " " }
        let digits = rest.prefix { $0.isASCII && $0.isNumber }
        rest = rest.dropFirst(digits.count).drop { $0 == " " }
        while rest.last == " " { rest = rest.dropLast() }
        guard !digits.isEmpty, let number = Int(digits), let multiplier = units[String(rest)] else { return nil }
        let (bytes, overflow) = number.multipliedReportingOverflow(by: multiplier)
        return overflow ? nil : bytes
    }

    /// "12.3 MiB", "10 KiB", "512 bytes"; GiB and TiB for the largest.
    public static func format(_ bytes: Int) -> String {
        let units = ["KiB", "MiB", "GiB", "TiB"]
        guard bytes >= 1024 else { return "\(bytes) bytes" }
        var value = Double(bytes) / 1024
        var unit = 0
        while value >= 1024 && unit < units.count - 1 {
            value /= 1024
            unit += 1
        }
        return decimal(value) + " " + units[unit]
    }

    /// "file is 12.3 MiB, over the 10 MiB limit"; exact byte counts when rounding would
    /// make both look equal.
    public static func overLimitMessage(size: Int, limit: Int) -> String {
        var shownSize = format(size)
        var shownLimit = format(limit)
        if shownSize == shownLimit {
            shownSize = "\(size) bytes"
            shownLimit = "\(limit)-byte"
            return "file is \(shownSize), over the \(shownLimit) limit"
        }
        if shownLimit.hasSuffix(" bytes") { shownLimit = "\(limit)-byte" }
        return "file is \(shownSize), over the \(shownLimit) limit"
    }

    /// One decimal, dropped when it is zero: 12.3, 10.
    private static func decimal(_ value: Double) -> String {
        let tenths = Int((value * 10).rounded())
        return tenths % 10 == 0 ? "\(tenths / 10)" : "\(tenths / 10).\(tenths % 10)"
    }
}
