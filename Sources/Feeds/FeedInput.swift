import Extract
import TextEncoding
internal import Foundation
internal import SyncModel

/// Prepares a feed's bytes for libxml2: decoded to UTF-8 with the charset rules feed
/// readers use, the XML declaration's encoding removed so libxml2 does not decode twice,
/// and the HTML entities and bare ampersands that XML forbids repaired.
struct FeedInput {
    /// Well-formed UTF-8.
    var utf8: [UInt8]
    /// Repairs made on the way, for `bozoReason`; empty for a clean feed.
    var repairs: [String] = []

    /// Decodes `bytes`: a per-source `charsetOverride` wins over everything; then a byte order
    /// mark, then the `charset` of `contentType` (as the HTTP header does for feedparser), then
    /// the XML declaration, else UTF-8. Undeclared bytes that are not UTF-8 are recognised by
    /// `CharsetGuess` (windows-1256, windows-1251, KOI8-R...) or read as windows-1252; bytes
    /// invalid in the charset used become U+FFFD. Anything but an override or a clean
    /// declaration is flagged.
    ///
    /// - Throws: `SyncError` `.binary` for NUL bytes, `.undecodable` when nothing decodes,
    ///   `.invalidArgument` for an override iconv does not know.
    init(bytes: [UInt8], contentType: String?, charsetOverride: String? = nil) throws(SyncError) {
        if let charsetOverride {
            guard let label = CharsetLabel.override(charsetOverride) else {
                throw SyncError(.invalidArgument, "charset override \"\(charsetOverride)\" is not a charset name")
            }
            utf8 =
                label.isUTF8
                ? Array(String(decoding: bytes, as: UTF8.self).utf8)
                : try IconvConverter.convert(bytes, from: label, replacingInvalid: true)
            if utf8.starts(with: [0xEF, 0xBB, 0xBF]) { utf8.removeFirst(3) }
            return
        }
        if let utf32 = Self.utf32Label(bytes), let label = CharsetLabel(utf32) {
            utf8 = try IconvConverter.convert(Array(bytes), from: label)
            if utf8.starts(with: [0xEF, 0xBB, 0xBF]) { utf8.removeFirst(3) }
            return
        }
        let headerCharset = contentType.flatMap(Self.charsetParameter)
        let declared = headerCharset ?? CharsetSniffer.declaredCharset(in: bytes)
        do throws(SyncError) {
            utf8 = try TextDecoder.decodeToUTF8(bytes, declaredCharset: declared)
        } catch  where error.code == .undecodable {
            if let declared, let label = CharsetLabel(declared), !label.isUTF8,
                let converted = try? IconvConverter.convert(bytes, from: label, replacingInvalid: true)
            {
                // A few bytes the declared charset does not define: keep the charset, mark them.
                utf8 = converted
                repairs.append("bytes not valid in \(declared) were replaced with U+FFFD")
            } else {
                let fallback = CharsetGuess.guess(bytes) ?? "windows-1252"
                utf8 = try IconvConverter.convert(bytes, from: CharsetLabel(fallback)!, replacingInvalid: true)
                repairs.append(
                    declared.map { "bytes are not valid \($0); read as \(fallback)" } ?? "not UTF-8 and no charset declared; read as \(fallback)")
            }
            if utf8.starts(with: [0xEF, 0xBB, 0xBF]) { utf8.removeFirst(3) }
        }
    }

    /// UTF-32 recognised by its byte order mark or by `<` as the first code unit (XML 1.0
    /// Appendix F); TextDecoder knows UTF-8 and UTF-16 only.
    private static func utf32Label(_ bytes: [UInt8]) -> String? {
        guard bytes.count >= 4 else { return nil }
        switch (bytes[0], bytes[1], bytes[2], bytes[3]) {
        case (0x00, 0x00, 0xFE, 0xFF), (0x00, 0x00, 0x00, 0x3C): return "UTF-32BE"
        case (0xFF, 0xFE, 0x00, 0x00), (0x3C, 0x00, 0x00, 0x00): return "UTF-32LE"
        default: return nil
        }
    }

    /// The `charset` parameter of a Content-Type value, unquoted.
    static func charsetParameter(_ contentType: String) -> String? {
        for parameter in contentType.split(separator: ";").dropFirst() {
            let parts = parameter.split(separator: "=", maxSplits: 1)
            guard parts.count == 2,
                parts[0].trimmingSpaces.lowercased() == "charset"
            else { continue }
            let value = parts[1].trimmingSpaces.filter { $0 != "\"" && $0 != "'" }
            return value.isEmpty ? nil : String(value)
        }
        return nil
    }

    /// Whether the first non-space byte opens a JSON object.
    var looksLikeJSON: Bool {
        utf8.first(where: { !Self.isSpace($0) }) == UInt8(ascii: "{")
    }

    /// Makes the bytes XML that libxml2 reads as the feed meant: leading spaces dropped,
    /// the declaration's encoding removed, HTML entities numbered, bare `&` escaped.
    mutating func prepareXML() {
        let start = utf8.firstIndex(where: { !Self.isSpace($0) }) ?? utf8.count
        if start > 0 { utf8.removeFirst(start) }
        if utf8.starts(with: Array("<?xml".utf8)), let end = find(Array("?>".utf8), from: 5) {
            utf8.replaceSubrange(0..<(end + 2), with: Array("<?xml version=\"1.0\"?>".utf8))
        }
        removeComments()
        repairEntities()
    }

    /// Drops XML comments (never content) in one linear pass, keeping CDATA sections as they
    /// are. libxml2 2.9's recovery is quadratic on long or unterminated comments: a 200 KB
    /// crafted comment took ~15 s to parse.
    private mutating func removeComments() {
        let open = Array("<!--".utf8), close = Array("-->".utf8)
        let cdataOpen = Array("<![CDATA[".utf8), cdataClose = Array("]]>".utf8)
        guard find(open, from: 0) != nil else { return }
        var output: [UInt8] = []
        output.reserveCapacity(utf8.count)
        var index = 0
        while index < utf8.count {
            if utf8[index] == UInt8(ascii: "<") {
                if utf8[index...].starts(with: cdataOpen) {
                    let end = find(cdataClose, from: index + cdataOpen.count).map { $0 + cdataClose.count } ?? utf8.count
                    output.append(contentsOf: utf8[index..<end])
                    index = end
                    continue
                }
                if utf8[index...].starts(with: open) {
                    guard let end = find(close, from: index + open.count) else {
                        repairs.append("unterminated comment")
                        break
                    }
                    index = end + close.count
                    continue
                }
            }
            output.append(utf8[index])
            index += 1
        }
        utf8 = output
    }

    private static func isSpace(_ byte: UInt8) -> Bool {
        byte == 0x20 || byte == 0x09 || byte == 0x0A || byte == 0x0D
    }

    /// Where `byte` first occurs at or after `start`; the end when it does not.
    private func position(of byte: UInt8, from start: Int) -> Int {
        utf8.withUnsafeBufferPointer { buffer -> Int in
            guard let base = buffer.baseAddress, start < buffer.count, let found = memchr(base + start, Int32(byte), buffer.count - start) else {
                return buffer.count
            }
            return UnsafeRawPointer(found) - UnsafeRawPointer(base)
        }
    }

    /// Where `needle` first occurs at or after `start`: candidates found by their first byte
    /// with `memchr`, the rest compared only there.
    private func find(_ needle: [UInt8], from start: Int) -> Int? {
        guard let first = needle.first, start >= 0 else { return nil }
        return utf8.withUnsafeBufferPointer { buffer -> Int? in
            guard let base = buffer.baseAddress else { return nil }
            var index = start
            while index + needle.count <= buffer.count {
                guard let found = memchr(base + index, Int32(first), buffer.count - needle.count + 1 - index) else { return nil }
                index = UnsafeRawPointer(found) - UnsafeRawPointer(base)
                if UnsafeBufferPointer(rebasing: buffer[index..<(index + needle.count)]).elementsEqual(needle) { return index }
                index += 1
            }
            return nil
        }
    }

    /// Rewrites every `&` outside comments, CDATA sections, processing instructions and the
    /// DOCTYPE: character references, XML's own entities and entities the internal subset
    /// declares stay; HTML 4 entities become numeric references; anything else is escaped.
    ///
    /// Runs of bytes that stay as they are are copied in one piece, and not at all when nothing
    /// needs repair (a clean feed full of `&lt;`-escaped HTML is the common case).
    private mutating func repairEntities() {
        guard utf8.contains(UInt8(ascii: "&")) else { return }
        var declared: Set<String> = []
        var output: [UInt8] = []
        var changed = false
        /// Where the bytes not yet copied to `output` start.
        var copied = 0
        func replace(_ range: Range<Int>, with replacement: [UInt8]) {
            if !changed {
                changed = true
                output.reserveCapacity(utf8.count + 64)
            }
            output.append(contentsOf: utf8[copied..<range.lowerBound])
            output.append(contentsOf: replacement)
            copied = range.upperBound
        }
        var numbered = 0, escaped = 0
        var index = 0
        let skips: [(open: [UInt8], close: [UInt8])] = [
            (Array("<!--".utf8), Array("-->".utf8)), (Array("<![CDATA[".utf8), Array("]]>".utf8)),
            (Array("<?".utf8), Array("?>".utf8)),
        ]
        let count = utf8.count
        // Only `&` and `<` matter: the text between them is skipped with `memchr`.
        var nextAmpersand = -1, nextOpen = -1
        scan: while index < count {
            if nextAmpersand < index { nextAmpersand = position(of: UInt8(ascii: "&"), from: index) }
            if nextOpen < index { nextOpen = position(of: UInt8(ascii: "<"), from: index) }
            index = min(nextAmpersand, nextOpen)
            guard index < count else { break }
            let byte = utf8[index]
            if byte == UInt8(ascii: "<"), index + 1 < count, utf8[index + 1] == UInt8(ascii: "!") || utf8[index + 1] == UInt8(ascii: "?") {
                for skip in skips where utf8[index...].starts(with: skip.open) {
                    index = find(skip.close, from: index + skip.open.count).map { $0 + skip.close.count } ?? count
                    continue scan
                }
                if utf8[index...].starts(with: Array("<!DOCTYPE".utf8)) {
                    let end = doctypeEnd(from: index)
                    declared.formUnion(Self.declaredEntities(utf8[index..<end]))
                    index = end
                    continue
                }
            }
            guard byte == UInt8(ascii: "&") else {
                index += 1
                continue
            }
            var end = index + 1
            while end < count, end - index < 40, Self.isNameByte(utf8[end]) || utf8[end] == UInt8(ascii: "#") {
                end += 1
            }
            let name = utf8[(index + 1)..<end]
            let terminated = end < count && utf8[end] == UInt8(ascii: ";")
            if terminated, name.starts(with: [UInt8(ascii: "#"), UInt8(ascii: "X")]), Self.isCharacterReference(name) {
                replace(index..<(end + 1), with: Array("&#x".utf8) + name.dropFirst(2) + [UInt8(ascii: ";")])
                numbered += 1
                index = end + 1
            } else if terminated,
                Self.isCharacterReference(name) || Self.isXMLEntity(name) || declared.contains(String(decoding: name, as: UTF8.self))
            {
                index = end + 1
            } else if terminated, let code = HTMLEntities.codePoints[String(decoding: name, as: UTF8.self)] {
                replace(index..<(end + 1), with: Array("&#\(code);".utf8))
                numbered += 1
                index = end + 1
            } else {
                replace(index..<(index + 1), with: Array("&amp;".utf8))
                escaped += 1
                index += 1
            }
        }
        if changed {
            output.append(contentsOf: utf8[copied...])
            utf8 = output
        }
        if numbered > 0 { repairs.append("\(numbered) undeclared HTML entities") }
        if escaped > 0 { repairs.append("\(escaped) unescaped ampersands") }
    }

    /// `amp`, `lt`, `gt`, `quot` or `apos`.
    private static func isXMLEntity(_ name: ArraySlice<UInt8>) -> Bool {
        switch name.count {
        case 2: return name.elementsEqual("lt".utf8) || name.elementsEqual("gt".utf8)
        case 3: return name.elementsEqual("amp".utf8)
        case 4: return name.elementsEqual("quot".utf8) || name.elementsEqual("apos".utf8)
        default: return false
        }
    }

    private func doctypeEnd(from start: Int) -> Int {
        var depth = 0
        var index = start
        while index < utf8.count {
            switch utf8[index] {
            case UInt8(ascii: "["): depth += 1
            case UInt8(ascii: "]"): depth -= 1
            case UInt8(ascii: ">") where depth <= 0: return index + 1
            default: break
            }
            index += 1
        }
        return utf8.count
    }

    private static func declaredEntities(_ doctype: ArraySlice<UInt8>) -> Set<String> {
        let text = String(decoding: doctype, as: UTF8.self)
        var names: Set<String> = []
        for piece in text.components(separatedBy: "<!ENTITY").dropFirst() {
            let words = piece.split(whereSeparator: { $0 == " " || $0 == "\t" || $0 == "\n" })
            if let first = words.first { names.insert(first == "%" && words.count > 1 ? String(words[1]) : String(first)) }
        }
        return names
    }

    private static func isNameByte(_ byte: UInt8) -> Bool {
        (byte >= 0x61 && byte <= 0x7A) || (byte >= 0x41 && byte <= 0x5A) || (byte >= 0x30 && byte <= 0x39)
            || byte == 0x2E || byte == 0x2D || byte == 0x5F || byte == 0x3A
    }

    private static func isCharacterReference(_ name: ArraySlice<UInt8>) -> Bool {
        let body = name.dropFirst()
        guard name.first == UInt8(ascii: "#"), !body.isEmpty else { return false }
        if body.first == UInt8(ascii: "x") || body.first == UInt8(ascii: "X") {
            let digits = body.dropFirst()
            return !digits.isEmpty && digits.allSatisfy { ($0 >= 0x30 && $0 <= 0x39) || ($0 | 0x20 >= 0x61 && $0 | 0x20 <= 0x66) }
        }
        return body.allSatisfy { $0 >= 0x30 && $0 <= 0x39 }
    }
}

extension Substring {
    fileprivate var trimmingSpaces: Substring {
        var text = self
        while let first = text.first, first == " " || first == "\t" { text.removeFirst() }
        while let last = text.last, last == " " || last == "\t" { text.removeLast() }
        return text
    }
}
