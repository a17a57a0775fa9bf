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

    /// `html` with every quoted URI attribute inside a tag resolved against `base`.
    static func resolveAttributes(in html: String, against base: String?) -> String {
        guard let base, html.contains("<") else { return html }
        var output = ""
        output.reserveCapacity(html.utf8.count + 64)
        var rest = Substring(html)
        var insideTag = false
        while let character = rest.first {
            if character == "<" { insideTag = true } else if character == ">" { insideTag = false }
            if insideTag, character.isWhitespace, let (name, quote, valueStart) = attributeStart(rest.dropFirst()) {
                guard let valueEnd = rest[valueStart...].firstIndex(of: quote) else { break }
                output.append(character)
                output += name + "=" + String(quote)
                output += resolve(String(rest[valueStart..<valueEnd]), against: base)
                output.append(quote)
                rest = rest[rest.index(after: valueEnd)...]
                continue
            }
            output.append(character)
            rest = rest.dropFirst()
        }
        return output + rest
    }

    /// At `text`: `href="` (any case, spaces around `=`) → the name as written, the quote and where the value starts.
    private static func attributeStart(_ text: Substring) -> (String, Character, Substring.Index)? {
        let name = text.prefix(while: { $0.isLetter })
        guard attributes.contains(name.lowercased()) else { return nil }
        var index = name.endIndex
        while index < text.endIndex, text[index] == " " { index = text.index(after: index) }
        guard index < text.endIndex, text[index] == "=" else { return nil }
        index = text.index(after: index)
        while index < text.endIndex, text[index] == " " { index = text.index(after: index) }
        guard index < text.endIndex, text[index] == "\"" || text[index] == "'" else { return nil }
        return (String(name), text[index], text.index(after: index))
    }
}
