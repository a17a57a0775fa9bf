import Testing
@testable import SyncConfig

@Suite("TOML parser: valid documents")
struct TOMLParserTests {
    @Test func comments() throws {
        let table = try toml(
            """
            # a full-line comment
            a = 1 # a trailing comment
              # an indented comment
            b = "# not a comment"
            c = [ # inside an array
              1, # after an element
              # on its own line
              2,
            ]
            """)
        #expect(table.keys == ["a", "b", "c"])
        #expect(table.string(at: "b") == "# not a comment")
        #expect(table["c"]?.array?.compactMap(\.integer) == [1, 2])
    }

    @Test func bareQuotedAndDottedKeys() throws {
        let table = try toml(
            #"""
            bare_key-1 = 1
            "quoted key" = 2
            'literal "key"' = 3
            "" = 4
            a.b.c = 5
            d . e = 6
            "x.y" = 7
            site."google.com" = true
            3.14159 = "pi"
            a.b.d = 8
            "\u0041" = 9
            """#)
        #expect(table.keys == ["bare_key-1", "quoted key", "literal \"key\"", "", "a", "d", "x.y", "site", "3", "A"])
        #expect(table.integer(at: "a.b.c") == 5)
        #expect(table.integer(at: "a.b.d") == 8)
        #expect(table.integer(at: "d.e") == 6)
        #expect(table["x.y"]?.integer == 7)
        #expect(table["site"]?.table?["google.com"]?.boolean == true)
        #expect(table.string(at: "3.14159") == "pi")
    }

    @Test func basicStringEscapes() throws {
        let table = try toml(
            #"""
            s = "tab\there \"quoted\" back\\slash \b\f\n\r é"
            u = "\u00E9 \u20AC \U0001F600 \U00000041"
            """#)
        #expect(table.string(at: "s") == "tab\there \"quoted\" back\\slash \u{08}\u{0C}\n\r é")
        #expect(table.string(at: "u") == "é € 😀 A")
    }

    @Test func literalStrings() throws {
        let table = try toml(
            #"""
            winpath = 'C:\Users\nodejs\templates'
            regex = '<\i\c*\s*>'
            quoted = 'Tom "Dubs" Preston-Werner'
            tab = 'a	b'
            """#)
        #expect(table.string(at: "winpath") == #"C:\Users\nodejs\templates"#)
        #expect(table.string(at: "regex") == #"<\i\c*\s*>"#)
        #expect(table.string(at: "quoted") == #"Tom "Dubs" Preston-Werner"#)
        #expect(table.string(at: "tab") == "a\tb")
    }

    @Test func multilineBasicStrings() throws {
        let table = try toml(
            #"""
            s1 = """
            Roses are red
            Violets are blue"""
            s2 = """
            The quick brown \


              fox jumps over \
                the lazy dog."""
            s3 = """Here are two quotation marks: "". Simple enough."""
            s4 = """Here are fifteen quotation marks: ""\"""\"""\"""\"""\"."""
            s5 = """"This," she said, "is just a pointless statement.""""
            s6 = """escapes \t \u00E9 \\ end"""
            after = 1
            """#)
        #expect(table.string(at: "s1") == "Roses are red\nViolets are blue")
        #expect(table.string(at: "s2") == "The quick brown fox jumps over the lazy dog.")
        #expect(table.string(at: "s3") == #"Here are two quotation marks: "". Simple enough."#)
        #expect(table.string(at: "s4") == "Here are fifteen quotation marks: " + String(repeating: "\"", count: 15) + ".")
        #expect(table.string(at: "s5") == #""This," she said, "is just a pointless statement.""#)
        #expect(table.string(at: "s6") == "escapes \t é \\ end")
        #expect(table.entry("s2")?.line == 4)
        #expect(table.entry("after")?.line == 14)
    }

    @Test func multilineLiteralStrings() throws {
        let table = try toml(
            #"""
            regex = '''I [dw]on't need \d{2} apples'''
            lines = '''
            The first newline is
            trimmed in raw strings.
               All other whitespace
               is preserved.
            '''
            quot15 = '''Here are fifteen quotation marks: """""""""""""""'''
            str = ''''That,' she said, 'is still pointless.''''
            after = 1
            """#)
        #expect(table.string(at: "regex") == #"I [dw]on't need \d{2} apples"#)
        #expect(table.string(at: "lines") == "The first newline is\ntrimmed in raw strings.\n   All other whitespace\n   is preserved.\n")
        #expect(table.string(at: "quot15") == "Here are fifteen quotation marks: " + String(repeating: "\"", count: 15))
        #expect(table.string(at: "str") == "'That,' she said, 'is still pointless.'")
        #expect(table.entry("after")?.line == 10)
    }

    @Test func crlfLineEndings() throws {
        let table = try toml("a = 1\r\nb = \"\"\"\r\nx\r\ny\"\"\"\r\nc = 3\r\n")
        #expect(table.string(at: "b") == "x\ny")
        #expect(table.entry("c")?.line == 5)
    }

    @Test func integers() throws {
        let table = try toml(
            """
            a = +99
            b = 42
            c = 0
            d = -17
            e = 1_000
            f = 5_349_221
            g = 0xDEADBEEF
            h = 0xdead_beef
            i = 0o01234567
            j = 0o755
            k = 0b11010110
            l = 9223372036854775807
            m = -9223372036854775808
            n = +0
            o = -0
            """)
        let values = table.entries.compactMap(\.value.integer)
        #expect(values == [99, 42, 0, -17, 1000, 5_349_221, 0xDEAD_BEEF, 0xDEAD_BEEF, 0o1234567, 0o755, 0b1101_0110, .max, .min, 0, 0])
    }

    @Test func floats() throws {
        let table = try toml(
            """
            a = +1.0
            b = 3.1415
            c = -0.01
            d = 5e+22
            e = 1e06
            f = -2E-2
            g = 6.626e-34
            h = 224_617.445_991_228
            i = -0e0
            """)
        let values = table.entries.compactMap(\.value.float)
        #expect(values == [1.0, 3.1415, -0.01, 5e22, 1e6, -2e-2, 6.626e-34, 224_617.445_991_228, 0])
        #expect(table["a"]?.kind == .float)
    }

    @Test func specialFloats() throws {
        let table = try toml("a = inf\nb = +inf\nc = -inf\nd = nan\ne = +nan\nf = -nan\n")
        #expect(table.float(at: "a") == .infinity)
        #expect(table.float(at: "b") == .infinity)
        #expect(table.float(at: "c") == -.infinity)
        for key in ["d", "e", "f"] {
            #expect(table.float(at: key)?.isNaN == true)
        }
    }

    @Test func booleans() throws {
        let table = try toml("yes = true\nno = false\nlist = [true, false]")
        #expect(table["yes"]?.boolean == true)
        #expect(table["no"]?.boolean == false)
        #expect(table["list"]?.array?.compactMap(\.boolean) == [true, false])
    }

    @Test func dateTimesKeepTheirText() throws {
        let table = try toml(
            """
            odt1 = 1979-05-27T07:32:00Z
            odt2 = 1979-05-27T00:32:00-07:00
            odt3 = 1979-05-27T00:32:00.999999+05:30
            odt4 = 1979-05-27 07:32:00Z
            ldt1 = 1979-05-27T07:32:00
            ldt2 = 1979-05-27t00:32:00.999999
            ld1 = 1979-05-27 # a date, then a comment
            lt1 = 07:32:00
            lt2 = 00:32:00.999999
            leap = 2024-02-29
            list = [1979-05-27, 07:32:00]
            """)
        #expect(table.datetime(at: "odt1") == "1979-05-27T07:32:00Z")
        #expect(table.datetime(at: "odt2") == "1979-05-27T00:32:00-07:00")
        #expect(table.datetime(at: "odt3") == "1979-05-27T00:32:00.999999+05:30")
        #expect(table.datetime(at: "odt4") == "1979-05-27 07:32:00Z")
        #expect(table.datetime(at: "ldt1") == "1979-05-27T07:32:00")
        #expect(table.datetime(at: "ldt2") == "1979-05-27t00:32:00.999999")
        #expect(table.datetime(at: "ld1") == "1979-05-27")
        #expect(table.datetime(at: "lt1") == "07:32:00")
        #expect(table.datetime(at: "lt2") == "00:32:00.999999")
        #expect(table.datetime(at: "leap") == "2024-02-29")
        #expect(table["list"]?.array?.compactMap(\.datetime) == ["1979-05-27", "07:32:00"])
        #expect(table["odt1"]?.kind == .datetime)
    }

    @Test func arrays() throws {
        let table = try toml(
            """
            integers = [ 1, 2, 3 ]
            nested = [ [ 1, 2 ], ["a", 'b'] ]
            mixed = [ 0.1, "x", true, { k = 1 } ]
            empty = []
            multi = [
              1,
              2, # a comment

              3,   # a trailing comma
            ]
            after = 1
            """)
        #expect(table["integers"]?.array?.compactMap(\.integer) == [1, 2, 3])
        #expect(table["nested"]?.array?.last?.array?.compactMap(\.string) == ["a", "b"])
        #expect(table["mixed"]?.array?.map(\.kind) == [.float, .string, .boolean, .table])
        #expect(table["empty"]?.array?.isEmpty == true)
        let multi = try #require(table["multi"]?.array)
        #expect(multi.compactMap(\.integer) == [1, 2, 3])
        #expect(multi.map(\.line) == [6, 7, 9])
        #expect(table.entry("after")?.line == 11)
    }

    @Test func inlineTables() throws {
        let table = try toml(
            """
            name = { first = "Tom", last = "Preston-Werner" }
            animal = { type.name = "pug", type.size = 1 }
            empty = {}
            nested = { a = { b = [1, { c = 2 }] } }
            """)
        #expect(table.value(at: "name")?.table?.keys == ["first", "last"])
        #expect(table.string(at: "name.last") == "Preston-Werner")
        #expect(table.string(at: "animal.type.name") == "pug")
        #expect(table.integer(at: "animal.type.size") == 1)
        #expect(table.value(at: "empty")?.table?.entries.isEmpty == true)
        #expect(table.value(at: "nested.a.b")?.array?.last?.table?["c"]?.integer == 2)
    }

    @Test func tablesAndDottedHeaders() throws {
        let table = try toml(
            """
            top = 0
            [table-1]
            key1 = "some string"

            [dog."tater.man"]
            type.name = "pug"

            [ j . "ʞ" . 'l' ]
            key = 1

            [x.y.z.w]
            [x]   # defining a super-table afterwards is allowed
            k = 1

            [fruit]
            apple.color = "red"
            [fruit.apple.texture]  # sub-tables of dotted-key tables are allowed
            smooth = true
            """)
        #expect(table.keys == ["top", "table-1", "dog", "j", "x", "fruit"])
        #expect(table.string(at: "table-1.key1") == "some string")
        #expect(table["dog"]?.table?["tater.man"]?.table?.string(at: "type.name") == "pug")
        #expect(table["j"]?.table?["ʞ"]?.table?["l"]?.table?["key"]?.integer == 1)
        #expect(table.value(at: "x.y.z.w")?.kind == .table)
        #expect(table.integer(at: "x.k") == 1)
        #expect(table.entry("x")?.line == 12)
        #expect(table.value(at: "fruit.apple.texture.smooth")?.boolean == true)
    }

    @Test func arraysOfTables() throws {
        let table = try toml(
            """
            [[products]]
            name = "Hammer"

            [[products]]  # an empty table within the array

            [[products]]
            name = "Nail"

            [[fruits]]
            name = "apple"
            [fruits.physical]
            color = "red"
            [[fruits.varieties]]
            name = "red delicious"
            [[fruits.varieties]]
            name = "granny smith"
            [[fruits]]
            name = "banana"
            [[fruits.varieties]]
            name = "plantain"
            """)
        let products = try #require(table["products"]?.array)
        #expect(products.map(\.line) == [1, 4, 6])
        #expect(products.map { $0.table?["name"]?.string } == ["Hammer", nil, "Nail"])
        #expect(table["products"]?.isArrayOfTables == true)
        let fruits = try #require(table["fruits"]?.array).compactMap { $0.table }
        #expect(fruits.count == 2)
        #expect(fruits[0].string(at: "physical.color") == "red")
        #expect(fruits[0]["varieties"]?.array?.compactMap { $0.table?.string(at: "name") } == ["red delicious", "granny smith"])
        #expect(fruits[1]["varieties"]?.array?.compactMap { $0.table?.string(at: "name") } == ["plantain"])
    }

    @Test func keysAndValuesRememberTheirLines() throws {
        let table = try toml(
            """

            a = 1
            [t]
            b = [
              "x",
              { c = 2 },
            ]
            [[s]]
            d = 3
            """)
        #expect(table.entry("a")?.line == 2)
        #expect(table.entry("t")?.line == 3)
        #expect(table["t"]?.line == 3)
        let t = try #require(table["t"]?.table)
        #expect(t.entry("b")?.line == 4)
        #expect(t["b"]?.array?.map(\.line) == [5, 6])
        #expect(t["b"]?.array?.last?.table?.entry("c")?.line == 6)
        #expect(table["s"]?.array?.first?.line == 8)
        #expect(table["s"]?.array?.first?.table?.entry("d")?.line == 9)
    }

    @Test func emptyDocument() throws {
        #expect(try toml("").entries.isEmpty)
        #expect(try toml("\n# only a comment\n\n").entries.isEmpty)
    }
}
