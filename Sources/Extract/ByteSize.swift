/// Human-readable byte counts for messages ("12.3 MiB").
enum ByteSize {
    static func format(_ bytes: Int) -> String {
        let mebibyte = 1024.0 * 1024
        if Double(bytes) >= mebibyte { return decimal(Double(bytes) / mebibyte) + " MiB" }
        if bytes >= 1024 { return decimal(Double(bytes) / 1024) + " KiB" }
        return "\(bytes) bytes"
    }

    /// "file is 12.3 MiB, over the 10 MiB limit"; exact byte counts when rounding would
    /// make both look equal.
    static func overLimitMessage(size: Int, limit: Int) -> String {
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
