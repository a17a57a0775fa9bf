@testable import Extract
@testable import Feeds
import Foundation
import Testing

/// What discovery reads from a page and from a feed: the advertised feeds and the format.
@Suite("Feed links and formats")
struct FeedLinkTests {
    @Test("<link rel=alternate> of the feed types, in document order, with the page's <base href>")
    func advertisedFeeds() {
        let html = """
            <!DOCTYPE html><html lang="ar"><head><meta charset="windows-1256"><base href="/ar/">
            <link rel="stylesheet" href="site.css"><link rel="alternate stylesheet" type="text/css" href="dark.css">
            <link rel="alternate" hreflang="en" href="/en/">
            <link rel="Alternate" type="application/rss+xml; charset=utf-8" title="\u{627}\u{644}\u{623}\u{62E}\u{628}\u{627}\u{631}" href="rss.xml">
            <link rel="alternate" type="application/atom+xml" href="https://example.org/atom">
            <link rel="alternate" type="application/feed+json" href="feed.json"><link rel="alternate" type="application/json" href="/api.json">
            <link rel="alternate" type="application/rss+xml" href="">
            </head><body><p>text</p><link rel="alternate" type="application/rss+xml" href="/late.xml"></body></html>
            """
        let found = HTMLExtractor().feedLinks(html: Array(html.utf8), charset: "utf-8")
        #expect(found.base == "/ar/")
        #expect(found.links.map(\.href) == ["rss.xml", "https://example.org/atom", "feed.json", "/api.json", "/late.xml"])
        #expect(
            found.links.map(\.type) == [
                "application/rss+xml", "application/atom+xml", "application/feed+json", "application/json", "application/rss+xml",
            ])
        #expect(found.links.first?.title == "الأخبار")
        #expect(HTMLExtractor().feedLinks(html: Array("<p>no head</p>".utf8), charset: nil) == PageFeedLinks(base: nil, links: []))
    }

    @Test(arguments: [
        (#"<rss version="2.0"><channel><title>t</title></channel></rss>"#, "RSS 2.0"),
        (#"<rss version="0.91"><channel><title>t</title></channel></rss>"#, "RSS 0.91"),
        (#"<rss><channel><title>t</title></channel></rss>"#, "RSS"),
        (
            #"<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#" xmlns="http://purl.org/rss/1.0/">"#
                + "<channel><title>t</title></channel></rdf:RDF>",
            "RSS 1.0"
        ),
        (
            #"<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#" xmlns="http://my.netscape.com/rdf/simple/0.9/">"#
                + "<channel><title>t</title></channel></rdf:RDF>",
            "RSS 0.90"
        ),
        (#"<feed xmlns="http://www.w3.org/2005/Atom"><title>t</title></feed>"#, "Atom 1.0"),
        (#"<feed version="0.3" xmlns="http://purl.org/atom/ns#"><title>t</title></feed>"#, "Atom 0.3"),
        (#"{"version": "https://jsonfeed.org/version/1.1", "title": "t", "items": []}"#, "JSON Feed 1.1"),
        (#"{"version": "https://jsonfeed.org/version/1", "title": "t", "items": []}"#, "JSON Feed 1"),
        (#"{"title": "t", "items": []}"#, "JSON Feed"),
    ])
    func formats(document: String, format: String) throws {
        let feed = try FeedParser().parse(Array(document.utf8))
        #expect(feed.format == format)
        #expect(try JSONDecoder().decode(ParsedFeed.self, from: JSONEncoder().encode(feed)).format == format)
    }
}
