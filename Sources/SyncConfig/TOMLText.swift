/// TOML text for the commands that append to a configuration file: values spelled as TOML
/// reads them back, and comments that cannot spill onto the next line.
public enum TOMLText {
    /// `text` as a TOML basic string: `"`, `\` and control characters escaped (`\n`, `\t`,
    /// `\u001B`...), everything else (non-ASCII included) kept as UTF-8.
    public static func quoted(_ text: String) -> String {
        var result = "\""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\"": result += "\\\""
            case "\\": result += "\\\\"
            case "\u{08}": result += "\\b"
            case "\t": result += "\\t"
            case "\n": result += "\\n"
            case "\u{0C}": result += "\\f"
            case "\r": result += "\\r"
            case "\u{00}"..."\u{1F}", "\u{7F}":
                let hex = String(scalar.value, radix: 16, uppercase: true)
                result += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
            default: result.unicodeScalars.append(scalar)
            }
        }
        return result + "\""
    }

    /// `["a", "b"]`, each element `quoted`.
    public static func array(_ strings: [String]) -> String {
        "[" + strings.map(quoted).joined(separator: ", ") + "]"
    }

    /// `text` on one comment line: line breaks and other control characters (which TOML does
    /// not allow in a comment) become spaces.
    public static func comment(_ text: String) -> String {
        var line = "# "
        for scalar in text.unicodeScalars {
            let isControl = scalar.value < 0x20 || scalar.value == 0x7F || scalar == "\u{2028}" || scalar == "\u{2029}"
            line.unicodeScalars.append(isControl ? " " : scalar)
        }
        return line
    }
}
