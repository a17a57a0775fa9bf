/// Whitespace rules shared by the extractors: Unicode spaces (including NBSP and the
/// U+2000 block) count as whitespace; zero-width joiners do not.
public enum Whitespace {
    @inline(__always)
    static func isSpace(_ scalar: Unicode.Scalar) -> Bool { isSpace(scalar.value) }

    @inline(__always)
    static func isSpace(_ value: UInt32) -> Bool {
        switch value {
        case 0x20, 0x09, 0x0A, 0x0B, 0x0C, 0x0D, 0x85, 0xA0, 0x1680, 0x2000...0x200A,
            0x2028, 0x2029, 0x202F, 0x205F, 0x3000:
            true
        default:
            false
        }
    }

    static func trimmed(_ text: Substring) -> Substring {
        let scalars = text.unicodeScalars
        guard let start = scalars.firstIndex(where: { !isSpace($0) }),
            let last = scalars.lastIndex(where: { !isSpace($0) })
        else { return "" }
        return Substring(scalars[start...last])
    }

    static func trailingTrimmed(_ text: Substring) -> Substring {
        let scalars = text.unicodeScalars
        guard let last = scalars.lastIndex(where: { !isSpace($0) }) else { return "" }
        return Substring(scalars[...last])
    }

    /// Runs of whitespace become one space; leading and trailing whitespace, invisible
    /// formatting and control characters are dropped (`CollapsingBuffer`).
    public static func collapsed(_ text: some StringProtocol) -> String {
        var buffer = CollapsingBuffer()
        buffer.append(String(text))
        return buffer.take()
    }

    /// Whether UTF-8 text has any character that is neither whitespace nor invisible.
    public static func hasContent(_ utf8: [UInt8]) -> Bool {
        utf8.withUnsafeBufferPointer { TextMetrics.visibleCount($0, limit: 1) > 0 }
    }

    /// Whether a text has any character that is neither whitespace nor invisible.
    static func hasContent(_ text: String) -> Bool {
        var text = text
        return text.withUTF8 { TextMetrics.visibleCount($0, limit: 1) > 0 }
    }
}
