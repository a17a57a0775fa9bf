@testable import Extract
@testable import Feeds
@testable import Folders
@testable import TextEncoding
import Foundation
import Testing

/// Undeclared legacy charsets, on chardet's and Miniflux's test files (real feeds and pages in
/// `../shared/testsuites`): the guess must decode each file exactly as its known charset does.
@Suite("Charset guessing")
struct CharsetGuessTests {
    static var testsuites: URL {
        FeedparserSuiteTests.suiteRoot.deletingLastPathComponent().deletingLastPathComponent()
    }

    static let folders: [(folder: String, charset: String)] = [
        ("windows-1256-arabic", "windows-1256"), ("iso-8859-6-arabic", "ISO-8859-6"),
        ("windows-1251-russian", "windows-1251"), ("windows-1251-bulgarian", "windows-1251"), ("KOI8-R", "KOI8-R"),
        ("IBM866", "IBM866"), ("iso-8859-7-greek", "ISO-8859-7"), ("windows-1255-hebrew", "windows-1255"),
        ("windows-1252", "windows-1252"), ("iso-8859-1", "windows-1252"),
    ]

    static func decode(_ bytes: [UInt8], _ charset: String) -> [UInt8]? {
        CharsetLabel(charset).flatMap { try? IconvConverter.convert(bytes, from: $0, replacingInvalid: true) }
    }

    @Test("every non-UTF-8 file of the chardet folders decodes as with its real charset", arguments: folders.map(\.folder))
    func chardet(folder: String) throws {
        let charset = Self.folders.first { $0.folder == folder }!.charset
        let directory = Self.testsuites.appendingPathComponent("chardet/tests/" + folder)
        let names = try FileManager.default.contentsOfDirectory(atPath: directory.path).sorted()
        var checked = 0
        for name in names {
            let bytes = [UInt8](try Data(contentsOf: directory.appendingPathComponent(name)))
            guard String(validating: bytes, as: UTF8.self) == nil else { continue }
            let guess = CharsetGuess.guess(bytes)
            #expect(guess.flatMap { Self.decode(bytes, $0) } == Self.decode(bytes, charset), "\(folder)/\(name): guessed \(guess ?? "nothing")")
            checked += 1
        }
        #expect(checked > 0)
    }

    @Test(
        "a Miniflux feed in windows-1251 or KOI8-R with its declaration removed still parses as Cyrillic",
        arguments: ["parser/testdata/encoding_WINDOWS-1251.xml", "xml/testdata/koi8r.xml"])
    func miniflux(path: String) throws {
        var bytes = [UInt8](try Data(contentsOf: Self.testsuites.appendingPathComponent("miniflux/internal/reader/" + path)))
        if let end = bytes.firstIndex(of: UInt8(ascii: ">")), bytes.starts(with: Array("<?xml".utf8)) { bytes.removeSubrange(0...end) }
        let feed = try FeedParser().parse(bytes)
        let text = (feed.title ?? "") + (feed.entries.first?.title ?? "") + (feed.entries.first?.summary ?? "")
        #expect(text.unicodeScalars.contains { (0x0410...0x044F).contains($0.value) }, "\(text.prefix(120))")
        #expect(!text.contains("\u{FFFD}"))
        #expect(feed.bozo, "a guessed charset is flagged")
    }

    @Test("plain Latin-1 is windows-1252; too little or binary input is no guess")
    func latin() {
        #expect(
            CharsetGuess.guess(Array("Caf\u{E9} cr\u{E8}me br\u{FB}l\u{E9}e, d\u{E9}j\u{E0} vu".unicodeScalars.map { UInt8($0.value) }))
                == "windows-1252")
        #expect(CharsetGuess.guess([]) == nil)
        #expect(CharsetGuess.guess([0, 1, 2, 3, 0xFF, 0xFE, 0, 0, 0x80, 0x81]) == nil)
    }
}
