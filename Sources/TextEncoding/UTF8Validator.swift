/// Finds where bytes stop being well-formed UTF-8 (RFC 3629: no overlongs, no surrogates,
/// nothing above U+10FFFF).
public enum UTF8Validator {
    /// The offset of the first byte that starts an ill-formed sequence, or `nil` when all
    /// bytes are valid UTF-8.
    public static func firstInvalidOffset(_ bytes: UnsafeBufferPointer<UInt8>) -> Int? {
        var index = 0
        let count = bytes.count
        guard let base = bytes.baseAddress else { return nil }
        let raw = UnsafeRawPointer(base)
        while index < count {
            // Eight ASCII bytes at a time.
            while index + 8 <= count, raw.loadUnaligned(fromByteOffset: index, as: UInt64.self) & 0x8080_8080_8080_8080 == 0 {
                index += 8
            }
            guard index < count else { break }
            let lead = bytes[index]
            if lead < 0x80 {
                index += 1
                continue
            }
            if lead >= 0xC2, lead <= 0xDF, index + 1 < count, bytes[index + 1] & 0xC0 == 0x80 {
                index += 2
                continue
            }
            let length = sequenceLength(bytes, at: index)
            if length == 0 { return index }
            index += length
        }
        return nil
    }

    /// How many ill-formed sequences the bytes hold (each would become one U+FFFD).
    public static func invalidSequenceCount(_ bytes: UnsafeBufferPointer<UInt8>) -> Int {
        var index = 0
        var invalid = 0
        while index < bytes.count {
            if bytes[index] < 0x80 {
                index += 1
                continue
            }
            let length = sequenceLength(bytes, at: index)
            if length == 0 {
                invalid += 1
                index += 1
            } else {
                index += length
            }
        }
        return invalid
    }

    /// The length of the well-formed multi-byte sequence starting at `index`, or 0.
    private static func sequenceLength(_ bytes: UnsafeBufferPointer<UInt8>, at index: Int) -> Int {
        let lead = bytes[index]
        let remaining = bytes.count - index
        @inline(__always) func continuation(_ offset: Int) -> UInt8? {
            offset < remaining ? bytes[index + offset] : nil
        }
        switch lead {
        case 0xC2...0xDF:
            guard let b1 = continuation(1), b1 & 0xC0 == 0x80 else { return 0 }
            return 2
        case 0xE0...0xEF:
            guard let b1 = continuation(1), let b2 = continuation(2), b2 & 0xC0 == 0x80 else { return 0 }
            let low: UInt8 = lead == 0xE0 ? 0xA0 : 0x80
            let high: UInt8 = lead == 0xED ? 0x9F : 0xBF
            return (low...high).contains(b1) ? 3 : 0
        case 0xF0...0xF4:
            guard let b1 = continuation(1), let b2 = continuation(2), let b3 = continuation(3),
                b2 & 0xC0 == 0x80, b3 & 0xC0 == 0x80
            else { return 0 }
            let low: UInt8 = lead == 0xF0 ? 0x90 : 0x80
            let high: UInt8 = lead == 0xF4 ? 0x8F : 0xBF
            return (low...high).contains(b1) ? 4 : 0
        default:
            return 0
        }
    }
}
