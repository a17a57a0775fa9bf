@testable import Extract
import Foundation
import SyncModel
import Testing

@Suite("HTML article metadata")
struct HTMLMetadataTests {
    func extract(_ html: String) -> Article {
        HTMLExtractor().extract(html: Array(html.utf8), charset: nil)
    }

    func date(_ text: String) -> Date? { Timestamp.parseRFC3339(text).map(Date.init(timeIntervalSince1970:)) }

    static var body: String { HTMLExtractorTests.body }
    static var text: String { HTMLExtractorTests.paragraphs.joined(separator: "\n\n") }

    @Test("meta tags, link rel=canonical and <html lang dir>")
    func metaTags() {
        let article = extract(
            """
            <html lang="ar" dir="rtl"><head><title>t</title>
            <link rel="canonical" href="https://example.com/a/1">
            <meta property="og:url" content="https://example.com/og">
            <meta name="author" content="Jane Doe"><meta name="author" content="John Roe">
            <meta property="article:published_time" content="2024-03-01T10:20:30+02:00">
            <meta property="article:modified_time" content="2024-03-02T00:00:00Z">
            <meta property="og:site_name" content="Example News">
            <meta name="description" content="Plain description"><meta property="og:description" content="OG description">
            </head><body><article>\(Self.body)</article></body></html>
            """)
        #expect(article.text == Self.text)
        #expect(
            article.metadata
                == ArticleMetadata(
                    canonicalURL: "https://example.com/a/1", language: "ar", direction: "rtl", authors: ["Jane Doe", "John Roe"],
                    published: date("2024-03-01T08:20:30Z"), modified: date("2024-03-02T00:00:00Z"), siteName: "Example News",
                    description: "OG description"))
    }

    @Test("JSON-LD NewsArticle in @graph: authors, dates, publisher by @id, description")
    func jsonLD() {
        let article = extract(
            """
            <html><head><script type="application/ld+json">
            {"@context": "https://schema.org", "@graph": [
              {"@type": "Organization", "@id": "#org", "name": "Daily &amp; Co"},
              {"@type": ["NewsArticle"], "headline": "h", "datePublished": "2023-05-06T07:08:09Z",
               "dateModified": "2023-05-07", "publisher": {"@id": "#org"}, "description": "LD description",
               "author": [{"@type": "Person", "name": "A. Writer"}, {"@type": "Person", "name": ["B. Writer"]}, "https://x/y"]}
            ]}
            </script><meta name="author" content="Meta Author"></head>
            <body><article>\(Self.body)</article></body></html>
            """)
        #expect(article.text == Self.text)
        #expect(article.metadata.authors == ["A. Writer", "B. Writer"])
        #expect(article.metadata.published == date("2023-05-06T07:08:09Z"))
        #expect(article.metadata.modified == date("2023-05-07T00:00:00Z"))
        #expect(article.metadata.siteName == "Daily & Co")
        #expect(article.metadata.description == "LD description")
    }

    @Test("broken or unrelated JSON-LD is ignored")
    func brokenJSONLD() {
        let article = extract(
            """
            <html><head><script type="application/ld+json">{"@type": "NewsArticle", "author": </script>
            <script type="application/ld+json">{"@type": "WebSite", "name": "Not an article"}</script>
            <script>var author = {"name": "script"};</script></head>
            <body><article>\(Self.body)</article></body></html>
            """)
        #expect(article.metadata.isEmpty)
        #expect(article.text == Self.text)
    }

    @Test("a byline element gives the author, its itemprop=name first; <time> gives the date")
    func byline() {
        let article = extract(
            """
            <html><body><div id="authorization">Sign in</div><article>
            <p class="byline">By <span itemprop="author"><span itemprop="name">Sam Reporter</span>, staff</span></p>
            <time datetime="2022-01-02T03:04:05Z">January 2</time>
            \(Self.body)</article></body></html>
            """)
        #expect(article.metadata.authors == ["Sam Reporter"])
        #expect(article.metadata.published == date("2022-01-02T03:04:05Z"))
        let plain = extract("<html><body><article><div class=\"author\">By Jo Bloggs</div>\(Self.body)</article></body></html>")
        #expect(plain.metadata.authors == ["Jo Bloggs"])
    }

    @Test("the direction is the dir nearest the text; content-language and og:locale give the language")
    func directionAndLanguage() {
        let article = extract(
            """
            <html dir="ltr"><head><meta http-equiv="Content-Language" content="fr_CA, en"></head>
            <body><div class="nav" dir="ltr"><a href="/">Home</a></div><article dir="rtl">\(Self.body)</article></body></html>
            """)
        #expect(article.metadata.direction == "rtl")
        #expect(article.metadata.language == "fr-CA")
        let locale = extract("<html><head><meta property=\"og:locale\" content=\"en_GB\"></head><body><article>\(Self.body)</article></body></html>")
        #expect(locale.metadata.language == "en-GB")
        #expect(locale.metadata.direction == nil)
    }

    @Test("metadata never changes the text, the stored form or the fingerprint input")
    func textUnchanged() {
        let plain = extract("<html><head><title>T</title></head><body><article>\(Self.body)</article></body></html>")
        let rich = extract(
            """
            <html lang="en"><head><title>T</title><meta name="author" content="X"><link rel="canonical" href="https://e/x">
            <script type="application/ld+json">{"@type":"Article","description":"d"}</script></head>
            <body><article>\(Self.body)</article></body></html>
            """)
        #expect(plain.metadata.isEmpty)
        #expect(!rich.metadata.isEmpty)
        #expect(rich.storedText == plain.storedText)
    }

    @Test("ISO 8601 dates as pages write them")
    func dates() {
        #expect(MetadataDate.parse("2015-04-29T10:36:40.000Z") == date("2015-04-29T10:36:40Z"))
        #expect(MetadataDate.parse("2018-07-02T14:59:00+0530") == date("2018-07-02T09:29:00Z"))
        #expect(MetadataDate.parse(" 2014-03-18 09:30 ") == date("2014-03-18T09:30:00Z"))
        #expect(MetadataDate.parse("2014-03-18") == date("2014-03-18T00:00:00Z"))
        #expect(MetadataDate.parse("March 3, 2014") == nil)
        #expect(MetadataDate.parse("2014-13-01") == nil)
    }

    @Test("JSON round trip leaves nil fields out")
    func coding() throws {
        let metadata = ArticleMetadata(language: "ar", authors: ["أ"], published: date("2020-01-01T00:00:00Z"))
        let json = try #require(metadata.storedJSON)
        #expect(json == #"{"authors":["أ"],"language":"ar","published":"2020-01-01T00:00:00Z"}"#)
        #expect(ArticleMetadata(storedJSON: json) == metadata)
        #expect(ArticleMetadata().storedJSON == nil)
        #expect(ArticleMetadata(storedJSON: "not json").isEmpty)
    }
}
