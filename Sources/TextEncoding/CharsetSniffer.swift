/// Finds the charset an HTML or XHTML document declares in its first bytes: the XML
/// declaration's `encoding`, or a `<meta charset>` / `http-equiv="Content-Type"` within
/// the first 4 KiB.
public enum CharsetSniffer {
    /// How far into the document a `<meta>` declaration counts.
    static let prescanLength = 4096

    /// The declared charset label, or `nil` when the document declares none.
    public static func declaredCharset(in bytes: [UInt8]) -> String? {
        let end = min(bytes.count, prescanLength)
        return bytes.withUnsafeBufferPointer { buffer -> String? in
            let window = UnsafeBufferPointer(rebasing: buffer[0..<end])
            return xmlDeclarationEncoding(window) ?? metaCharset(window)
        }
    }

    private static func lower(_ byte: UInt8) -> UInt8 {
        byte >= 0x41 && byte <= 0x5A ? byte | 0x20 : byte
    }

    private static func matches(_ bytes: UnsafeBufferPointer<UInt8>, at index: Int, _ word: StaticString) -> Bool {
        let length = word.utf8CodeUnitCount
        guard index + length <= bytes.count else { return false }
        let pattern = word.utf8Start
        for offset in 0..<length where lower(bytes[index + offset]) != pattern[offset] {
            return false
        }
        return true
    }

    private static func isSpace(_ byte: UInt8) -> Bool {
        byte == 0x20 || byte == 0x09 || byte == 0x0A || byte == 0x0D || byte == 0x0C
    }

    /// `<?xml version="1.0" encoding="windows-1256"?>` at the very start (after spaces).
    private static func xmlDeclarationEncoding(_ bytes: UnsafeBufferPointer<UInt8>) -> String? {
        var index = 0
        while index < bytes.count, isSpace(bytes[index]) { index += 1 }
        guard matches(bytes, at: index, "<?xml") else { return nil }
        let limit = min(bytes.count, index + 256)
        var cursor = index + 5
        while cursor < limit, !(bytes[cursor] == 0x3F && cursor + 1 < limit && bytes[cursor + 1] == 0x3E) {
            if matches(bytes, at: cursor, "encoding") {
                return attributeValue(bytes, after: cursor + 8, limit: limit)
            }
            cursor += 1
        }
        return nil
    }

    /// The first `charset=` inside a `<meta …>` tag.
    private static func metaCharset(_ bytes: UnsafeBufferPointer<UInt8>) -> String? {
        var index = 0
        while index < bytes.count {
            guard bytes[index] == 0x3C else {
                index += 1
                continue
            }
            if matches(bytes, at: index, "<!--") {
                index = skipComment(bytes, from: index + 4)
                continue
            }
            guard matches(bytes, at: index, "<meta"), index + 5 < bytes.count,
                isSpace(bytes[index + 5]) || bytes[index + 5] == 0x2F
            else {
                index += 1
                continue
            }
            var cursor = index + 5
            while cursor < bytes.count, bytes[cursor] != 0x3E {
                if matches(bytes, at: cursor, "charset"),
                    let value = attributeValue(bytes, after: cursor + 7, limit: bytes.count)
                {
                    return value
                }
                cursor += 1
            }
            index = cursor
        }
        return nil
    }

    private static func skipComment(_ bytes: UnsafeBufferPointer<UInt8>, from start: Int) -> Int {
        var index = start
        while index < bytes.count {
            if matches(bytes, at: index, "-->") { return index + 3 }
            index += 1
        }
        return bytes.count
    }

    /// After a name: optional spaces, `=`, optional spaces and quote, then the label.
    private static func attributeValue(_ bytes: UnsafeBufferPointer<UInt8>, after start: Int, limit: Int) -> String? {
        var index = start
        while index < limit, isSpace(bytes[index]) { index += 1 }
        guard index < limit, bytes[index] == 0x3D else { return nil }
        index += 1
        while index < limit, isSpace(bytes[index]) || bytes[index] == 0x22 || bytes[index] == 0x27 { index += 1 }
        let valueStart = index
        while index < limit, isLabelByte(bytes[index]) { index += 1 }
        guard index > valueStart else { return nil }
        return String(decoding: UnsafeBufferPointer(rebasing: bytes[valueStart..<index]), as: UTF8.self)
    }

    private static func isLabelByte(_ byte: UInt8) -> Bool {
        switch byte {
        case 0x30...0x39, 0x41...0x5A, 0x61...0x7A, 0x2D, 0x5F, 0x2E, 0x3A: true
        default: false
        }
    }
}
