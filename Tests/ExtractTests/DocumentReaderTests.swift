import Extract
@testable import Feeds
@testable import Folders
@testable import TextEncoding
import Foundation
import SyncModel
import Testing

@Suite("Reading files")
struct DocumentReaderTests {
    let reader = DocumentReader(maxFileSize: 10 * 1024 * 1024)

    @Test("a text file: first non-blank line is the title")
    func textFile() throws {
        let directory = try TemporaryDirectory()
        let path = try directory.write("note.txt", "\n\n  عنوان الخبر  \n\nالفقرة الأولى.\r\n\r\n\r\n\r\nالفقرة الثانية.   \n\n")
        let article = try reader.read(path: path)
        #expect(article == Article(title: "عنوان الخبر", text: "الفقرة الأولى.\n\nالفقرة الثانية."))
    }

    @Test("a file over the limit is refused before it is read")
    func tooLarge() throws {
        let directory = try TemporaryDirectory()
        let path = try directory.write("big.txt", [UInt8](repeating: 0x61, count: 12_900_000))
        let error = #expect(throws: SyncError.self) { try reader.read(path: path) }
        #expect(error?.code == .tooLarge)
        #expect(error?.message == "file is 12.3 MiB, over the 10 MiB limit")
        #expect(error?.location == path)

        let small = DocumentReader(maxFileSize: 1000)
        let inMemory = #expect(throws: SyncError.self) {
            try small.read(bytes: [UInt8](repeating: 0x61, count: 1001), fileName: "a.txt", format: .text)
        }
        #expect(inMemory?.code == .tooLarge)
        #expect(inMemory?.message == "file is 1001 bytes, over the 1000-byte limit")
    }

    @Test("missing files, directories and unknown extensions")
    func unreadable() throws {
        let directory = try TemporaryDirectory()
        let missing = #expect(throws: SyncError.self) { try reader.read(path: directory.path + "/gone.txt") }
        #expect(missing?.code == .unreadable)
        #expect(missing?.message == "No such file or directory")
        #expect(missing?.location == directory.path + "/gone.txt")

        try FileManager.default.createDirectory(atPath: directory.path + "/folder.md", withIntermediateDirectories: false)
        let folder = #expect(throws: SyncError.self) { try reader.read(path: directory.path + "/folder.md") }
        #expect(folder?.code == .unreadable)
        #expect(folder?.message == "is a directory")

        let other = #expect(throws: SyncError.self) { try reader.read(path: try directory.write("x.pdf", "%PDF")) }
        #expect(other?.code == .unsupported)
    }

    @Test(
        "a file without read permission gives the system's reason",
        .enabled(if: geteuid() != 0, "root reads any file"))
    func permissionDenied() throws {
        let directory = try TemporaryDirectory()
        let path = try directory.write("secret.txt", "title\n\ntext")
        try FileManager.default.setAttributes([.posixPermissions: 0], ofItemAtPath: path)
        let error = #expect(throws: SyncError.self) { try reader.read(path: path) }
        #expect(error?.code == .unreadable)
        #expect(error?.message == "Permission denied")
        #expect(error?.location == path)
    }

    @Test(
        "empty and whitespace-only files are empty",
        arguments: [
            [UInt8](), Array(" \n\t\r\n ".utf8), [0xEF, 0xBB, 0xBF, 0x20, 0x0A], Array("\u{00A0}\u{3000}\n".utf8),
        ])
    func empty(bytes: [UInt8]) {
        for format in [DocumentFormat.text, .markdown, .html] {
            let error = #expect(throws: SyncError.self) { try reader.read(bytes: bytes, fileName: "e", format: format) }
            #expect(error?.code == .empty)
            #expect(error?.message == "empty file")
            #expect(error?.location == "e")
        }
    }

    @Test("HTML with nothing to extract")
    func noText() {
        let html = "<html><head><title>Only a title</title></head><body><nav><a href=/>Home</a></nav></body></html>"
        let error = #expect(throws: SyncError.self) { try reader.read(bytes: Array(html.utf8), fileName: "p.html", format: .html) }
        #expect(error?.code == .empty)
        #expect(error?.message == "no text after extraction")
    }

    @Test("binary content is refused with the NUL's offset")
    func binary() throws {
        let directory = try TemporaryDirectory()
        var bytes = Array(String(repeating: "x", count: 123).utf8)
        bytes += [0x00, 0x01, 0xFF, 0x00]
        let path = try directory.write("image.txt", bytes)
        let error = #expect(throws: SyncError.self) { try reader.read(path: path) }
        #expect(error?.code == .binary)
        #expect(error?.message == "binary content (NUL byte at offset 123)")
        #expect(error?.location == path)
    }

    @Test(
        "legacy-encoded HTML without a declared charset is refused, not guessed",
        arguments: [
            ("encoding/windows-1256-undeclared.html", 77), ("encoding/iso-8859-6-undeclared.html", 75),
        ])
    func undeclaredLegacyHTML(fixture: String, offset: Int) throws {
        let path = try Fixture.path(fixture)
        let error = #expect(throws: SyncError.self) { try reader.read(path: path) }
        #expect(error?.code == .undecodable)
        #expect(error?.message == "not valid UTF-8 (first bad byte at offset \(offset)) and no charset declared")
        #expect(error?.location == path)
    }

    @Test(
        "the same bytes with a declared charset decode to Arabic",
        arguments: [
            ("encoding/windows-1256-undeclared.html", "windows-1256"), ("encoding/iso-8859-6-undeclared.html", "ISO-8859-6"),
        ])
    func declaredLegacyHTML(fixture: String, charset: String) throws {
        let original = try Fixture.bytes(fixture)
        let meta = Array("<meta http-equiv=\"Content-Type\" content=\"text/html; charset=\(charset)\">".utf8)
        guard let head = original.firstIndex(of: UInt8(ascii: ">")) else { Issue.record("no tag"); return }
        let declared = Array(original[...head]) + meta + Array(original[(head + 1)...])
        let article = try reader.read(bytes: declared, fileName: "page.html", format: .html)
        #expect(article.title == charset)
        #expect(article.text.hasPrefix("أعلنت كتائب الشهيد عز الدين القسام الذراع العسكري لحركة /حماس/"))
        #expect(article.text.contains("وقالت الكتائب في بيان تبنت فيه الهجوم"))

        let xhtml = Array("<?xml version=\"1.0\" encoding=\"\(charset)\"?>\n".utf8) + original
        #expect(try reader.read(bytes: xhtml, fileName: "page.xhtml", format: .html).title == charset)

        let external = HTMLExtractor().extract(html: original, charset: charset)
        #expect(external.text.contains("أعلنت كتائب الشهيد"))
    }

    @Test("a windows-1256 text file is undecodable: plain text declares no charset")
    func legacyTextFile() throws {
        let error = #expect(throws: SyncError.self) { try reader.read(path: try Fixture.path("encoding/sample-arabic.cp1256.txt")) }
        #expect(error?.code == .undecodable)
        #expect(error?.message.hasSuffix("and no charset declared") == true)
    }
}
