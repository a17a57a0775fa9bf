import Foundation
import SyncConfig
import SyncModel
import Testing
@testable import Feeds

/// OPML read with libxml2 (outline lines, categories), planned into sources, and written back.
@Suite("OPML")
struct OPMLTests {
    static let opml = """
        <?xml version="1.0" encoding="UTF-8"?>
        <opml version="1.0">
          <head><title>قائمتي</title></head>
          <body>
            <outline text="أخبار">
              <outline title="عربي" text="ignored: title wins">
                <outline type="rss" text="الجزيرة" xmlUrl="https://www.aljazeera.net/rss"/>
                <outline type="rss" text="BBC &amp; co" XMLURL=" https://feeds.bbci.co.uk/arabic/rss.xml "
                  category="/world/مختارات,/أخبار"/>
              </outline>
            </outline>
            <outline text="empty category"/>
            <outline type="link" text="a page" url="https://example.org/"/>
            <outline type="rss" text="no url"/>
            <outline text="blank" xmlUrl=""/>
          </body>
        </opml>
        """

    static func parse(_ text: String) throws -> OPMLDocument {
        try OPMLDocument.parse(Array(text.utf8), file: "feeds.opml")
    }

    @Test("feed outlines with their lines, nested categories then the category attribute, attribute names in any case")
    func parsing() throws {
        let document = try Self.parse(Self.opml)
        #expect(document.title == "قائمتي")
        // libxml2 numbers an element by the line its start tag ends on.
        #expect(document.outlines.map(\.line) == [7, 9, 14, 15])
        #expect(document.outlines.map(\.xmlURL) == ["https://www.aljazeera.net/rss", "https://feeds.bbci.co.uk/arabic/rss.xml", nil, ""])
        #expect(document.outlines.map(\.categories) == [["أخبار", "عربي"], ["أخبار", "عربي", "world", "مختارات"], [], []])
        #expect(document.outlines[1].label == "BBC & co")
    }

    @Test("XML that is not well-formed is refused at its line; so is a document that is not OPML")
    func malformed() {
        let broken = #expect(throws: SyncError.self) {
            try Self.parse("<opml version=\"2.0\"><body>\n<outline text=\"a & b\" xmlUrl=\"https://x.org/\"/>\n</body></opml>")
        }
        #expect(broken?.code == .invalidInput && broken?.location == "feeds.opml:2", "\(String(describing: broken))")
        #expect(broken?.message.hasPrefix("not well-formed XML") == true)
        let html = #expect(throws: SyncError.self) { try Self.parse("<html><body/></html>") }
        #expect(html?.message == "not OPML: the root element is <html>, not <opml>")
        let bodyless = #expect(throws: SyncError.self) { try Self.parse("<opml><head/></opml>") }
        #expect(bodyless?.message == "not OPML: <opml> has no <body>")
    }

    static func config() throws -> SyncdConfig {
        try SyncdConfig.parse(
            """
            [[source]]
            name = "seeds"
            type = "feed"
            url = "https://example.org/seeds.xml"

            [[source]]
            name = "aljzyrt"
            type = "feed"
            url = "https://example.org/taken-name.xml"
            enabled = false
            """, path: "/etc/syncd/syncd.toml")
    }

    @Test("names from titles (numbered around taken ones), duplicates skipped, every error at its line")
    func importPlan() throws {
        let document = try Self.parse(
            """
            <opml version="2.0"><body>
            <outline text="الجزيرة" xmlUrl="https://www.aljazeera.net/rss"/>
            <outline text="الجزيرة" xmlUrl="https://www.aljazeera.net/rss/sport"/>
            <outline text="again" xmlUrl="HTTPS://WWW.ALJAZEERA.NET:443/rss#top"/>
            <outline text="seeds mirror" xmlUrl="https://example.org/seeds.xml"/>
            <outline text="seeds" xmlUrl="https://example.org/other.xml"/>
            <outline text="mine" xmlUrl="https://example.org/a.xml"/>
            <outline text="mine" xmlUrl="https://example.org/b.xml"/>
            <outline text="ftp" xmlUrl="ftp://example.org/feed"/>
            <outline text="spaces" xmlUrl="https://example.org/a feed"/>
            <outline text="bad host" xmlUrl="http://[nope/feed"/>
            <outline type="atom" text="no url"/>
            <outline text="aljzyrt-2" xmlUrl="https://example.org/c.xml"/>
            </body></opml>
            """)
        let plan = OPMLImport(document, into: try Self.config())
        #expect(plan.additions.map(\.draft.name) == ["aljzyrt-3", "aljzyrt-4", "mine", "aljzyrt-2"])
        #expect(plan.additions.map(\.line) == [2, 3, 7, 13])
        #expect(plan.additions.first?.draft.note == "الجزيرة" && plan.additions[2].draft.note == nil)
        #expect(
            plan.skipped.map(\.description) == [
                "line 4: outline \"again\": HTTPS://WWW.ALJAZEERA.NET:443/rss#top is the same feed as \"aljzyrt-3\" at line 2",
                "line 5: outline \"seeds mirror\": https://example.org/seeds.xml is already configured as source \"seeds\" (line 1)",
            ])
        #expect(
            plan.errors.map(\.description) == [
                "line 6: outline \"seeds\": name \"seeds\" is taken by the configured source at line 1 of /etc/syncd/syncd.toml",
                "line 8: outline \"mine\": name \"mine\" is taken by the outline at line 7",
                "line 9: outline \"ftp\": xmlUrl \"ftp://example.org/feed\" must start with http:// or https://",
                "line 10: outline \"spaces\": xmlUrl \"https://example.org/a feed\" has no host or contains spaces or control characters",
                "line 11: outline \"bad host\": xmlUrl \"http://[nope/feed\" is not a valid URL",
                "line 12: outline \"no url\": no xmlUrl (a feed outline needs the feed's address)",
            ])
    }

    @Test("written as OPML 2.0 and read back: the same names, URLs and categories, whatever characters they hold")
    func writeAndReadBack() throws {
        let outlines = [
            OPMLDocument.Outline(text: "a", title: "a", xmlURL: "https://example.org/a?x=1&y=<2>", categories: ["أخبار", "a, b / c", "\"q\""]),
            OPMLDocument.Outline(text: "d", title: "d", xmlURL: "https://example.org/d", categories: ["أخبار", "a, b / c", "\"q\""]),
            OPMLDocument.Outline(text: "c", title: "c", xmlURL: "https://example.org/c", categories: ["أخبار"]),
            OPMLDocument.Outline(text: "b", title: "b", xmlURL: "https://example.org/b", categories: []),
            OPMLDocument.Outline(text: "e", title: "e", xmlURL: "https://example.org/e", categories: ["أخبار"]),
        ]
        let xml = OPMLDocument(title: "syncd & co", outlines: outlines).xml(created: Date(timeIntervalSince1970: 0))
        let text = String(decoding: xml, as: UTF8.self)
        #expect(text.contains("<opml version=\"2.0\">") && text.contains("<dateCreated>Thu, 01 Jan 1970 00:00:00 GMT</dateCreated>"))
        #expect(text.contains("أخبار"), "non-ASCII is written as UTF-8, not as character references")
        #expect(text.components(separatedBy: "<outline text=\"أخبار\"").count == 3, "a run of outlines shares its categories; e comes after b")
        let read = try OPMLDocument.parse(xml, file: "export.opml")
        #expect(read.title == "syncd & co")
        #expect(read.outlines.map(\.xmlURL) == outlines.map(\.xmlURL))
        #expect(read.outlines.map(\.text) == outlines.map(\.text) && read.outlines.map(\.title) == outlines.map(\.title))
        #expect(read.outlines.map(\.categories) == outlines.map(\.categories))
    }
}
