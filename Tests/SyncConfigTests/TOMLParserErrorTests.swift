import Testing
@testable import SyncConfig

@Suite("TOML parser: errors")
struct TOMLParserErrorTests {
    // MARK: Nesting

    @Test("20,000 levels of arrays, inline tables, dotted keys or headers are refused with their line, not a crash")
    func deepNesting() {
        let depth = 20_000
        let arrays = "a = " + String(repeating: "[", count: depth) + String(repeating: "]", count: depth)
        #expect(tomlError(arrays)?.line == 1 && tomlError(arrays)?.message == "keys, arrays and inline tables nested more than 64 deep")
        let tables = "\n\na = " + String(repeating: "{b = ", count: depth) + "1" + String(repeating: "}", count: depth)
        #expect(tomlError(tables)?.line == 3)
        let dotted = (0..<depth).map { "k\($0)" }.joined(separator: ".") + " = 1"
        #expect(tomlError(dotted)?.message.contains("nested more than 64 deep") == true)
        let header = "[" + (0..<depth).map { "k\($0)" }.joined(separator: ".") + "]"
        #expect(tomlError(header)?.message.contains("nested more than 64 deep") == true)
        // Real nesting stays fine.
        #expect(tomlError("a = [[1, 2], [3, {b = {c = [4]}}]]\nx.y.z = 1\n[p.q.r]\ns = 2") == nil)
    }

    // MARK: Redefinitions (line only)

    @Test func duplicateKey() {
        let error = tomlError("a = 1\nb = 2\na = 3")
        #expect(error == TOMLError(line: 3, #"duplicate key "a" (first defined at line 1)"#))
    }

    @Test func duplicateDottedKey() {
        let error = tomlError("a.b = 1\n\na.b = 2")
        #expect(error == TOMLError(line: 3, #"duplicate key "a.b" (first defined at line 1)"#))
    }

    @Test func redefinedTable() {
        let error = tomlError("[a]\nx = 1\n[b]\n[a]")
        #expect(error == TOMLError(line: 4, #"cannot define [a]: "a" is already a table (line 1)"#))
    }

    @Test func headerOverDottedKeyTable() {
        let error = tomlError("[fruit]\napple.color = 'red'\n[fruit.apple]")
        #expect(error == TOMLError(line: 3, #"cannot define [fruit.apple]: "fruit.apple" is already a table (line 2)"#))
    }

    @Test func dottedKeyIntoHeaderTable() {
        let error = tomlError("[a.b.c]\nz = 9\n[a]\nb.c.t = 1")
        #expect(error == TOMLError(line: 4, #"cannot set "b.c.t": "b" is already defined at line 1"#))
    }

    @Test func headerThroughValue() {
        let error = tomlError("a = 1\n[a.b]")
        #expect(error == TOMLError(line: 2, #"cannot define [a.b]: "a" is already a value (line 1)"#))
    }

    @Test func inlineTableCannotBeExtended() {
        #expect(tomlError("a = { x = 1 }\n[a]")?.line == 2)
        #expect(tomlError("a = { x = 1 }\na.y = 2") == TOMLError(line: 2, #"cannot set "a.y": "a" is already defined at line 1"#))
        #expect(tomlError("a = { x = 1, x = 2 }") == TOMLError(line: 1, #"duplicate key "x" (first defined at line 1)"#))
    }

    @Test func arrayOfTablesConflicts() {
        #expect(tomlError("a = []\n[[a]]") == TOMLError(line: 2, #"cannot define [[a]]: "a" is already a value (line 1)"#))
        #expect(tomlError("[[a]]\n[a]") == TOMLError(line: 2, #"cannot define [a]: "a" is already an array of tables (line 1)"#))
        #expect(tomlError("[a]\n[[a]]") == TOMLError(line: 2, #"cannot define [[a]]: "a" is already a table (line 1)"#))
        #expect(tomlError("[[a.b]]\n[a]\nb.y = 2")?.line == 3)
    }

    // MARK: Syntax (line and column)

    @Test func unterminatedString() {
        #expect(tomlError("a = 1\nb = \"abc") == TOMLError(line: 2, column: 5, "unterminated string"))
        #expect(tomlError("b = 'abc") == TOMLError(line: 1, column: 5, "unterminated string"))
    }

    @Test func unterminatedMultilineString() {
        #expect(tomlError("a = 1\nb = \"\"\"abc\n\ndef") == TOMLError(line: 2, column: 5, "unterminated multi-line string"))
        #expect(tomlError("b = '''abc\n") == TOMLError(line: 1, column: 5, "unterminated multi-line string"))
    }

    @Test func newlineInBasicString() {
        let error = tomlError("a = \"abc\nb = 1\"")
        #expect(error == TOMLError(line: 1, column: 9, #"newline in basic string (use """ for a multi-line string)"#))
        #expect(tomlError("a = 'abc\n'")?.message == "newline in literal string (use ''' for a multi-line string)")
    }

    @Test(arguments: [
        (#"a = "\x41""#, #"invalid escape sequence \x"#),
        (#"a = "\e""#, #"invalid escape sequence \e"#),
        (#"a = "\ ""#, #"invalid escape sequence: '\' followed by U+0020"#),
        (#"a = "\u12""#, #"invalid escape \u: expected 4 hexadecimal digits"#),
        (#"a = "\uD800""#, #"invalid escape \uD800: not a Unicode scalar value"#),
        (#"a = "\U00110000""#, #"invalid escape \U00110000: not a Unicode scalar value"#),
    ])
    func invalidEscapes(document: String, message: String) {
        #expect(tomlError(document) == TOMLError(line: 1, column: 6, message))
    }

    @Test func whitespaceAfterLineEndingBackslashMustEndTheLine() {
        let error = tomlError("a = \"\"\"x\\  y\"\"\"")
        #expect(error == TOMLError(line: 1, column: 9, #"invalid escape: '\' followed by whitespace must end the line"#))
    }

    @Test func controlCharacters() {
        #expect(tomlError("a = \"x\u{01}\"") == TOMLError(line: 1, column: 7, "U+0001 must be escaped in a string"))
        #expect(tomlError("# bad \u{7F} comment") == TOMLError(line: 1, column: 7, "U+007F is not allowed in a comment"))
        #expect(tomlError("a = 1\r b = 2") == TOMLError(line: 1, column: 6, "carriage return not followed by a line feed"))
    }

    @Test func missingEquals() {
        #expect(tomlError("\na 1") == TOMLError(line: 2, column: 3, #"expected '=' after key "a", found '1'"#))
        #expect(tomlError("a") == TOMLError(line: 1, column: 2, #"expected '=' after key "a", found the end of the file"#))
    }

    @Test func missingValue() {
        #expect(tomlError("a =\nb = 1") == TOMLError(line: 1, column: 4, "expected a value, found the end of the line"))
        #expect(tomlError("a = ") == TOMLError(line: 1, column: 5, "expected a value, found the end of the file"))
    }

    @Test func junkAfterValue() {
        #expect(tomlError("a = 1 2") == TOMLError(line: 1, column: 7, "expected the end of the line, found '2'"))
        #expect(tomlError("a = \"x\" \"y\"") == TOMLError(line: 1, column: 9, "expected the end of the line, found '\"'"))
        #expect(tomlError("[a] b = 1") == TOMLError(line: 1, column: 5, "expected the end of the line, found 'b'"))
    }

    @Test func unquotedString() {
        #expect(tomlError("a = hello") == TOMLError(line: 1, column: 5, "invalid value 'hello' (strings must be quoted)"))
        #expect(tomlError("a = True")?.message == "invalid value 'True' (strings must be quoted)")
    }

    @Test func invalidKeys() {
        #expect(tomlError("a b = 1") == TOMLError(line: 1, column: 3, #"expected '=' after key "a", found 'b'"#))
        #expect(tomlError("a. = 1") == TOMLError(line: 1, column: 4, "expected a key, found '='"))
        #expect(tomlError("= 1") == TOMLError(line: 1, column: 1, "expected a key, found '='"))
        #expect(tomlError("\"\"\"a\"\"\" = 1") == TOMLError(line: 1, column: 1, "a key cannot be a multi-line string"))
    }

    @Test func invalidHeaders() {
        #expect(tomlError("[a") == TOMLError(line: 1, column: 3, "expected ']' to close the table header, found the end of the file"))
        #expect(
            tomlError("[[a]\nx = 1") == TOMLError(line: 1, column: 5, "expected ']]' to close the array-of-tables header, found the end of the line"))
        #expect(tomlError("[]") == TOMLError(line: 1, column: 2, "expected a key, found ']'"))
        #expect(tomlError("[a.]") == TOMLError(line: 1, column: 4, "expected a key, found ']'"))
        #expect(tomlError("[ [a] ]") == TOMLError(line: 1, column: 3, "expected a key, found '['"))
    }

    @Test(arguments: [
        ("012", "invalid integer '012' (leading zeros are not allowed)"),
        ("1__0", "invalid integer '1__0'"),
        ("1_", "invalid integer '1_'"),
        ("+0x10", "invalid integer '+0x10'"),
        ("0xG1", "invalid integer '0xG1'"),
        ("0b102", "invalid integer '0b102'"),
        ("0X10", "invalid integer '0X10'"),
        ("9223372036854775808", "integer '9223372036854775808' does not fit in 64 bits"),
        ("0x8000000000000000", "integer '0x8000000000000000' does not fit in 64 bits"),
    ])
    func invalidIntegers(literal: String, message: String) {
        #expect(tomlError("n = \(literal)") == TOMLError(line: 1, column: 5, message))
    }

    @Test(arguments: ["7.", "3.e+20", "1e", "1.5e_3", "01.5", "1__2.0", "1.2.3", "1e+"])
    func invalidFloats(literal: String) {
        #expect(tomlError("x = \(literal)") == TOMLError(line: 1, column: 5, "invalid float '\(literal)'"))
    }

    @Test(arguments: [".7", "_1.0", "infinity", "NaN"])
    func invalidBareValues(literal: String) {
        #expect(tomlError("x = \(literal)") == TOMLError(line: 1, column: 5, "invalid value '\(literal)' (strings must be quoted)"))
    }

    @Test(arguments: [
        "1979-13-01", "2023-02-29", "1979-05-32", "1979-05-27T25:00:00", "1979-05-27T07:32",
        "07:32", "07:32:00Z", "1979-05-27T07:32:00+7:00", "1979-05-27T07:32:00.", "1979-5-27",
    ])
    func invalidDateTimes(literal: String) {
        #expect(tomlError("d = \(literal)") == TOMLError(line: 1, column: 5, "invalid date-time '\(literal)'"))
    }

    @Test func invalidArrays() {
        #expect(tomlError("a = [1 2]") == TOMLError(line: 1, column: 8, "expected ',' or ']' in array, found '2'"))
        #expect(tomlError("a = [1,,2]") == TOMLError(line: 1, column: 8, "expected a value, found ','"))
        #expect(tomlError("a = [1,\n2") == TOMLError(line: 1, column: 5, "unterminated array (missing ']')"))
    }

    @Test func invalidInlineTables() {
        #expect(tomlError("a = { x = 1, }") == TOMLError(line: 1, column: 14, "trailing comma in inline table"))
        #expect(tomlError("a = { x = 1,\n y = 2 }") == TOMLError(line: 1, column: 13, "an inline table must be on one line (missing '}'?)"))
        #expect(tomlError("a = { x = 1\n}") == TOMLError(line: 1, column: 12, "an inline table must be on one line (missing '}'?)"))
        #expect(tomlError("a = { x = 1 y = 2 }") == TOMLError(line: 1, column: 13, "expected ',' or '}' in inline table, found 'y'"))
    }

    @Test func tooManyClosingQuotes() {
        #expect(tomlError("a = \"\"\"x\"\"\"\"\"\"") == TOMLError(line: 1, column: 9, "too many quotes at the end of a multi-line string"))
    }
}
