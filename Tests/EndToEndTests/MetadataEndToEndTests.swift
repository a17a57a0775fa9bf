import Foundation
import Testing

/// Article metadata from an HTML page through `syncd`, `syncctl show --json`, `syncctl extract
/// --json`, `GET /v1/documents/ID` and `include_docs`.
@Suite("Article metadata, end to end", .serialized)
struct MetadataEndToEndTests {
    static let page = """
        <html lang="ar" dir="rtl"><head><title>عنوان | الموقع</title>
        <link rel="canonical" href="https://example.com/news/1">
        <meta property="og:site_name" content="الموقع"><meta name="description" content="ملخص الخبر">
        <script type="application/ld+json">{"@context": "https://schema.org", "@type": "NewsArticle",
          "author": {"@type": "Person", "name": "كاتب المقال"}, "datePublished": "2024-05-01T08:00:00+03:00"}</script>
        </head><body><article><h1>عنوان الخبر</h1>
        <p>اجتمع المجلس البلدي مساء الثلاثاء لمناقشة الميزانية الجديدة التي تأخرت مرتين هذا العام بسبب الخلافات.</p>
        <p>وناقش الأعضاء تكلفة إصلاح الطرق وسقف المدرسة وتوسعة المكتبة التي طال انتظارها منذ سنوات طويلة.</p>
        </article></body></html>
        """

    static func check(_ metadata: [String: Any]?) {
        #expect(metadata?["canonicalURL"] as? String == "https://example.com/news/1")
        #expect(metadata?["language"] as? String == "ar" && metadata?["direction"] as? String == "rtl")
        #expect(metadata?["authors"] as? [String] == ["كاتب المقال"])
        #expect(metadata?["published"] as? String == "2024-05-01T05:00:00Z")
        #expect(metadata?["siteName"] as? String == "الموقع" && metadata?["description"] as? String == "ملخص الخبر")
        #expect(metadata?["modified"] == nil, "nil fields are left out")
    }

    static func object(_ text: String) throws -> [String: Any] {
        try #require(try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any])
    }

    @Test("syncctl extract --json and syncctl show --json print the metadata; the text is the same as without it")
    func syncctl() throws {
        let harness = try Harness()
        try harness.write("page.html", Self.page)
        let extracted = try Self.object(try harness.syncctl("extract", harness.folder + "/docs/page.html", "--json").stdout)
        Self.check(extracted["metadata"] as? [String: Any])
        #expect(try harness.syncd("--once").status == 0)
        let shown = try Self.object(try harness.syncctl("show", "docs:page.html", "--json").stdout)
        Self.check(shown["metadata"] as? [String: Any])
        #expect(shown["text"] as? String == extracted["text"] as? String)
        let plain = try harness.syncctl("show", "docs:page.html").stdout
        #expect(plain.contains("by كاتب المقال") && plain.contains("published 2024-05-01T05:00:00Z"))
    }

    @Test("GET /v1/documents/ID and include_docs carry the metadata")
    func api() throws {
        let harness = try Harness(extraConfig: DaemonTests.daemonConfig)
        try harness.write("page.html", Self.page)
        let daemon = try DaemonProcess(harness: harness, notify: nil)
        try daemon.waitForAPI()
        _ = try daemon.waitForChanges(since: 0, atLeast: 1)
        let document = try UnixHTTP.request(daemon.socket, "GET", "/v1/documents/docs:page.html").json
        Self.check(document["metadata"] as? [String: Any])
        let changes = try UnixHTTP.request(daemon.socket, "GET", "/v1/changes?since=0&include_docs=true").json
        let doc = (changes["results"] as? [[String: Any]])?.first?["doc"] as? [String: Any]
        Self.check(doc?["metadata"] as? [String: Any])
        #expect(daemon.stop() == 0)
    }
}
