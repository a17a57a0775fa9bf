@testable import Extract
@testable import Feeds
import Foundation
import Testing

/// Links made absolute as RFC 3986 §5.2 says, with percent-escapes kept exactly as written and
/// non-ASCII (Arabic) paths, queries and fragments percent-encoded as UTF-8.
@Suite("relative URI resolution")
struct RelativeURIResolverTests {
    static let base = "http://news.example/a/b/feed.xml?x=1#top"

    @Test(
        "references resolve with their escapes kept exactly",
        arguments: [
            // ASCII references.
            ("item?q=a%26b", "http://news.example/a/b/item?q=a%26b"),
            ("../c%2Fd/e", "http://news.example/a/c%2Fd/e"),
            ("/p%2Fq?r=s%3Dt%26u#f%23g", "http://news.example/p%2Fq?r=s%3Dt%26u#f%23g"),
            ("./x/../y?q=%2541", "http://news.example/a/b/y?q=%2541"),
            ("#frag", "http://news.example/a/b/feed.xml?x=1#frag"),
            ("?q=a%26b", "http://news.example/a/b/feed.xml?q=a%26b"),
            ("https://other.example/z?q=a%26b#c", "https://other.example/z?q=a%26b#c"),
            // Non-ASCII references: the characters percent-encoded (UTF-8), the escapes beside them kept.
            ("مقال?q=a%26b", "http://news.example/a/b/%D9%85%D9%82%D8%A7%D9%84?q=a%26b"),
            (
                "../أخبار/سوريا?q=حمص%26حماة",
                "http://news.example/a/%D8%A3%D8%AE%D8%A8%D8%A7%D8%B1/%D8%B3%D9%88%D8%B1%D9%8A%D8%A7?q=%D8%AD%D9%85%D8%B5%26%D8%AD%D9%85%D8%A7%D8%A9"
            ),
            ("../../أخبار%2Fعاجل/../خبر", "http://news.example/%D8%AE%D8%A8%D8%B1"),
            (
                "/قسم/مقال%20جديد#فقرة",
                "http://news.example/%D9%82%D8%B3%D9%85/%D9%85%D9%82%D8%A7%D9%84%20%D8%AC%D8%AF%D9%8A%D8%AF#%D9%81%D9%82%D8%B1%D8%A9"
            ),
            ("#فقرة%26ثانية", "http://news.example/a/b/feed.xml?x=1#%D9%81%D9%82%D8%B1%D8%A9%26%D8%AB%D8%A7%D9%86%D9%8A%D8%A9"),
            ("?بحث=a%26b", "http://news.example/a/b/feed.xml?%D8%A8%D8%AD%D8%AB=a%26b"),
            ("https://ar.example/مقال?q=a%26b&r=%2F#ج", "https://ar.example/%D9%85%D9%82%D8%A7%D9%84?q=a%26b&r=%2F#%D8%AC"),
            ("%D8%AE%D8%A8%D8%B1/مقال", "http://news.example/a/b/%D8%AE%D8%A8%D8%B1/%D9%85%D9%82%D8%A7%D9%84"),
            // Other characters a URI cannot hold (a space, a lone %) are encoded the same way.
            ("مقال 1?q=50%&r=a%26b", "http://news.example/a/b/%D9%85%D9%82%D8%A7%D9%84%201?q=50%25&r=a%26b"),
        ])
    func resolves(reference: String, expected: String) {
        #expect(RelativeURIResolver.resolve(reference, against: Self.base) == expected)
    }

    @Test("a non-ASCII base with escapes of its own")
    func nonASCIIBase() {
        let base = "https://ar.example/أخبار/عاجل%2Fاليوم/feed?q=a%26b"
        #expect(
            RelativeURIResolver.resolve("خبر?x=%26", against: base)
                == "https://ar.example/%D8%A3%D8%AE%D8%A8%D8%A7%D8%B1/%D8%B9%D8%A7%D8%AC%D9%84%2F%D8%A7%D9%84%D9%8A%D9%88%D9%85"
                + "/%D8%AE%D8%A8%D8%B1?x=%26"
        )
        #expect(
            RelativeURIResolver.resolve("#ب", against: base)
                == "https://ar.example/%D8%A3%D8%AE%D8%A8%D8%A7%D8%B1/%D8%B9%D8%A7%D8%AC%D9%84%2F%D8%A7%D9%84%D9%8A%D9%88%D9%85/feed?q=a%26b#%D8%A8")
        #expect(RelativeURIResolver.resolve("../x%2Fy", against: base) == "https://ar.example/%D8%A3%D8%AE%D8%A8%D8%A7%D8%B1/x%2Fy")
    }

    @Test("without a base the reference stays as it is")
    func noBase() {
        #expect(RelativeURIResolver.resolve("مقال?q=a%26b", against: nil) == "مقال?q=a%26b")
        #expect(RelativeURIResolver.resolve("a%26b", against: "") == "a%26b")
    }

    @Test("attributes in entry HTML resolve the same way")
    func attributes() {
        let html = #"<a href="../مقال?q=a%26b">x</a> <img src='صورة%2F1.png'>"#
        #expect(
            RelativeURIResolver.resolveAttributes(in: html, against: Self.base)
                == #"<a href="http://news.example/a/%D9%85%D9%82%D8%A7%D9%84?q=a%26b">x</a> "#
                + #"<img src='http://news.example/a/b/%D8%B5%D9%88%D8%B1%D8%A9%2F1.png'>"#
        )
    }

    @Test("JSON Feed links use the same resolver")
    func jsonFeed() throws {
        let feed = try FeedParser().parse(
            Array(
                """
                {"version": "https://jsonfeed.org/version/1.1", "title": "J", "home_page_url": "../أخبار/",
                 "items": [{"id": "1", "url": "مقال?بحث=a%26b#ف", "content_text": "x"},
                           {"id": "2", "url": "../x%2Fy?q=a%26b", "content_text": "y"}]}
                """.utf8), contentType: "application/feed+json", baseURL: "https://j.example/a/feed.json")
        #expect(feed.link == "https://j.example/%D8%A3%D8%AE%D8%A8%D8%A7%D8%B1/")
        #expect(
            feed.entries.map(\.link) == [
                "https://j.example/a/%D9%85%D9%82%D8%A7%D9%84?%D8%A8%D8%AD%D8%AB=a%26b#%D9%81", "https://j.example/x%2Fy?q=a%26b",
            ])
    }
}
