import Foundation
import SyncConfig
import SyncModel
import Synchronization
import TestSupport
import Testing

/// `syncctl sources discover` as a process, against a site served by `TestHTTPServer`.
@Suite("syncctl sources discover, end to end", .serialized)
struct DiscoveryEndToEndTests {
    /// The JSON `--json` prints, as a tool reads it.
    struct Report: Decodable {
        struct Candidate: Decodable {
            var url: String
            var origin: String
            var type: String?
            var ok: Bool
            var status: Int?
            var format: String?
            var title: String?
            var entries: Int?
            var error: String?
            var errorCode: String?
        }
        struct Source: Decodable {
            var name: String
            var url: String
        }
        var page: String
        var candidates: [Candidate]
        var added: [Source]?
        var configured: [Source]?
    }

    /// A news site: a page advertising an RSS feed (relative href, under a `<base href>` that is
    /// not the page's folder) and an Atom feed, a JSON Feed at a guessed path, the other guesses 404.
    static func site() async throws -> TestHTTPServer {
        // The pages name the server's own address, known once it is bound.
        let address = Mutex("")
        let server = try await TestHTTPServer.start { request in
            let base = address.withLock { $0 }
            switch request.path {
            case "/site/today.html":
                return HTTPResponse(
                    headers: [("Content-Type", "text/html; charset=utf-8")],
                    text: """
                        <!DOCTYPE html><html lang="ar" dir="rtl"><head><title>الأخبار اليوم</title><base href="/news/">
                        <link rel="stylesheet" href="/style.css">
                        <link rel="alternate" type="application/rss+xml" title="آخر الأخبار" href="rss.xml">
                        <link rel="alternate" type="application/atom+xml" title="Atom" href="\(base)/atom.xml">
                        </head><body><article><h1>الأخبار اليوم</h1><p>نص المقال.</p></article></body></html>
                        """)
            case "/news/rss.xml":
                return HTTPResponse(
                    headers: [("Content-Type", "application/rss+xml; charset=utf-8")],
                    text: """
                        <?xml version="1.0" encoding="utf-8"?><rss version="2.0"><channel><title>آخر الأخبار</title><link>\(base)/</link>
                        <item><guid>n1</guid><title>الخبر الأول</title><description>نص الخبر الأول</description></item>
                        <item><guid>n2</guid><title>الخبر الثاني</title><description>نص الخبر الثاني</description></item>
                        </channel></rss>
                        """)
            case "/atom.xml":
                return HTTPResponse(
                    headers: [("Content-Type", "application/atom+xml")],
                    text: """
                        <feed xmlns="http://www.w3.org/2005/Atom"><title>Desk (Atom)</title><id>urn:desk</id>
                        <entry><id>urn:a1</id><title>One</title><content type="html">&lt;p&gt;First story&lt;/p&gt;</content></entry></feed>
                        """)
            case "/feed.json":
                return HTTPResponse(
                    headers: [("Content-Type", "application/feed+json")],
                    text:
                        #"{"version": "https://jsonfeed.org/version/1.1", "title": "Desk JSON", "items": "#
                        + #"[{"id": "j1", "title": "Third", "content_text": "The third story, in JSON."}]}"#
                )
            default:
                return HTTPResponse(status: 404, text: "not here")
            }
        }
        address.withLock { $0 = server.baseURL }
        return server
    }

    @Test("lists the advertised and guessed feeds with what parsing them gave; --add appends the working ones as feed sources")
    func discoverAndAdd() async throws {
        let server = try await Self.site()
        let harness = try Harness(extraConfig: "# the desk's settings\n[feeds]\ninterval = \"1h\"")
        let original = try String(contentsOfFile: harness.config, encoding: .utf8)
        let page = server.baseURL + "/site/today.html"

        let listed = try harness.syncctl("sources", "discover", page, "--json")
        #expect(listed.status == 0, "\(listed.stderr)")
        let report = try JSONDecoder().decode(Report.self, from: Data(listed.stdout.utf8))
        let byURL = Dictionary(uniqueKeysWithValues: report.candidates.map { ($0.url, $0) })
        let rss = try #require(byURL[server.baseURL + "/news/rss.xml"], "the relative href resolved against <base href>: \(byURL.keys)")
        #expect(rss.origin == "link" && rss.type == "application/rss+xml" && rss.ok && rss.format == "RSS 2.0")
        #expect(rss.title == "آخر الأخبار" && rss.entries == 2)
        let atom = try #require(byURL[server.baseURL + "/atom.xml"])
        #expect(atom.origin == "link" && atom.ok && atom.format == "Atom 1.0" && atom.entries == 1)
        let json = try #require(byURL[server.baseURL + "/feed.json"])
        #expect(json.origin == "guess" && json.ok && json.format == "JSON Feed 1.1" && json.title == "Desk JSON")
        let missing = try #require(byURL[server.baseURL + "/rss.xml"])
        #expect(
            missing.origin == "guess" && !missing.ok && missing.status == 404 && missing.error == "HTTP 404" && missing.errorCode == "http-status")
        #expect(report.candidates.filter(\.ok).map(\.url) == [rss.url, atom.url, json.url], "links first, each URL once")
        #expect(report.candidates.count == 2 + 6, "seven guesses, /atom.xml already linked")
        #expect(try String(contentsOfFile: harness.config, encoding: .utf8) == original, "listing writes nothing")

        let human = try harness.syncctl("sources", "discover", page)
        #expect(human.status == 0 && human.stdout.contains("guessed path") && human.stdout.contains("HTTP 404"), "\(human.stdout)")
        #expect(human.stdout.contains("3 working feeds of 8 candidates"))

        let added = try harness.syncctl("sources", "discover", page, "--add")
        #expect(added.status == 0, "\(added.stderr)")
        let text = try String(contentsOfFile: harness.config, encoding: .utf8)
        #expect(text.hasPrefix(original + "\n# Added by syncctl sources discover \(page) on "), "the file is appended to, not rewritten")
        let config = try SyncdConfig.load(path: harness.config)
        let feeds = config.sources.filter { $0.kind == .feed }
        #expect(feeds.map(\.location) == [rss.url, atom.url, json.url])
        #expect(feeds.allSatisfy { $0.feed?.interval == 3600 }, "the [feeds] defaults apply to them")
        #expect(feeds.map(\.name).contains("Desk-JSON") && Set(feeds.map(\.name)).count == 3, "\(feeds.map(\.name))")
        for feed in feeds { #expect(added.stdout.contains("added \(feed.name): \(feed.location)")) }

        // Again: everything is configured; nothing is written.
        let again = try harness.syncctl("sources", "discover", page, "--add", "--json")
        #expect(again.status == 0, "\(again.stderr)")
        let second = try JSONDecoder().decode(Report.self, from: Data(again.stdout.utf8))
        #expect(second.added?.isEmpty == true && second.configured?.map(\.name) == feeds.map(\.name))
        #expect(try String(contentsOfFile: harness.config, encoding: .utf8) == text)

        // The daemon polls what was added.
        let once = try harness.syncd("--once")
        #expect(once.status == 0, "\(once.stderr)")
        #expect(try harness.json(StatusJSON.self, "status", "--json").documents == 4)
    }

    @Test("a page that fails, a page with no working feed, and a URL that is not http(s) exit non-zero and say why")
    func failures() async throws {
        let server = try await TestHTTPServer.start { request in
            request.path == "/plain.html"
                ? HTTPResponse(headers: [("Content-Type", "text/html")], text: "<html><body><p>no feeds here</p></body></html>")
                : HTTPResponse(status: 404, text: "not here")
        }
        let harness = try Harness()
        let gone = try harness.syncctl("sources", "discover", server.baseURL + "/gone")
        #expect(gone.status == 1 && gone.stderr.contains("\(server.baseURL)/gone: HTTP 404"), "\(gone.stderr)")
        let none = try harness.syncctl("sources", "discover", server.baseURL + "/plain.html", "--add")
        #expect(none.status == 1 && none.stderr.contains("no working feed found"), "\(none.stderr)")
        #expect(none.stdout.contains("0 working feeds of 7 candidates"))
        let ftp = try harness.syncctl("sources", "discover", "ftp://example.org/")
        #expect(ftp.status == 64 && ftp.stderr.contains("must start with http:// or https://"), "\(ftp.stderr)")
    }
}
