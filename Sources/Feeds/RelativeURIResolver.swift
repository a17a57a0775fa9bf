internal import Foundation

/// Makes the links inside an entry's HTML absolute, as feed readers do, so the kept HTML
/// still works away from the feed: `href`, `src` and the other URI attributes of HTML 4
/// are resolved against the element's base (`xml:base` chain, else the feed URL).
enum RelativeURIResolver {
    private static let attributes: [String] = ["href", "src", "cite", "poster", "longdesc", "background", "action", "usemap"]

    /// `reference` made absolute against `base`; unchanged when it already is or either fails to parse.
    static func resolve(_ reference: String, against base: String?) -> String {
        guard let base, !base.isEmpty, let baseURL = URL(string: base) else { return reference }
        if let url = URL(string: reference, relativeTo: baseURL) { return url.absoluteString }
        // Foundation refuses non-ASCII references; resolve an encoded copy and decode it back.
        guard let encoded = reference.addingPercentEncoding(withAllowedCharacters: .urlFragmentAllowed.union(["#", "%"])),
              let url = URL(string: encoded, relativeTo: baseURL) else { return reference }
        return url.absoluteString.removingPercentEncoding ?? url.absoluteString
    }

    /// `html` with every quoted URI attribute inside a tag resolved against `base`. Scans the
    /// UTF-8 bytes: walking Characters (grapheme breaking) was most of the time spent on long
    /// Arabic entries.
    static func resolveAttributes(in html: String, against base: String?) -> String {
        guard let base else { return html }
        let bytes = Array(html.utf8)
        guard bytes.contains(UInt8(ascii: "<")) else { return html }
        var output: [UInt8] = []
        output.reserveCapacity(bytes.count + 64)
        var index = 0
        var insideTag = false
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

    private static func isSpace(_ byte: UInt8) -> Bool {
        byte == 0x20 || byte == 0x09 || byte == 0x0A || byte == 0x0D || byte == 0x0C
    }

    private static let attributeBytes: [[UInt8]] = attributes.map { Array($0.utf8) }

    /// At `start`: `href="` (any case, spaces around `=`) → the name as written, the quote and
    /// where the value starts.
    private static func attributeStart(_ bytes: [UInt8], from start: Int) -> ([UInt8], UInt8, Int)? {
        var index = start
        while index < bytes.count, (bytes[index] | 0x20) >= UInt8(ascii: "a"), (bytes[index] | 0x20) <= UInt8(ascii: "z") { index += 1 }
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
