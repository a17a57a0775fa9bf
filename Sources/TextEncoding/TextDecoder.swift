public import SyncModel
internal import Glibc

/// Turns a document's bytes into text: byte order mark first, then UTF-8, then the
/// charset the document declares; anything else is refused rather than guessed.
public enum TextDecoder {
    /// Decodes `bytes` to a string with LF line endings and no leading U+FEFF.
    ///
    /// The order is: a byte order mark (UTF-8, UTF-16LE, UTF-16BE) wins; otherwise NUL
    /// bytes mean binary content; valid UTF-8 is taken as such; otherwise the declared
    /// charset is converted with iconv. A declared UTF-8 with a few stray bytes is repaired
    /// with U+FFFD; more than one bad sequence in a thousand bytes is refused.
    ///
    /// - Parameters:
    ///   - bytes: The raw document.
    ///   - declaredCharset: The label the document declares (HTML `<meta charset>`, an XML
    ///     declaration, an HTTP header), or `nil`.
    /// - Returns: The decoded text.
    /// - Throws: `SyncError` `.binary` for NUL bytes outside UTF-16, `.undecodable` when
    ///   the bytes are neither UTF-8 nor valid in the declared charset. The error has no
    ///   `location`; callers add theirs.
    public static func decode(_ bytes: [UInt8], declaredCharset: String?) throws(SyncError) -> String {
        // Most documents are UTF-8 without a byte order mark, NUL or CR: then String's own
        // validation is the only pass over them.
        if let first = bytes.first, first != 0xEF, first != 0xFF, first != 0xFE, looksLikeUnmarkedUTF16(bytes) == nil,
            firstIndex(of: 0, in: bytes) == nil, firstIndex(of: 0x0D, in: bytes) == nil, let text = String(validating: bytes, as: UTF8.self)
        {
            return text
        }
        return try String(decoding: decodeToUTF8(bytes, declaredCharset: declaredCharset), as: UTF8.self)
    }

    /// Like `decode(_:declaredCharset:)`, but returns well-formed UTF-8 bytes (what libxml2
    /// is handed) without building a `String`.
    public static func decodeToUTF8(_ bytes: [UInt8], declaredCharset: String?) throws(SyncError) -> [UInt8] {
        try normalized(rawUTF8(bytes, declaredCharset: declaredCharset))
    }

    /// The document as well-formed UTF-8 bytes.
    private static func rawUTF8(_ bytes: [UInt8], declaredCharset: String?) throws(SyncError) -> [UInt8] {
        if bytes.starts(with: [0xEF, 0xBB, 0xBF]) {
            let body = Array(bytes.dropFirst(3))
            if let bad = firstInvalidUTF8(body) {
                throw SyncError(.undecodable, "not valid UTF-8 after its byte order mark (first bad byte at offset \(bad + 3))")
            }
            return body
        }
        if bytes.starts(with: [0xFF, 0xFE]) {
            return try Array(decodeUTF16(bytes, from: 2, bigEndian: false).utf8)
        }
        if bytes.starts(with: [0xFE, 0xFF]) {
            return try Array(decodeUTF16(bytes, from: 2, bigEndian: true).utf8)
        }
        if let bigEndian = looksLikeUnmarkedUTF16(bytes) {
            return try Array(decodeUTF16(bytes, from: 0, bigEndian: bigEndian).utf8)
        }
        if let nul = firstIndex(of: 0, in: bytes) {
            throw SyncError(.binary, "binary content (NUL byte at offset \(nul))")
        }
        guard let bad = firstInvalidUTF8(bytes) else {
            return bytes
        }
        guard let declaredCharset else {
            throw SyncError(.undecodable, "not valid UTF-8 (first bad byte at offset \(bad)) and no charset declared")
        }
        guard let label = CharsetLabel(declaredCharset) else {
            throw SyncError(.undecodable, "not valid UTF-8 (first bad byte at offset \(bad)) and the declared charset is not a charset name")
        }
        if label.isUTF8 {
            let invalid = bytes.withUnsafeBufferPointer { UTF8Validator.invalidSequenceCount($0) }
            guard invalid * 1000 <= bytes.count else {
                throw SyncError(
                    .undecodable, "declared \(label.declared) but not valid UTF-8 (first bad byte at offset \(bad), \(invalid) bad sequences)")
            }
            return Array(String(decoding: bytes, as: UTF8.self).utf8)
        }
        return try IconvConverter.convert(bytes, from: label)
    }

    private static func firstIndex(of byte: UInt8, in bytes: [UInt8]) -> Int? {
        bytes.withUnsafeBufferPointer { buffer -> Int? in
            guard let base = buffer.baseAddress, let found = memchr(base, Int32(byte), buffer.count) else { return nil }
            return UnsafeRawPointer(found) - UnsafeRawPointer(base)
        }
    }

    /// UTF-8 bytes without a leading U+FEFF, with CRLF and lone CR turned into LF.
    private static func normalized(_ utf8: [UInt8]) -> [UInt8] {
        var bytes = utf8
        if bytes.starts(with: [0xEF, 0xBB, 0xBF]) { bytes.removeFirst(3) }
        guard let firstCarriageReturn = firstIndex(of: 0x0D, in: bytes) else { return bytes }
        var write = firstCarriageReturn
        var read = firstCarriageReturn
        while read < bytes.count {
            let byte = bytes[read]
            if byte == 0x0D {
                bytes[write] = 0x0A
                write += 1
                read += 1
                if read < bytes.count, bytes[read] == 0x0A { read += 1 }
                continue
            }
            bytes[write] = byte
            write += 1
            read += 1
        }
        bytes.removeSubrange(write...)
        return bytes
    }

    private static func firstInvalidUTF8(_ bytes: [UInt8]) -> Int? {
        bytes.withUnsafeBufferPointer { UTF8Validator.firstInvalidOffset($0) }
    }

    /// UTF-16 without a byte order mark: the first KiB alternates NUL and non-NUL bytes
    /// throughout, as ASCII-range text in UTF-16 does. Returns whether it is big-endian.
    private static func looksLikeUnmarkedUTF16(_ bytes: [UInt8]) -> Bool? {
        let sample = min(bytes.count, 1024) & ~1
        guard sample >= 8, bytes.count % 2 == 0 else { return nil }
        var evenZeros = 0
        var oddZeros = 0
        for index in 0..<sample where bytes[index] == 0 {
            if index % 2 == 0 { evenZeros += 1 } else { oddZeros += 1 }
        }
        let units = sample / 2
        if oddZeros >= units * 9 / 10, evenZeros == 0 { return false }
        if evenZeros >= units * 9 / 10, oddZeros == 0 { return true }
        return nil
    }

    private static func decodeUTF16(_ bytes: [UInt8], from start: Int, bigEndian: Bool) throws(SyncError) -> String {
        guard (bytes.count - start) % 2 == 0 else {
            throw SyncError(.undecodable, "not valid UTF-16 (odd number of bytes)")
        }
        var units: [UInt16] = []
        units.reserveCapacity((bytes.count - start) / 2)
        var index = start
        while index + 1 < bytes.count {
            let first = UInt16(bytes[index]), second = UInt16(bytes[index + 1])
            units.append(bigEndian ? first << 8 | second : second << 8 | first)
            index += 2
        }
        var position = 0
        while position < units.count {
            let unit = units[position]
            if UTF16.isLeadSurrogate(unit) {
                guard position + 1 < units.count, UTF16.isTrailSurrogate(units[position + 1]) else {
                    throw SyncError(.undecodable, "not valid UTF-16 (unpaired surrogate at offset \(start + position * 2))")
                }
                position += 2
            } else if UTF16.isTrailSurrogate(unit) {
                throw SyncError(.undecodable, "not valid UTF-16 (unpaired surrogate at offset \(start + position * 2))")
            } else {
                position += 1
            }
        }
        return String(decoding: units, as: UTF16.self)
    }
}
