import Foundation

/// One feedparser `Expect:` line of the form `(not) bozo and PATH == LITERAL`, with the
/// path normalised to `feed.title`, `entries[0].content[0].value` and the literal parsed.
struct FeedExpectation {
    enum Literal: Equatable {
        case string(String)
        case integer(Int)
        case tuple([Literal])
        case none
    }

    /// `true` for `not bozo and …`, `false` for `bozo and …`, `nil` when bozo is not checked.
    var expectsWellFormed: Bool?
    /// Dotted path: `feed.title`, `entries.0.content.0.value`.
    var path: String
    var literal: Literal

    /// Parses an expectation; `nil` when it is not a single `PATH == LITERAL` comparison.
    init?(_ expression: String) {
        var rest = Substring(expression.trimmingCharacters(in: .whitespaces))
        if rest.hasPrefix("not bozo and ") {
            expectsWellFormed = true
            rest = rest.dropFirst("not bozo and ".count)
        } else if rest.hasPrefix("bozo and ") {
            expectsWellFormed = false
            rest = rest.dropFirst("bozo and ".count)
        }
        guard let equals = rest.range(of: " == ") else { return nil }
        guard let path = Self.normalizedPath(rest[..<equals.lowerBound].trimmingCharacters(in: .whitespaces)) else { return nil }
        var parser = LiteralParser(Array(rest[equals.upperBound...].unicodeScalars))
        guard let literal = parser.parseAll() else { return nil }
        self.path = path
        self.literal = literal
    }

    /// `entries[0]['content'][0]['value']` or `entries[0].content[0].value` → `entries.0.content.0.value`.
    private static func normalizedPath(_ raw: String) -> String? {
        var parts: [String] = []
        var scanner = Substring(raw)
        let head = scanner.prefix(while: { $0.isLetter || $0 == "_" })
        guard head == "feed" || head == "entries" else { return nil }
        parts.append(String(head))
        scanner = scanner.dropFirst(head.count)
        while let first = scanner.first {
            if first == "." {
                let name = scanner.dropFirst().prefix(while: { $0.isLetter || $0.isNumber || $0 == "_" })
                guard !name.isEmpty else { return nil }
                parts.append(String(name))
                scanner = scanner.dropFirst(name.count + 1)
            } else if first == "[", let close = scanner.firstIndex(of: "]") {
                let key = scanner[scanner.index(after: scanner.startIndex)..<close]
                    .trimmingCharacters(in: CharacterSet(charactersIn: "'\" "))
                guard !key.isEmpty else { return nil }
                parts.append(key)
                scanner = scanner[scanner.index(after: close)...]
            } else {
                return nil
            }
        }
        return parts.joined(separator: ".")
    }
}

/// Python literals: strings (with `u`/`b`/`r` prefixes and escapes), integers, tuples, `None`.
struct LiteralParser {
    private let scalars: [Unicode.Scalar]
    private var index = 0

    init(_ scalars: [Unicode.Scalar]) { self.scalars = scalars }

    /// The literal, or `nil` if anything but whitespace follows it.
    mutating func parseAll() -> FeedExpectation.Literal? {
        guard let value = parseValue() else { return nil }
        skipSpaces()
        return index == scalars.count ? value : nil
    }

    private mutating func skipSpaces() {
        while index < scalars.count, scalars[index] == " " || scalars[index] == "\t" { index += 1 }
    }

    private mutating func parseValue() -> FeedExpectation.Literal? {
        skipSpaces()
        guard index < scalars.count else { return nil }
        let scalar = scalars[index]
        if scalar == "(" {
            index += 1
            var items: [FeedExpectation.Literal] = []
            while true {
                skipSpaces()
                if index < scalars.count, scalars[index] == ")" { index += 1; return .tuple(items) }
                guard let item = parseValue() else { return nil }
                items.append(item)
                skipSpaces()
                if index < scalars.count, scalars[index] == "," { index += 1 }
            }
        }
        if scalar == "-" || (scalar.value >= 0x30 && scalar.value <= 0x39) {
            var digits = String(scalar)
            index += 1
            while index < scalars.count, scalars[index].value >= 0x30, scalars[index].value <= 0x39 {
                digits.unicodeScalars.append(scalars[index])
                index += 1
            }
            return Int(digits).map(FeedExpectation.Literal.integer)
        }
        if scalars[index...].starts(with: "None".unicodeScalars) { index += 4; return FeedExpectation.Literal.none }
        var text = ""
        var sawString = false
        // Adjacent literals concatenate, as in Python.
        while let piece = parseString() {
            text += piece
            sawString = true
            skipSpaces()
        }
        return sawString ? .string(text) : nil
    }

    private mutating func parseString() -> String? {
        var raw = false
        let start = index
        while index < scalars.count, "uUbBrR".unicodeScalars.contains(scalars[index]) {
            if scalars[index] == "r" || scalars[index] == "R" { raw = true }
            index += 1
        }
        guard index < scalars.count, scalars[index] == "'" || scalars[index] == "\"" else { index = start; return nil }
        let quote = scalars[index]
        index += 1
        var result = String.UnicodeScalarView()
        while index < scalars.count {
            let scalar = scalars[index]
            if scalar == quote { index += 1; return String(result) }
            if scalar == "\\", !raw, index + 1 < scalars.count {
                let next = scalars[index + 1]
                index += 2
                switch next {
                case "n": result.append("\n")
                case "t": result.append("\t")
                case "r": result.append("\r")
                case "x": result.append(hex(2) ?? "?")
                case "u": result.append(hex(4) ?? "?")
                case "U": result.append(hex(8) ?? "?")
                default: result.append(next)
                }
                continue
            }
            result.append(scalar)
            index += 1
        }
        return nil
    }

    private mutating func hex(_ count: Int) -> Unicode.Scalar? {
        guard index + count <= scalars.count else { return nil }
        let digits = String(String.UnicodeScalarView(scalars[index..<(index + count)]))
        index += count
        return UInt32(digits, radix: 16).flatMap(Unicode.Scalar.init)
    }
}
