@testable import Extract
@testable import Feeds
@testable import Folders
@testable import TextEncoding
import Foundation
import SyncModel
import Testing

@Suite("Feed parsing")
struct FeedParserTests {
    private func parse(_ text: String, contentType: String? = nil, baseURL: String? = nil) throws -> ParsedFeed {
        try FeedParser().parse(Array(text.utf8), contentType: contentType, baseURL: baseURL)
    }

    @Test("RSS 2.0 with content:encoded, dc:creator and atom:link")
    func rss2() throws {
        let feed = try parse(
            """
            <?xml version="1.0" encoding="utf-8"?>
            <rss version="2.0" xmlns:content="http://purl.org/rss/1.0/modules/content/"
                 xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:atom="http://www.w3.org/2005/Atom">
            <channel><title>أخبار</title><link>https://news.example/</link><language>ar</language>
              <atom:link rel="self" href="https://news.example/feed"/>
              <item><title>عنوان الخبر</title><link>/2024/1</link><guid isPermaLink="false">n-1</guid>
                <pubDate>Mon, 01 Jan 2024 10:00:00 +0300</pubDate><dc:creator>سارة</dc:creator>
                <description><![CDATA[<p>ملخص</p>]]></description>
                <content:encoded><![CDATA[<p>النص <b>الكامل</b></p><script>x()</script>]]></content:encoded></item>
            </channel></rss>
            """, baseURL: "https://news.example/feed")
        #expect(feed.title == "أخبار" && feed.link == "https://news.example/" && feed.language == "ar")
        #expect(!feed.bozo)
        let entry = try #require(feed.entries.first)
        #expect(entry.id == "n-1")
        #expect(entry.link == "https://news.example/2024/1")
        #expect(entry.published.map { Timestamp.rfc3339($0) } == "2024-01-01T07:00:00Z")
        #expect(entry.authors == ["سارة"])
        #expect(entry.summary == "<p>ملخص</p>")
        #expect(entry.contentText == "النص الكامل")
    }

    @Test("RSS 1.0 (RDF) with items beside the channel")
    func rss1() throws {
        let feed = try parse(
            """
            <rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#" xmlns="http://purl.org/rss/1.0/"
                     xmlns:dc="http://purl.org/dc/elements/1.1/">
              <channel rdf:about="http://x.example/"><title>RDF</title><link>http://x.example/</link></channel>
              <item rdf:about="http://x.example/1"><title>One</title><link>http://x.example/1</link>
                <dc:date>2003-12-31T10:14:55Z</dc:date></item>
            </rdf:RDF>
            """)
        #expect(feed.title == "RDF")
        #expect(feed.entries.count == 1)
        #expect(feed.entries[0].id == "http://x.example/1")
        #expect(feed.entries[0].updated.map { Timestamp.rfc3339($0) } == "2003-12-31T10:14:55Z")
    }

    @Test("Atom 1.0: xhtml content, alternate link, xml:base, author")
    func atom10() throws {
        let feed = try parse(
            """
            <feed xmlns="http://www.w3.org/2005/Atom" xml:base="http://a.example/blog/" xml:lang="en">
              <title type="text">Atom</title><link rel="self" href="feed.atom"/><link href="./"/>
              <entry><id>tag:a.example,2024:1</id><title type="html">A &amp;lt;b&amp;gt;</title>
                <link rel="alternate" href="posts/1"/><updated>2024-05-01T12:00:00+02:00</updated>
                <published>2024-05-01T11:00:00Z</published><author><name>Ann</name></author>
                <content type="xhtml"><div xmlns="http://www.w3.org/1999/xhtml"><p>Hi <a href="x">there</a></p></div></content>
              </entry>
            </feed>
            """)
        #expect(feed.link == "http://a.example/blog/")
        #expect(feed.language == "en")
        let entry = try #require(feed.entries.first)
        #expect(entry.title == "A &lt;b&gt;")
        #expect(entry.link == "http://a.example/blog/posts/1")
        #expect(entry.updated.map { Timestamp.rfc3339($0) } == "2024-05-01T10:00:00Z")
        #expect(entry.authors == ["Ann"])
        #expect(entry.content == "<p>Hi <a href=\"http://a.example/blog/x\">there</a></p>")
    }

    @Test("Atom 0.3: issued/modified and base64 content")
    func atom03() throws {
        let feed = try parse(
            """
            <feed version="0.3" xmlns="http://purl.org/atom/ns#"><title>Old</title>
              <entry><id>e</id><issued>2003-12-31T10:14:55Z</issued><modified>2004-01-01T00:00:00Z</modified>
                <content type="text/html" mode="base64">PGI+aGk8L2I+</content></entry></feed>
            """)
        #expect(feed.entries[0].content == "<b>hi</b>")
        #expect(feed.entries[0].published.map { Timestamp.rfc3339($0) } == "2003-12-31T10:14:55Z")
        #expect(feed.entries[0].updated.map { Timestamp.rfc3339($0) } == "2004-01-01T00:00:00Z")
    }

    @Test("JSON Feed 1.1")
    func jsonFeed() throws {
        let feed = try parse(
            """
            {"version": "https://jsonfeed.org/version/1.1", "title": "J", "home_page_url": "https://j.example/",
             "language": "ar", "authors": [{"name": "Feed Author"}],
             "items": [{"id": 7, "url": "/p/7", "title": "T", "content_html": "<p>x</p>",
                        "date_published": "2024-01-02T03:04:05Z"},
                       {"id": "8", "content_text": "plain", "authors": [{"name": "B"}]}]}
            """, baseURL: "https://j.example/feed.json")
        #expect(feed.title == "J" && feed.language == "ar")
        #expect(feed.entries.map(\.id) == ["7", "8"])
        #expect(feed.entries[0].link == "https://j.example/p/7")
        #expect(feed.entries[0].authors == ["Feed Author"])
        #expect(feed.entries[1].content == "plain" && feed.entries[1].authors == ["B"])
    }

    @Test("undeclared HTML entities and bare ampersands are repaired and flagged")
    func repairs() throws {
        let feed = try parse("<rss><channel><title>Caf&eacute; &nbsp;A & B &copy;</title></channel></rss>")
        #expect(feed.title == "Café \u{A0}A & B ©")
        #expect(feed.bozo)
        #expect(feed.bozoReason?.contains("entities") == true)
    }

    @Test("the Content-Type charset wins over the XML declaration")
    func charset() throws {
        var bytes = Array("<?xml version=\"1.0\" encoding=\"iso-8859-1\"?><rss><channel><title>".utf8)
        bytes += [0xC7, 0xE1, 0xCE, 0xC8, 0xD1]  // الخبر in windows-1256
        bytes += Array("</title></channel></rss>".utf8)
        let feed = try FeedParser().parse(bytes, contentType: "application/rss+xml; charset=windows-1256")
        #expect(feed.title == "الخبر")
        let declared = try FeedParser().parse(
            Array(
                String(decoding: bytes, as: UTF8.self)
                    .replacingOccurrences(of: "iso-8859-1", with: "windows-1256").utf8))
        #expect(declared.title != nil)
    }

    @Test("a recoverable XML error sets bozo; trailing garbage is dropped")
    func recovered() throws {
        let feed = try parse("<rss><channel><title>T</title><item><title>x</title></item></channel></rss> junk <<")
        #expect(feed.title == "T" && feed.entries.count == 1)
        #expect(feed.bozo)
    }

    @Test("external entities are never fetched or expanded")
    func externalEntities() throws {
        let feed = try parse(
            """
            <?xml version="1.0"?><!DOCTYPE rss [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>
            <rss><channel><title>a&xxe;b</title></channel></rss>
            """)
        #expect(feed.title?.contains("root:") != true)
    }

    @Test(
        "hopeless input is refused with a clear SyncError",
        arguments: [
            "", "just some text", "<html><body>page</body></html>", "[1, 2]", "{\"not\": \"a feed\"}",
        ])
    func refused(_ text: String) {
        #expect(throws: SyncError.self) { try parse(text) }
    }

    @Test("an entry's digest is a stable hash of its title and content")
    func digest() {
        #expect(ParsedEntry(id: "g", link: "l").identityGUID == "g" && ParsedEntry(link: " l ").identityLink == "l")
        let hashed = ParsedEntry(title: "t", content: "c").digest
        #expect(hashed == ParsedEntry(title: "t", content: "c").digest)
        #expect(hashed != ParsedEntry(title: "t", content: "d").digest)
        #expect(hashed.count == 16)
    }

    @Test("JSON encodes dates as RFC 3339 UTC and decodes them back")
    func codable() throws {
        let entry = ParsedEntry(id: "1", published: FeedDate.parse("2004-01-01T19:48:21Z"))
        let feed = ParsedFeed(title: "t", entries: [entry])
        let json = String(decoding: try JSONEncoder().encode(feed), as: UTF8.self)
        #expect(json.contains("\"published\":\"2004-01-01T19:48:21Z\""))
        #expect(try JSONDecoder().decode(ParsedFeed.self, from: Data(json.utf8)) == feed)
    }

    @Test("comments are dropped before parsing; CDATA keeps its own; an unterminated one is flagged")
    func comments() throws {
        let long =
            "<?xml version=\"1.0\"?><rss version=\"2.0\"><channel><title>T</title><!--" + String(repeating: "-", count: 200_000)
            + "--><item><title>A</title></item></channel></rss>"
        let feed = try FeedParser().parse(Array(long.utf8))
        #expect(feed.title == "T" && feed.entries.map(\.title) == ["A"])
        let cdata = "<rss version=\"2.0\"><channel><item><description><![CDATA[<p>a <!-- kept --> b</p>]]></description></item></channel></rss>"
        #expect(try FeedParser().parse(Array(cdata.utf8)).entries.first?.summary == "<p>a <!-- kept --> b</p>")
        let open = "<rss version=\"2.0\"><channel><title>T</title>" + String(repeating: "<!--", count: 50_000)
        let broken = try FeedParser().parse(Array(open.utf8))
        #expect(broken.bozo && broken.bozoReason?.contains("unterminated comment") == true)
    }
}
