internal import Glibc

/// Classifies UTF-8 characters without decoding them.
enum UTF8Scan {
    enum Kind {
        case space, invisible, comma, other
    }

    /// The length and kind of the character starting at `index`: whitespace (ASCII and
    /// Unicode spaces), invisible (C0 controls, DEL, soft hyphen, zero-width space, U+FEFF),
    /// a comma, or anything else (a stray continuation byte counts as one `other` byte).
    @inline(__always)
    static func character(in text: UnsafeBufferPointer<UInt8>, at index: Int) -> (Int, Kind) {
        let lead = text[index]
        let remaining = text.count - index
        switch lead {
        case 0x20, 0x09, 0x0A, 0x0B, 0x0C, 0x0D:
            return (1, .space)
        case 0x2C:
            return (1, .comma)
        case 0..<0x20, 0x7F:
            return (1, .invisible)
        case 0x21..<0x80, 0x80..<0xC0:
            return (1, .other)
        case 0xC0..<0xE0:
            guard remaining >= 2 else { return (remaining, .other) }
            switch (lead, text[index + 1]) {
            case (0xC2, 0x85), (0xC2, 0xA0): return (2, .space)
            case (0xC2, 0xAD): return (2, .invisible)
            case (0xD8, 0x8C): return (2, .comma)
            default: return (2, .other)
            }
        case 0xE0..<0xF0:
            guard remaining >= 3 else { return (remaining, .other) }
            let second = text[index + 1], third = text[index + 2]
            switch (lead, second) {
            case (0xE1, 0x9A) where third == 0x80: return (3, .space)
            case (0xE2, 0x80):
                switch third {
                case 0x80...0x8A, 0xA8, 0xA9, 0xAF: return (3, .space)
                case 0x8B: return (3, .invisible)
                default: return (3, .other)
                }
            case (0xE2, 0x81) where third == 0x9F: return (3, .space)
            case (0xE3, 0x80) where third == 0x80: return (3, .space)
            case (0xE3, 0x80) where third == 0x81: return (3, .comma)
            case (0xEF, 0xBB) where third == 0xBF: return (3, .invisible)
            case (0xEF, 0xBC) where third == 0x8C: return (3, .comma)
            default: return (3, .other)
            }
        default:
            return (min(4, remaining), .other)
        }
    }
}

extension UTF8Scan {
    /// The lines of `text` split at every LF, empty ones included (as
    /// `text.utf8.split(separator: 0x0A, omittingEmptySubsequences: false)`), found with `memchr`.
    static func lines(of text: String) -> [Substring] {
        let offsets: [Int]? = text.utf8.withContiguousStorageIfAvailable { bytes in
            var breaks: [Int] = []
            guard let base = bytes.baseAddress else { return breaks }
            var position = 0
            while position < bytes.count, let found = memchr(base + position, 0x0A, bytes.count - position) {
                let offset = UnsafeRawPointer(found) - UnsafeRawPointer(base)
                breaks.append(offset)
                position = offset + 1
            }
            return breaks
        }
        guard let offsets else {
            return text.utf8.split(separator: 0x0A, omittingEmptySubsequences: false).map { Substring($0) }
        }
        var lines: [Substring] = []
        lines.reserveCapacity(offsets.count + 1)
        let utf8 = text.utf8
        var start = utf8.startIndex
        for offset in offsets {
            let end = utf8.index(utf8.startIndex, offsetBy: offset)
            lines.append(text[start..<end])
            start = utf8.index(after: end)
        }
        lines.append(text[start...])
        return lines
    }

    /// Whether `text` holds `pattern`, byte for byte; with `ignoringASCIICase`, the ASCII
    /// letters of `text` are compared lowercased (`pattern` then holds lowercase letters).
    static func contains(_ text: UnsafeBufferPointer<UInt8>, _ pattern: [UInt8], ignoringASCIICase: Bool = false) -> Bool {
        guard let first = pattern.first, text.count >= pattern.count else { return false }
        var start = 0
        let last = text.count - pattern.count
        while start <= last {
            if (ignoringASCIICase ? lowercasedASCII(text[start]) : text[start]) == first {
                var matched = 1
                while matched < pattern.count,
                    (ignoringASCIICase ? lowercasedASCII(text[start + matched]) : text[start + matched]) == pattern[matched]
                {
                    matched += 1
                }
                if matched == pattern.count { return true }
            }
            start += 1
        }
        return false
    }

    @inline(__always)
    static func lowercasedASCII(_ byte: UInt8) -> UInt8 { byte >= 0x41 && byte <= 0x5A ? byte | 0x20 : byte }
}
