/// Moving through the document one Unicode scalar at a time, tracking line and column.
extension TOMLParser {
    var peek: Unicode.Scalar? {
        index < scalars.count ? scalars[index] : nil
    }

    func peek(at offset: Int) -> Unicode.Scalar? {
        index + offset < scalars.count ? scalars[index + offset] : nil
    }

    var position: Position {
        Position(line: line, column: index - lineStart + 1)
    }

    var isAtNewline: Bool {
        peek == "\n" || peek == "\r"
    }

    var describePeek: String {
        peek.map(Self.describe) ?? "the end of the file"
    }

    /// Moves past one character that is not a line break.
    mutating func advance() {
        index += 1
    }

    mutating func consume(_ scalar: Unicode.Scalar) -> Bool {
        guard peek == scalar else { return false }
        advance()
        return true
    }

    func isLooking(at text: String) -> Bool {
        text.unicodeScalars.enumerated().allSatisfy { peek(at: $0.offset) == $0.element }
    }

    mutating func skipWhitespace() {
        while peek == " " || peek == "\t" { advance() }
    }

    /// Consumes LF or CRLF; a carriage return on its own is not a line break in TOML.
    mutating func consumeNewline() throws(TOMLError) {
        if peek == "\r" {
            guard peek(at: 1) == "\n" else { throw syntaxError("carriage return not followed by a line feed") }
            advance()
        }
        advance()
        line += 1
        lineStart = index
    }

    mutating func skipComment() throws(TOMLError) {
        advance()
        while let next = peek, !isAtNewline {
            if Self.isControl(next) { throw syntaxError("\(Self.describe(next)) is not allowed in a comment") }
            advance()
        }
    }

    /// Skips whitespace, comments and line breaks, as allowed between array elements.
    mutating func skipBlankLines() throws(TOMLError) {
        while true {
            skipWhitespace()
            if peek == "#" {
                try skipComment()
            } else if isAtNewline {
                try consumeNewline()
            } else {
                return
            }
        }
    }

    func syntaxError(_ message: String, at position: Position? = nil) -> TOMLError {
        let position = position ?? self.position
        return TOMLError(line: position.line, column: position.column, message)
    }

    /// Control characters other than tab, which TOML forbids unescaped in strings and comments.
    static func isControl(_ scalar: Unicode.Scalar) -> Bool {
        (scalar.value < 0x20 && scalar != "\t") || scalar.value == 0x7F
    }

    static func describe(_ scalar: Unicode.Scalar) -> String {
        switch scalar {
        case "\n", "\r": "the end of the line"
        case _ where isControl(scalar) || scalar.properties.isWhitespace: codePoint(scalar)
        default: "'\(scalar)'"
        }
    }

    /// `U+000B`
    static func codePoint(_ scalar: Unicode.Scalar) -> String {
        let hex = String(scalar.value, radix: 16, uppercase: true)
        return "U+" + String(repeating: "0", count: max(0, 4 - hex.count)) + hex
    }

    static func text(_ scalars: ArraySlice<Unicode.Scalar>) -> String {
        var view = String.UnicodeScalarView()
        view.append(contentsOf: scalars)
        return String(view)
    }
}
