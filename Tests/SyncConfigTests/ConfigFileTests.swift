import Foundation
import SyncModel
import Testing
@testable import SyncConfig

/// Editing the configuration file as text: what is appended reads back as written, what was
/// there stays byte for byte, and a refused or failed edit leaves the file alone.
@Suite("ConfigFile: appending sources as text")
final class ConfigFileTests {
    let dir: TemporaryDirectory
    var file: String { dir.configPath }

    /// CRLF line ends, a BOM-less UTF-8 comment in Arabic, a key the edit never touches, no final line break.
    static let original =
        "# إعدادات syncd\r\n[store]\r\npath = \"state/store.db\"   # beside this file\r\n\r\n[feeds]\r\ninterval = \"20m\"\r\n\r\n"
        + "[[source]]\r\nname = \"seeds\"\r\ntype = \"folder\"\r\npath = \"seeds\"  # the last line has no line break"

    init() throws {
        dir = try TemporaryDirectory()
        try dir.makeFolder("seeds")
        try Data(Self.original.utf8).write(to: URL(fileURLWithPath: dir.configPath))
    }

    deinit {
        dir.remove()
    }

    func bytes() throws -> [UInt8] { [UInt8](try Data(contentsOf: URL(fileURLWithPath: file))) }

    @Test(arguments: [
        "plain", "with \"quotes\" and \\backslashes\\", "tab\tnew\nline\rcarriage", "bell \u{07} escape \u{1B} delete \u{7F} nul \u{00}",
        "عربي مع تشكيل: مُحَمَّد", "emoji 📰 and U+2028 \u{2028}", "'single' and \"\"\" triple",
    ])
    func quotedStringsReadBackAsWritten(text: String) throws {
        let table = try TOMLParser.parse("key = \(TOMLText.quoted(text))\nlist = \(TOMLText.array([text, "b"]))\n")
        #expect(table["key"]?.string == text)
        #expect(table["list"]?.array?.compactMap(\.string) == [text, "b"])
        #expect(TOMLText.quoted("عربي") == "\"عربي\"", "non-ASCII stays UTF-8")
    }

    @Test func aCommentCannotSpillOntoTheNextLine() throws {
        let comment = TOMLText.comment("title\n[[source]]\rname = \"x\"\u{2028}")
        #expect(!comment.contains("\n") && !comment.contains("\r"))
        #expect(try TOMLParser.parse(comment + "\nkey = 1\n").keys == ["key"])
    }

    @Test func appendedSourcesAreReadWithTheirTagsAndTheRestStaysByteForByte() throws {
        let drafts = [
            SourceDraft(
                name: "aljazeera", origin: .feed(url: "https://www.aljazeera.net/rss", interval: nil), tags: ["أخبار", "say \"hi\""],
                note: "الجزيرة"),
            SourceDraft(name: "bbc", origin: .feed(url: "https://feeds.bbci.co.uk/arabic/rss.xml", interval: "15m")),
        ]
        let config = try ConfigFile.append(SourceDraft.block(drafts, addedBy: "syncctl sources import a.opml", at: 0), to: file)
        let feeds = config.sources.filter { $0.kind == .feed }
        #expect(feeds.map(\.name) == ["aljazeera", "bbc"])
        #expect(feeds.map(\.tags) == [["أخبار", "say \"hi\""], []])
        #expect(feeds.last?.feed?.interval == 900 && feeds.first?.feed?.interval == 1200, "[feeds] still applies")
        let text = String(decoding: try bytes(), as: UTF8.self)
        #expect(text.hasPrefix(Self.original + "\n\n# Added by syncctl sources import a.opml on 1970-01-01T00:00:00Z\n# الجزيرة\n[[source]]\n"))
        #expect(try SyncdConfig.load(path: file) == config)
    }

    @Test func anInvalidResultIsRefusedAndTheFileIsUntouched() throws {
        let before = try bytes()
        let inode = try FileManager.default.attributesOfItem(atPath: file)[.systemFileNumber] as? Int
        let draft = SourceDraft(name: "seeds", origin: .feed(url: "https://example.org/feed", interval: nil))
        let error = #expect(throws: SyncError.self) { try ConfigFile.append(draft.toml, to: self.file) }
        #expect(error?.code == .invalidConfig)
        #expect(error?.message.contains("duplicate source name \"seeds\"") == true && error?.message.contains("the file is unchanged") == true)
        #expect(error?.location == "\(file):14", "the line of the offending key in the would-be file")
        #expect(try bytes() == before)
        #expect(try FileManager.default.attributesOfItem(atPath: file)[.systemFileNumber] as? Int == inode, "not even rewritten")
        #expect(try FileManager.default.contentsOfDirectory(atPath: dir.path).sorted() == ["seeds", "syncd.toml"], "no temporary file left")
    }

    @Test func aDryRunChecksAndWritesNothing() throws {
        let before = try bytes()
        let draft = SourceDraft(name: "news", origin: .feed(url: "https://example.org/feed", interval: nil), tags: ["x"])
        let config = try ConfigFile.append(draft.toml, to: file, dryRun: true)
        #expect(config.sources.last?.name == "news" && config.sources.last?.tags == ["x"])
        #expect(try bytes() == before)
    }

    @Test func theFileKeepsItsModeAndALinkKeepsPointingAtIt() throws {
        let target = try dir.makeFolder("etc") + "/real.toml"
        try FileManager.default.moveItem(atPath: file, toPath: target)
        try FileManager.default.createSymbolicLink(atPath: file, withDestinationPath: target)
        chmod(target, 0o640)
        let draft = SourceDraft(name: "news", origin: .feed(url: "https://example.org/feed", interval: nil))
        try ConfigFile.append(draft.toml, to: file)
        #expect(try FileManager.default.destinationOfSymbolicLink(atPath: file) == target)
        #expect((try FileManager.default.attributesOfItem(atPath: target)[.posixPermissions] as? Int) == 0o640)
        // Relative paths still resolve against the link's folder, as `load` reads them.
        #expect(try SyncdConfig.load(path: file).sources.map(\.name) == ["seeds", "news"])
    }

    @Test func aFileThatCannotBeWrittenIsReportedAndLeftAlone() throws {
        // The temporary file's name (".NAME.XXXXXX") is over the 255-byte limit even for root.
        let long = dir.path + "/" + String(repeating: "c", count: 250) + ".toml"
        try FileManager.default.copyItem(atPath: file, toPath: long)
        let draft = SourceDraft(name: "news", origin: .feed(url: "https://example.org/feed", interval: nil))
        let error = #expect(throws: SyncError.self) { try ConfigFile.append(draft.toml, to: long) }
        #expect(error?.code == .unwritable && error?.message.contains("cannot create a temporary file") == true, "\(String(describing: error))")
        #expect([UInt8](try Data(contentsOf: URL(fileURLWithPath: long))) == Array(Self.original.utf8))
    }

    @Test func tagsAreReadForEveryKindOfSource() throws {
        let config = try SyncdConfig.parse(
            """
            [[source]]
            name = "seeds"
            type = "folder"
            path = "seeds"
            tags = ["archive", "عربي"]

            [[source]]
            name = "news"
            type = "feed"
            url = "https://example.org/feed"
            tags = []

            [[source]]
            name = "off"
            type = "feed"
            url = "https://example.org/off"
            tags = ["old"]
            enabled = false
            """, path: file)
        #expect(config.sources.map(\.tags) == [["archive", "عربي"], []])
        #expect(config.disabledSources.map(\.name) == ["off"] && config.disabledSources.first?.tags == ["old"])
    }

    @Test(arguments: [
        ("news", "news"), ("الجزيرة - أخبار", "aljzyrt-akhbar"), ("Le Monde — À la une", "Le-Monde-A-la-une"), ("  BBC \"Arabic\" ", "BBC-Arabic"),
        ("C++ & Swift!", "C-Swift"), (String(repeating: "long title ", count: 10), String(String(repeating: "long-title-", count: 6).prefix(56))),
    ])
    func namesFromTitles(title: String, name: String) {
        #expect(Names.derived(from: title) == name)
        #expect(Names.isValid(name))
    }

    @Test func namesAreNumberedUntilFree() {
        #expect(Names.derived(from: "★ ☆ !") == nil)
        let taken: Set<String> = ["news", "news-2"]
        #expect(Names.unique("news", isTaken: taken.contains) == "news-3")
        #expect(Names.unique("free", isTaken: taken.contains) == "free")
        let long = String(repeating: "a", count: 64)
        let numbered = Names.unique(long) { $0 == long }
        #expect(numbered == String(repeating: "a", count: 62) + "-2" && Names.isValid(numbered))
    }
}
