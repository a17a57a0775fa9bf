/// Sizes written for people: `"10MiB"`, `"512 KB"`, `"1gib"`.
enum ByteSize {
    /// Decimal and binary units, matched case-insensitively.
    static let units: [String: Int] = [
        "b": 1,
        "kb": 1_000, "kib": 1 << 10,
        "mb": 1_000_000, "mib": 1 << 20,
        "gb": 1_000_000_000, "gib": 1 << 30,
    ]

    static let unitList = "B, KB, KiB, MB, MiB, GB, GiB"

    /// The number of bytes a size string denotes: a whole number, optional spaces, a unit.
    /// - Returns: `nil` if the text is malformed, has no known unit, or overflows `Int`.
    static func bytes(_ text: String) -> Int? {
        var rest = Substring(text.lowercased()).drop { $0 == " " }
        let digits = rest.prefix { $0.isASCII && $0.isNumber }
        rest = rest.dropFirst(digits.count).drop { $0 == " " }
        while rest.last == " " { rest = rest.dropLast() }
        guard !digits.isEmpty, let number = Int(digits), let multiplier = units[String(rest)] else { return nil }
        let (bytes, overflow) = number.multipliedReportingOverflow(by: multiplier)
        return overflow ? nil : bytes
    }
}
