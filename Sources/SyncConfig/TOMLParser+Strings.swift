/// The four TOML string forms: basic `"…"`, literal `'…'` and their multi-line `"""` / `'''` forms.
extension TOMLParser {
    mutating func parseBasicString() throws(TOMLError) -> String {
        let start = position
        advance()
        var result = String.UnicodeScalarView()
        while true {
            guard let next = peek else { throw syntaxError("unterminated string", at: start) }
            switch next {
            case "\"":
                advance()
                return String(result)
            case "\\":
                result.append(try parseEscape())
            case "\n", "\r":
                throw syntaxError("newline in basic string (use \"\"\" for a multi-line string)")
            default:
                try appendPlain(next, to: &result)
            }
        }
    }

    mutating func parseLiteralString() throws(TOMLError) -> String {
        let start = position
        advance()
        var result = String.UnicodeScalarView()
        while true {
            guard let next = peek else { throw syntaxError("unterminated string", at: start) }
            switch next {
            case "'":
                advance()
                return String(result)
            case "\n", "\r":
                throw syntaxError("newline in literal string (use ''' for a multi-line string)")
            default:
                try appendPlain(next, to: &result)
            }
        }
    }

    mutating func parseMultilineBasicString() throws(TOMLError) -> String {
        let start = position
        var result = String.UnicodeScalarView()
        try openMultiline()
        while true {
            guard let next = peek else { throw syntaxError("unterminated multi-line string", at: start) }
            switch next {
            case "\"":
                if try closeMultiline("\"", into: &result) { return String(result) }
            case "\\" where [" ", "\t", "\n", "\r"].contains(peek(at: 1)):
                try skipLineEndingBackslash()
            case "\\":
                result.append(try parseEscape())
            case "\n", "\r":
                try consumeNewline()
                result.append("\n")
            default:
                try appendPlain(next, to: &result)
            }
        }
    }

    mutating func parseMultilineLiteralString() throws(TOMLError) -> String {
        let start = position
        var result = String.UnicodeScalarView()
        try openMultiline()
        while true {
            guard let next = peek else { throw syntaxError("unterminated multi-line string", at: start) }
            switch next {
            case "'":
                if try closeMultiline("'", into: &result) { return String(result) }
            case "\n", "\r":
                try consumeNewline()
                result.append("\n")
            default:
                try appendPlain(next, to: &result)
            }
        }
    }

    /// Skips the opening delimiter and the line break right after it, which is not content.
    private mutating func openMultiline() throws(TOMLError) {
        index += 3
        if isAtNewline { try consumeNewline() }
    }

    /// Reads a run of quotes. Three end the string; up to two more just before them are content.
    /// - Returns: whether the string ended.
    private mutating func closeMultiline(_ quote: Unicode.Scalar, into result: inout String.UnicodeScalarView) throws(TOMLError) -> Bool {
        var count = 0
        while peek(at: count) == quote { count += 1 }
        if count > 5 { throw syntaxError("too many quotes at the end of a multi-line string") }
        let content = count >= 3 ? count - 3 : count
        result.append(contentsOf: repeatElement(quote, count: content))
        index += count
        return count >= 3
    }

    /// A backslash ending a line joins it with the next non-blank character, across blank lines.
    private mutating func skipLineEndingBackslash() throws(TOMLError) {
        let start = position
        advance()
        skipWhitespace()
        guard isAtNewline else {
            throw syntaxError("invalid escape: '\\' followed by whitespace must end the line", at: start)
        }
        while true {
            skipWhitespace()
            guard isAtNewline else { return }
            try consumeNewline()
        }
    }

    private mutating func parseEscape() throws(TOMLError) -> Unicode.Scalar {
        let start = position
        advance()
        guard let code = peek else { throw syntaxError("unterminated string", at: start) }
        switch code {
        case "b": advance(); return "\u{08}"
        case "t": advance(); return "\t"
        case "n": advance(); return "\n"
        case "f": advance(); return "\u{0C}"
        case "r": advance(); return "\r"
        case "\"": advance(); return "\""
        case "\\": advance(); return "\\"
        case "u", "U":
            advance()
            return try parseUnicodeEscape(digits: code == "u" ? 4 : 8, start: start)
        default:
            if Self.isControl(code) || code.properties.isWhitespace {
                throw syntaxError("invalid escape sequence: '\\' followed by \(Self.describe(code))", at: start)
            }
            throw syntaxError("invalid escape sequence \\\(code)", at: start)
        }
    }

    private mutating func parseUnicodeEscape(digits: Int, start: Position) throws(TOMLError) -> Unicode.Scalar {
        var value: UInt32 = 0
        for offset in 0..<digits {
            guard let digit = peek(at: offset), let digitValue = Self.digitValue(digit, radix: 16) else {
                let escape = digits == 4 ? "\\u" : "\\U"
                throw syntaxError("invalid escape \(escape): expected \(digits) hexadecimal digits", at: start)
            }
            value = value &* 16 &+ UInt32(digitValue)
        }
        guard let scalar = Unicode.Scalar(value) else {
            let escape = (digits == 4 ? "\\u" : "\\U") + Self.text(scalars[index..<(index + digits)])
            throw syntaxError("invalid escape \(escape): not a Unicode scalar value", at: start)
        }
        index += digits
        return scalar
    }

    private mutating func appendPlain(_ scalar: Unicode.Scalar, to result: inout String.UnicodeScalarView) throws(TOMLError) {
        if Self.isControl(scalar) {
            throw syntaxError("\(Self.codePoint(scalar)) must be escaped in a string")
        }
        result.append(scalar)
        advance()
    }
}
