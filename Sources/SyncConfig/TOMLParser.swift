/// A TOML 1.0 parser whose result remembers the line of every key and value.
///
/// Date-times are validated but kept as their literal text; configuration files only need to
/// say where a value was written, not to compute with dates.
struct TOMLParser {
    struct Position {
        var line: Int
        var column: Int
    }

    let scalars: [Unicode.Scalar]
    var index = 0
    /// Arrays and inline tables open around the value being read.
    var nesting = 0
    /// Deeper values are refused: the parser (and the values' own teardown) recurse once per
    /// level, and a crafted file must not exhaust the stack. No configuration nests past two.
    static let maximumNesting = 64
    var line = 1
    var lineStart = 0
    let root = TOMLTableBuilder(origin: .header, line: 1)
    /// The table that key/value lines go into: the root, or the last `[header]`'s table.
    var current: TOMLTableBuilder

    /// Parses a whole TOML document.
    /// - Parameter text: the document.
    /// - Returns: the root table, keys in the order they first appear.
    /// - Throws: `TOMLError` with a line and column for malformed input, and with a line only
    ///   for a well-formed document that defines a key or table twice.
    static func parse(_ text: String) throws(TOMLError) -> TOMLTable {
        var parser = TOMLParser(text)
        try parser.parseDocument()
        return parser.root.build()
    }

    private init(_ text: String) {
        scalars = Array(text.unicodeScalars)
        current = root
    }

    // MARK: Document structure

    private mutating func parseDocument() throws(TOMLError) {
        while let next = peek {
            switch next {
            case " ", "\t": advance()
            case "#": try skipComment()
            case "\n", "\r": try consumeNewline()
            case "[":
                try parseHeader()
                try expectLineEnd()
            default:
                try parseKeyValue(into: current)
                try expectLineEnd()
            }
        }
    }

    private mutating func expectLineEnd() throws(TOMLError) {
        skipWhitespace()
        if peek == "#" { try skipComment() }
        guard let next = peek else { return }
        guard isAtNewline else { throw syntaxError("expected the end of the line, found \(Self.describe(next))") }
        try consumeNewline()
    }

    private mutating func parseHeader() throws(TOMLError) {
        let headerLine = line
        advance()
        let isArray = consume("[")
        let key = try parseKey()
        if key.count > Self.maximumNesting {
            throw syntaxError("table header nested more than \(Self.maximumNesting) deep")
        }
        guard consume("]") else { throw syntaxError("expected ']' to close the table header, found \(describePeek)") }
        if isArray, !consume("]") {
            throw syntaxError("expected ']]' to close the array-of-tables header, found \(describePeek)")
        }
        current = try openTable(key, isArray: isArray, line: headerLine)
    }

    /// Finds or creates the table a `[header]` or `[[header]]` names.
    private func openTable(_ key: [String], isArray: Bool, line: Int) throws(TOMLError) -> TOMLTableBuilder {
        let name = isArray ? "[[\(Self.keyPath(key[...]))]]" : "[\(Self.keyPath(key[...]))]"
        var table = root
        for depth in 0..<(key.count - 1) {
            switch table[key[depth]] {
            case nil:
                let child = TOMLTableBuilder(origin: .implicit, line: line)
                table.set(key[depth], .table(child), line: line)
                table = child
            case (.table(let child), _)?:
                table = child
            case (.tables(let children), _)?:
                table = children[children.count - 1]
            case (.value, let previous)?:
                throw TOMLError(line: line, "cannot define \(name): \(Self.display(key[...depth])) is already a value (line \(previous))")
            }
        }
        let last = key[key.count - 1]
        switch (table[last], isArray) {
        case (nil, false):
            let child = TOMLTableBuilder(origin: .header, line: line)
            table.set(last, .table(child), line: line)
            return child
        case (nil, true):
            let child = TOMLTableBuilder(origin: .arrayElement, line: line)
            table.set(last, .tables([child]), line: line)
            return child
        case ((.table(let child), _)?, false) where child.origin == .implicit:
            child.origin = .header
            child.line = line
            table.set(last, .table(child), line: line)
            return child
        case ((.tables(let children), let first)?, true):
            let child = TOMLTableBuilder(origin: .arrayElement, line: line)
            table.set(last, .tables(children + [child]), line: first)
            return child
        case ((let slot, let previous)?, _):
            let what =
                switch slot {
                case .value: "a value"
                case .table: "a table"
                case .tables: "an array of tables"
                }
            throw TOMLError(line: line, "cannot define \(name): \(Self.display(key[...])) is already \(what) (line \(previous))")
        }
    }

    mutating func parseKeyValue(into table: TOMLTableBuilder) throws(TOMLError) {
        let keyLine = line
        let key = try parseKey()
        guard consume("=") else {
            throw syntaxError("expected '=' after key \(Self.display(key[...])), found \(describePeek)")
        }
        skipWhitespace()
        // A dotted key's parts are levels too: `a.b.c = {…}` nests three tables deep.
        nesting += key.count - 1
        defer { nesting -= key.count - 1 }
        if nesting > Self.maximumNesting {
            throw syntaxError("keys, arrays and inline tables nested more than \(Self.maximumNesting) deep")
        }
        let value = try parseValue()
        try assign(key, value, line: keyLine, in: table)
    }

    /// Stores a value under a possibly dotted key, creating the intermediate tables.
    private func assign(_ key: [String], _ value: TOMLValue, line: Int, in start: TOMLTableBuilder) throws(TOMLError) {
        var table = start
        for depth in 0..<(key.count - 1) {
            switch table[key[depth]] {
            case nil:
                let child = TOMLTableBuilder(origin: .dotted, line: line)
                table.set(key[depth], .table(child), line: line)
                table = child
            case (.table(let child), _)? where child.origin == .dotted:
                table = child
            case (_, let previous)?:
                throw TOMLError(
                    line: line, "cannot set \(Self.display(key[...])): \(Self.display(key[...depth])) is already defined at line \(previous)")
            }
        }
        if let (_, previous) = table[key[key.count - 1]] {
            throw TOMLError(line: line, "duplicate key \(Self.display(key[...])) (first defined at line \(previous))")
        }
        table.set(key[key.count - 1], .value(value), line: line)
    }

    // MARK: Keys

    /// Reads `a`, `"a b"`, `'a'` or a dotted combination, with whitespace around the dots.
    private mutating func parseKey() throws(TOMLError) -> [String] {
        var parts: [String] = []
        repeat {
            skipWhitespace()
            parts.append(try parseSimpleKey())
            skipWhitespace()
        } while consume(".")
        return parts
    }

    private mutating func parseSimpleKey() throws(TOMLError) -> String {
        switch peek {
        case "\"":
            if isLooking(at: "\"\"\"") { throw syntaxError("a key cannot be a multi-line string") }
            return try parseBasicString()
        case "'":
            if isLooking(at: "'''") { throw syntaxError("a key cannot be a multi-line string") }
            return try parseLiteralString()
        default:
            let start = index
            while let next = peek, Self.isBareKeyCharacter(next) { advance() }
            guard index > start else { throw syntaxError("expected a key, found \(describePeek)") }
            return Self.text(scalars[start..<index])
        }
    }

    static func isBareKeyCharacter(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar {
        case "A"..."Z", "a"..."z", "0"..."9", "_", "-": true
        default: false
        }
    }

    /// A key as TOML would spell it, for messages: `a.b`, `a.'key with spaces'`.
    static func keyPath(_ key: ArraySlice<String>) -> String {
        key.map { part in
            !part.isEmpty && part.unicodeScalars.allSatisfy(isBareKeyCharacter) ? part : "'\(part)'"
        }.joined(separator: ".")
    }

    /// `keyPath` in double quotes, as messages name keys.
    static func display(_ key: ArraySlice<String>) -> String {
        "\"" + keyPath(key) + "\""
    }

    // MARK: Values

    private mutating func parseValue() throws(TOMLError) -> TOMLValue {
        let valueLine = line
        switch peek {
        case "\"":
            let text = isLooking(at: "\"\"\"") ? try parseMultilineBasicString() : try parseBasicString()
            return TOMLValue(.string(text), line: valueLine)
        case "'":
            let text = isLooking(at: "'''") ? try parseMultilineLiteralString() : try parseLiteralString()
            return TOMLValue(.string(text), line: valueLine)
        case "[":
            return try parseArray()
        case "{":
            return try parseInlineTable()
        default:
            return TOMLValue(try parseBareValue(), line: valueLine)
        }
    }

    /// Counts one more level of arrays and inline tables.
    /// - Throws: a syntax error past `maximumNesting`.
    private mutating func enterNested() throws(TOMLError) {
        nesting += 1
        if nesting > Self.maximumNesting {
            throw syntaxError("keys, arrays and inline tables nested more than \(Self.maximumNesting) deep")
        }
    }

    private mutating func parseArray() throws(TOMLError) -> TOMLValue {
        let start = position
        try enterNested()
        defer { nesting -= 1 }
        advance()
        var elements: [TOMLValue] = []
        while true {
            try skipBlankLines()
            if consume("]") { break }
            if peek == nil { throw syntaxError("unterminated array (missing ']')", at: start) }
            elements.append(try parseValue())
            try skipBlankLines()
            if consume(",") { continue }
            if consume("]") { break }
            if peek == nil { throw syntaxError("unterminated array (missing ']')", at: start) }
            throw syntaxError("expected ',' or ']' in array, found \(describePeek)")
        }
        return TOMLValue(.array(elements), line: start.line)
    }

    private mutating func parseInlineTable() throws(TOMLError) -> TOMLValue {
        let start = position
        try enterNested()
        defer { nesting -= 1 }
        advance()
        let table = TOMLTableBuilder(origin: .inline, line: start.line)
        skipWhitespace()
        if !consume("}") {
            while true {
                skipWhitespace()
                if isAtNewline { throw syntaxError("an inline table must be on one line (missing '}'?)") }
                try parseKeyValue(into: table)
                skipWhitespace()
                if consume("}") { break }
                guard consume(",") else {
                    if isAtNewline { throw syntaxError("an inline table must be on one line (missing '}'?)") }
                    throw syntaxError("expected ',' or '}' in inline table, found \(describePeek)")
                }
                skipWhitespace()
                if peek == "}" { throw syntaxError("trailing comma in inline table") }
            }
        }
        return TOMLValue(.table(table.build()), line: start.line)
    }

    /// Reads a boolean, number or date-time: everything up to a delimiter, plus the time of a
    /// date-time written with a space (`1979-05-27 07:32:00`).
    private mutating func parseBareValue() throws(TOMLError) -> TOMLValue.Content {
        let start = position
        var token = readToken()
        if peek == " ", let next = peek(at: 1), ("0"..."9").contains(next), Self.isLocalDate(token) {
            advance()
            token += " " + readToken()
        }
        guard !token.isEmpty else { throw syntaxError("expected a value, found \(describePeek)") }
        do {
            return try Self.scalar(token)
        } catch {
            throw syntaxError(error.message, at: start)
        }
    }

    private mutating func readToken() -> String {
        let start = index
        while let next = peek, Self.isBareKeyCharacter(next) || next == "+" || next == "." || next == ":" {
            advance()
        }
        return Self.text(scalars[start..<index])
    }
}
