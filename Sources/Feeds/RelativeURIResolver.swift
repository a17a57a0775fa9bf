internal import Foundation

/// Makes the links inside an entry's HTML absolute, as feed readers do, so the kept HTML
/// still works away from the feed: `href`, `src` and the other URI attributes of HTML 4
/// are resolved against the element's base (`xml:base` chain, else the feed URL).
enum RelativeURIResolver {
    private static let attributes: [String] = ["href", "src", "cite", "poster", "longdesc", "background", "action", "usemap"]

    /// `reference` made absolute against `base` (RFC 3986 §5.2); unchanged when either fails to
    /// parse. Percent-escapes stay exactly as written (`%26` is not `&`); characters a URI cannot
    /// hold (non-ASCII, spaces, a `%` that starts no escape) come out percent-encoded as UTF-8.
    static func resolve(_ reference: String, against base: String?) -> String {
        resolve(reference, againstURL: baseURL(base))
    }

    /// `base` parsed as `resolve(_:against:)` needs it, for callers that resolve many
    /// references against one base (a feed's entries) and parse it once.
    static func baseURL(_ base: String?) -> URL? {
        guard let base, !base.isEmpty else { return nil }
        return URL(string: uriEncoded(base))
    }

    /// `reference` made absolute against a base from `baseURL(_:)`.
    static func resolve(_ reference: String, againstURL baseURL: URL?) -> String {
        guard let baseURL, let url = URL(string: uriEncoded(reference), relativeTo: baseURL) else { return reference }
        return url.absoluteString
    }

    /// `text` with every byte outside RFC 3986's characters percent-encoded, and nothing else
    /// touched. Foundation must only see valid URIs: given a component with a non-ASCII
    /// character it encodes that whole component again, `%26` included (`%2526`).
    static func uriEncoded(_ text: String) -> String {
        let bytes = Array(text.utf8)
        func isEscape(_ index: Int) -> Bool {
            index + 2 < bytes.count && isHexDigit(bytes[index + 1]) && isHexDigit(bytes[index + 2])
        }
        func keeps(_ index: Int) -> Bool {
            bytes[index] == UInt8(ascii: "%") ? isEscape(index) : isURICharacter(bytes[index])
        }
        guard !bytes.indices.allSatisfy(keeps) else { return text }
        var output: [UInt8] = []
        output.reserveCapacity(bytes.count * 3)
        let hex = Array("0123456789ABCDEF".utf8)
        for index in bytes.indices {
            if keeps(index) {
                output.append(bytes[index])
            } else {
                output += [UInt8(ascii: "%"), hex[Int(bytes[index] >> 4)], hex[Int(bytes[index] & 0x0F)]]
            }
        }
        return String(decoding: output, as: UTF8.self)
    }

    /// RFC 3986's unreserved and reserved characters (`%` is handled apart).
    private static func isURICharacter(_ byte: UInt8) -> Bool {
        byte < 0x80 && uriCharacters[Int(byte)]
    }

    private static let uriCharacters: [Bool] = (0..<128).map { byte in
        let allowed = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-._~:/?#[]@!$&'()*+,;="
        return allowed.utf8.contains(UInt8(byte))
    }

    private static func isHexDigit(_ byte: UInt8) -> Bool {
        switch byte {
        case UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "a")...UInt8(ascii: "f"), UInt8(ascii: "A")...UInt8(ascii: "F"): true
        default: false
        }
    }

    /// `html` with every quoted URI attribute inside a tag resolved against `base`. Scans the
    /// UTF-8 bytes: walking Characters (grapheme breaking) was most of the time spent on long
    /// Arabic entries.
    static func resolveAttributes(in html: String, against base: String?) -> String {
        guard let base else { return html }
        // Most entries' markup has no URI attribute at all: then the text is returned as it
        // is, without copying and validating it again.
        var text = html
        guard let (first, insideFirst) = text.withUTF8({ firstAttribute(in: $0) }) else { return html }
        let bytes = Array(html.utf8)
        var index = first
        var insideTag = insideFirst
        var output: [UInt8] = []
        output.reserveCapacity(bytes.count + 64)
        output += bytes[..<index]
        while index < bytes.count {
            let byte = bytes[index]
            if byte == UInt8(ascii: "<") { insideTag = true } else if byte == UInt8(ascii: ">") { insideTag = false }
            if insideTag, isSpace(byte), let (name, quote, valueStart) = attributeStart(bytes, from: index + 1) {
                guard let valueEnd = bytes[valueStart...].firstIndex(of: quote) else { break }
                output.append(byte)
                output += name
                output.append(UInt8(ascii: "="))
                output.append(quote)
                output += resolve(String(decoding: bytes[valueStart..<valueEnd], as: UTF8.self), against: base).utf8
                output.append(quote)
                index = valueEnd + 1
                continue
            }
            output.append(byte)
            index += 1
        }
        output += bytes[index...]
        return String(decoding: output, as: UTF8.self)
    }

    /// Where the first space before a URI attribute inside a tag is, and whether a tag is open
    /// there (always, for a match), or `nil` when there is none.
    /// Text between tags is skipped with `memchr`: only the inside of tags is looked at.
    private static func firstAttribute(in bytes: UnsafeBufferPointer<UInt8>) -> (Int, Bool)? {
        guard let base = bytes.baseAddress else { return nil }
        var index = 0
        while index < bytes.count {
            guard let open = memchr(base + index, Int32(UInt8(ascii: "<")), bytes.count - index) else { return nil }
            index = UnsafeRawPointer(open) - UnsafeRawPointer(base) + 1
            // Inside the tag until its `>` (a `<` inside it changes nothing: still inside).
            while index < bytes.count, bytes[index] != UInt8(ascii: ">") {
                if isSpace(bytes[index]), isURIAttribute(bytes, from: index + 1) { return (index, true) }
                index += 1
            }
        }
        return nil
    }

    /// Whether `attributeStart` finds a URI attribute at `start`, read in place.
    private static func isURIAttribute(_ bytes: UnsafeBufferPointer<UInt8>, from start: Int) -> Bool {
        var index = start
        while index < bytes.count, (bytes[index] | 0x20) >= UInt8(ascii: "a"), (bytes[index] | 0x20) <= UInt8(ascii: "z") { index += 1 }
        guard (3...10).contains(index - start) else { return false }
        let name = bytes[start..<index].map { $0 | 0x20 }
        guard attributeBytes.contains(name) else { return false }
        while index < bytes.count, bytes[index] == 0x20 { index += 1 }
        guard index < bytes.count, bytes[index] == UInt8(ascii: "=") else { return false }
        index += 1
        while index < bytes.count, bytes[index] == 0x20 { index += 1 }
        return index < bytes.count && (bytes[index] == UInt8(ascii: "\"") || bytes[index] == UInt8(ascii: "'"))
    }

    private static func isSpace(_ byte: UInt8) -> Bool {
        byte == 0x20 || byte == 0x09 || byte == 0x0A || byte == 0x0D || byte == 0x0C
    }

    private static let attributeBytes: [[UInt8]] = attributes.map { Array($0.utf8) }

    /// At `start`: `href="` (any case, spaces around `=`) → the name as written, the quote and
    /// where the value starts.
    private static func attributeStart(_ bytes: [UInt8], from start: Int) -> ([UInt8], UInt8, Int)? {
        var index = start
        while index < bytes.count, (bytes[index] | 0x20) >= UInt8(ascii: "a"), (bytes[index] | 0x20) <= UInt8(ascii: "z") { index += 1 }
        guard (3...10).contains(index - start) else { return nil }  // "src" to "background"
        let name = Array(bytes[start..<index])
        guard attributeBytes.contains(name.map { $0 | 0x20 }) else { return nil }
        while index < bytes.count, bytes[index] == 0x20 { index += 1 }
        guard index < bytes.count, bytes[index] == UInt8(ascii: "=") else { return nil }
        index += 1
        while index < bytes.count, bytes[index] == 0x20 { index += 1 }
        guard index < bytes.count, bytes[index] == UInt8(ascii: "\"") || bytes[index] == UInt8(ascii: "'") else { return nil }
        return (name, bytes[index], index + 1)
    }
}
