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
