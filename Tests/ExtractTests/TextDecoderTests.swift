@testable import Extract
@testable import Feeds
@testable import Folders
@testable import TextEncoding
import SyncModel
import Testing

@Suite("Text decoding")
struct TextDecoderTests {
    @Test("UTF-8 passes through, CRLF and CR become LF, a leading U+FEFF goes")
    func utf8() throws {
        let bytes: [UInt8] = [0xEF, 0xBB, 0xBF] + Array("سطر\r\nثاني\rثالث\n".utf8)
        #expect(try TextDecoder.decode(bytes, declaredCharset: nil) == "سطر\nثاني\nثالث\n")
        #expect(try TextDecoder.decode(Array("\u{FEFF}نص".utf8), declaredCharset: nil) == "نص")
    }

    @Test("a byte order mark wins over the declared charset")
    func byteOrderMarks() throws {
        let text = "مرحبا Hello"
        let le: [UInt8] = [0xFF, 0xFE] + text.utf16.flatMap { [UInt8($0 & 0xFF), UInt8($0 >> 8)] }
        let be: [UInt8] = [0xFE, 0xFF] + text.utf16.flatMap { [UInt8($0 >> 8), UInt8($0 & 0xFF)] }
        #expect(try TextDecoder.decode(le, declaredCharset: "windows-1256") == text)
        #expect(try TextDecoder.decode(be, declaredCharset: nil) == text)
        #expect(try TextDecoder.decode([0xEF, 0xBB, 0xBF] + Array(text.utf8), declaredCharset: "koi8-r") == text)
    }

    @Test("UTF-16 without a byte order mark is recognised by its NUL pattern")
    func unmarkedUTF16() throws {
        let text = "Plain ASCII text in UTF-16 without a mark"
        let le = text.utf16.flatMap { [UInt8($0 & 0xFF), UInt8($0 >> 8)] }
        #expect(try TextDecoder.decode(le, declaredCharset: nil) == text)
    }

    @Test("NUL bytes outside UTF-16 are binary, with the offset")
    func binary() {
        let error = #expect(throws: SyncError.self) {
            try TextDecoder.decode(Array("text".utf8) + [0, 1, 2, 3, 4, 5, 6, 7, 8, 9], declaredCharset: nil)
        }
        #expect(error?.code == .binary)
        #expect(error?.message == "binary content (NUL byte at offset 4)")
    }

    @Test("invalid UTF-8 without a charset is refused, naming the first bad byte")
    func undeclared() throws {
        let bytes = try Fixture.bytes("encoding/windows-1256-undeclared.html")
        let error = #expect(throws: SyncError.self) { try TextDecoder.decode(bytes, declaredCharset: nil) }
        #expect(error?.code == .undecodable)
        #expect(error?.message == "not valid UTF-8 (first bad byte at offset 77) and no charset declared")
    }

    @Test("a declared windows-1256 text decodes to the same Arabic as its UTF-8 twin")
    func windows1256() throws {
        let legacy = try Fixture.bytes("encoding/sample-arabic.cp1256.txt")
        let twin = try Fixture.text("encoding/sample-arabic.utf8.txt")
        #expect(try TextDecoder.decode(legacy, declaredCharset: "windows-1256") == twin)
        #expect(try TextDecoder.decode(legacy, declaredCharset: "CP1256") == twin)
    }

    @Test("ISO-8859-6, windows-1251 and KOI8-R go through iconv")
    func otherCharsets() throws {
        // "سلام" in ISO-8859-6, "Привет" in windows-1251 and KOI8-R.
        #expect(try TextDecoder.decode([0xD3, 0xE4, 0xC7, 0xE5], declaredCharset: "iso-8859-6") == "سلام")
        #expect(try TextDecoder.decode([0xCF, 0xF0, 0xE8, 0xE2, 0xE5, 0xF2], declaredCharset: "windows-1251") == "Привет")
        #expect(try TextDecoder.decode([0xF0, 0xD2, 0xC9, 0xD7, 0xC5, 0xD4], declaredCharset: "koi8-r") == "Привет")
        #expect(try TextDecoder.decode([0x63, 0x61, 0x66, 0xE9], declaredCharset: "iso-8859-1") == "café")
    }

    @Test("a byte the declared charset does not define is refused with its offset")
    func invalidInCharset() {
        // 0xA1 is unassigned in ISO-8859-6.
        let error = #expect(throws: SyncError.self) {
            try TextDecoder.decode([0xD3, 0xE4, 0xA1, 0xE5], declaredCharset: "iso-8859-6")
        }
        #expect(error?.code == .undecodable)
        #expect(error?.message == "not valid iso-8859-6 (bad byte at offset 2)")
    }

    @Test("unknown or malformed charset names are refused")
    func unknownCharset() {
        let unknown = #expect(throws: SyncError.self) { try TextDecoder.decode([0xC3, 0x28], declaredCharset: "x-no-such-charset") }
        #expect(unknown?.code == .undecodable)
        #expect(unknown?.message == "unsupported charset 'x-no-such-charset'")
        let malformed = #expect(throws: SyncError.self) { try TextDecoder.decode([0xC3, 0x28], declaredCharset: "utf 8; <x>") }
        #expect(malformed?.code == .undecodable)
    }

    @Test("declared UTF-8 with a stray byte is repaired, with many refused")
    func declaredUTF8() throws {
        var bytes = Array(String(repeating: "نص عربي سليم. ", count: 200).utf8)
        bytes[1000] = 0xFF
        let text = try TextDecoder.decode(bytes, declaredCharset: "utf-8")
        #expect(text.contains("\u{FFFD}"))
        let broken = [UInt8](repeating: 0xE9, count: 100)
        let error = #expect(throws: SyncError.self) { try TextDecoder.decode(broken, declaredCharset: "UTF-8") }
        #expect(error?.code == .undecodable)
        #expect(error?.message.hasPrefix("declared utf-8 but not valid UTF-8 (first bad byte at offset 0") == true)
    }

    @Test("overlong and surrogate encodings are not UTF-8")
    func strictUTF8() {
        for bad: [UInt8] in [[0xC0, 0xAF], [0xED, 0xA0, 0x80], [0xF4, 0x90, 0x80, 0x80], [0xE2, 0x82]] {
            let error = #expect(throws: SyncError.self) { try TextDecoder.decode([0x41] + bad, declaredCharset: nil) }
            #expect(error?.message == "not valid UTF-8 (first bad byte at offset 1) and no charset declared")
        }
    }
}

@Suite("Charset declarations")
struct CharsetSnifferTests {
    @Test(
        "meta charset, http-equiv and the XML declaration are found",
        arguments: [
            ("<html><head><meta charset=\"windows-1256\"></head>", "windows-1256"),
            ("<META HTTP-EQUIV='Content-Type' CONTENT='text/html; charset=ISO-8859-6'>", "ISO-8859-6"),
            ("<meta content=\"text/html;charset=koi8-r\" http-equiv=\"content-type\"/>", "koi8-r"),
            ("<?xml version=\"1.0\" encoding=\"windows-1251\"?><html></html>", "windows-1251"),
            ("  <?xml version='1.0' encoding='UTF-8'?>", "UTF-8"),
        ])
    func found(html: String, charset: String) {
        #expect(CharsetSniffer.declaredCharset(in: Array(html.utf8)) == charset)
    }

    @Test("declarations in comments, after 4 KiB, or outside meta tags do not count")
    func ignored() {
        let late = String(repeating: " ", count: 4096) + "<meta charset=\"windows-1256\">"
        for html in ["<!-- <meta charset=\"koi8-r\"> --><p>x</p>", late, "<p>charset=windows-1256</p>", "<metadata charset=x>"] {
            #expect(CharsetSniffer.declaredCharset(in: Array(html.utf8)) == nil)
        }
    }

    @Test("labels resolve as browsers resolve them")
    func labels() {
        #expect(CharsetLabel("latin1")?.iconvName == "WINDOWS-1252")
        #expect(CharsetLabel(" \"Arabic\" ")?.iconvName == "ISO-8859-6")
        #expect(CharsetLabel("utf-16")?.isUTF8 == true)
        #expect(CharsetLabel("x y") == nil)
        #expect(CharsetLabel("") == nil)
    }
}
