/// Turns the HTML of a feed entry into plain text for fingerprinting: tags dropped
/// (`script` and `style` with their content), block boundaries kept as spaces,
/// character references decoded, whitespace collapsed.
public enum FeedText {
    private static let skippedElements: Set<String> = ["script", "style", "noscript", "template"]

    /// The text of an HTML fragment (plain text passes through, with references decoded).
    public static func plainText(_ html: String) -> String {
        var output = String.UnicodeScalarView()
        var scalars = Array(html.unicodeScalars)[...]
        while let scalar = scalars.first {
            if scalar == "<", let close = scalars.firstIndex(of: ">") {
                let tag = String(String.UnicodeScalarView(scalars[scalars.index(after: scalars.startIndex)..<close]))
                scalars = scalars[scalars.index(after: close)...]
                let name = tagName(tag)
                if skippedElements.contains(name), !tag.hasPrefix("/") {
                    let closing = Array("</\(name)".unicodeScalars)
                    scalars = skipPast(closing, in: scalars)
                }
                output.append(" ")
            } else if scalar == "&" {
                let (decoded, rest) = reference(in: scalars)
                output.append(contentsOf: decoded)
                scalars = rest
            } else {
                output.append(scalar)
                scalars = scalars.dropFirst()
            }
        }
        return Whitespace.collapsed(String(output))
    }

    private static func tagName(_ tag: String) -> String {
        let body = tag.hasPrefix("/") ? tag.dropFirst() : Substring(tag)
        return String(body.prefix(while: { $0.isLetter || $0.isNumber })).lowercased()
    }

    private static func skipPast(_ closing: [Unicode.Scalar], in scalars: ArraySlice<Unicode.Scalar>) -> ArraySlice<Unicode.Scalar> {
        var index = scalars.startIndex
        while index < scalars.endIndex {
            if scalars[index] == "<",
               scalars[index...].prefix(closing.count).map({ Character($0).lowercased() }).joined() == String(String.UnicodeScalarView(closing)),
               let end = scalars[index...].firstIndex(of: ">") {
                return scalars[(end + 1)...]
            }
            index += 1
        }
        return scalars[scalars.endIndex...]
    }

    /// Decodes one `&…;` reference at the start of `scalars`; an unknown one stays as is.
    private static func reference(in scalars: ArraySlice<Unicode.Scalar>) -> ([Unicode.Scalar], ArraySlice<Unicode.Scalar>) {
        let window = scalars.prefix(40)
        guard let semicolon = window.firstIndex(of: ";") else { return (["&"], scalars.dropFirst()) }
        let name = String(String.UnicodeScalarView(scalars[(scalars.startIndex + 1)..<semicolon]))
        let rest = scalars[(semicolon + 1)...]
        var value: UInt32?
        if name.hasPrefix("#x") || name.hasPrefix("#X") {
            value = UInt32(name.dropFirst(2), radix: 16)
        } else if name.hasPrefix("#") {
            value = UInt32(name.dropFirst())
        } else {
            value = ["amp": 38, "lt": 60, "gt": 62, "quot": 34][name] ?? HTMLEntities.codePoints[name]
        }
        guard let value, let decoded = Unicode.Scalar(value) else { return (["&"], scalars.dropFirst()) }
        return ([decoded], rest)
    }
}
