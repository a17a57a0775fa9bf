import Foundation
@testable import Feeds
import SyncModel
import Testing

@Suite("Feed authors, links, dates and entry metadata")
struct FeedMetadataTests {
    func parse(_ xml: String) throws -> ParsedFeed {
        try FeedParser().parse(Array(xml.utf8), baseURL: "http://example.com/feed.xml")
    }

    @Test(
        "an RSS author 'email (Name)' or 'Name <email>' is split into name and email",
        arguments: [
            ("me@example.com (Jane Doe)", "Jane Doe", "me@example.com"),
            ("Jane Doe (me@example.com)", "Jane Doe", "me@example.com"),
            ("Jane Doe <me@example.com>", "Jane Doe", "me@example.com"),
            ("mailto:me@example.com", nil, "me@example.com"),
            ("me@example.com", nil, "me@example.com"),
            ("Jane Doe", "Jane Doe", nil),
            ("فلان الفلاني", "فلان الفلاني", nil),
        ] as [(String, String?, String?)])
    func splitAuthor(_ text: String, _ name: String?, _ email: String?) {
        #expect(FeedPerson(text: text) == FeedPerson(name: name, email: email))
    }

    @Test("RSS item authors keep their text and gain details; the metadata has the names")
    func rssAuthors() throws {
        let feed = try parse(
            """
            <rss version="2.0"><channel><title>T</title><language>ar</language>
            <item><title>a</title><link>http://example.com/a</link><author>me@example.com (Jane Doe)</author>
            <dc:creator xmlns:dc="http://purl.org/dc/elements/1.1/">John Roe &lt;john@example.com&gt;</dc:creator>
            <pubDate>Thu, 01 Jan 2004 19:48:21 GMT</pubDate></item></channel></rss>
            """)
        let entry = try #require(feed.entries.first)
        #expect(entry.authors == ["me@example.com (Jane Doe)", "John Roe <john@example.com>"])
        #expect(
            entry.authorDetails == [
                FeedPerson(name: "Jane Doe", email: "me@example.com"),
                FeedPerson(name: "John Roe", email: "john@example.com"),
            ])
        let metadata = entry.metadata(language: feed.language)
        #expect(
            metadata
                == ArticleMetadata(
                    canonicalURL: "http://example.com/a", language: "ar", authors: ["Jane Doe", "John Roe"],
                    published: FeedDate.parse("2004-01-01T19:48:21Z")))
    }

    @Test(
        "a channel's atom:link rel=alternate is its link, rel=self is not, under either namespace spelling",
        arguments: ["http://www.w3.org/2005/Atom", "https://www.w3.org/2005/Atom"])
    func channelAtomLink(_ namespace: String) throws {
        let alternate = try parse(
            """
            <rss version="2.0" xmlns:atom="\(namespace)"><channel><title>T</title>
            <atom:link rel="self" href="http://example.com/feed.xml" type="application/rss+xml"/>
            <atom:link rel=" Alternate " href="/home" type="text/html"/>
            <item><title>a</title></item></channel></rss>
            """)
        #expect(alternate.link == "http://example.com/home")
        let selfOnly = try parse(
            """
            <rss version="2.0" xmlns:atom="\(namespace)"><channel><title>T</title>
            <atom:link rel="self" href="http://example.com/feed.xml"/><item><title>a</title></item></channel></rss>
            """)
        #expect(selfOnly.link == nil)
    }

    @Test("Atom 0.3 modified is the updated time of the feed and of its entries")
    func atom03Modified() throws {
        let feed = try parse(
            """
            <feed version="0.3" xmlns="http://purl.org/atom/ns#"><title>T</title>
            <modified>2004-01-01T19:48:21Z</modified>
            <entry><title>a</title><issued>2003-12-31T10:00:00Z</issued><modified>Thu, 01 Jan 2004 19:48:21 GMT</modified>
            <author><name>Example author</name><email>me@example.com</email><homepage>http://example.com/</homepage></author>
            </entry></feed>
            """)
        #expect(feed.updated == FeedDate.parse("2004-01-01T19:48:21Z"))
        let entry = try #require(feed.entries.first)
        #expect(entry.updated == FeedDate.parse("2004-01-01T19:48:21Z"))
        #expect(entry.authors == ["Example author (me@example.com)"])
        #expect(entry.authorDetails == [FeedPerson(name: "Example author", email: "me@example.com", url: "http://example.com/")])
        let metadata = entry.metadata(language: nil)
        #expect(metadata.authors == ["Example author"])
        #expect(metadata.published == FeedDate.parse("2003-12-31T10:00:00Z") && metadata.modified == entry.updated)
        let json = String(decoding: try JSONEncoder().encode(feed), as: UTF8.self)
        #expect(json.contains("\"updated\":\"2004-01-01T19:48:21Z\""))
        #expect(try JSONDecoder().decode(ParsedFeed.self, from: Data(json.utf8)) == feed)
    }

    @Test("JSON Feed authors become details with name and url")
    func jsonFeedAuthors() throws {
        let feed = try FeedParser().parse(
            Array(
                """
                {"version": "https://jsonfeed.org/version/1.1", "language": "en", "authors": [{"name": "Ann", "url": "https://ann.example"}],
                 "items": [{"id": "1", "url": "https://example.com/1", "content_text": "x", "date_published": "2020-02-02T00:00:00Z"}]}
                """.utf8))
        let entry = try #require(feed.entries.first)
        #expect(entry.authors == ["Ann"])
        #expect(entry.authorDetails == [FeedPerson(name: "Ann", url: "https://ann.example")])
        #expect(entry.metadata(language: feed.language).canonicalURL == "https://example.com/1")
        #expect(entry.metadata(language: feed.language).language == "en")
    }
}
