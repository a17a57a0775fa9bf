import Foundation
import TestSupport
import Synchronization
import SyncModel
import Testing

/// `syncd --once` with feed sources, against a real HTTP server on 127.0.0.1.
@Suite("syncd --once with feeds, end to end", .serialized)
struct FeedEndToEndTests {
    /// RSS with the seeds as entries (escaped HTML paragraphs), guids s0, s1...
    static func seedFeed(_ indexes: [Int]) throws -> String {
        let folder = Harness.repositoryRoot + "/seeds"
        let names = try FileManager.default.contentsOfDirectory(atPath: folder).sorted()
        var xml = #"<?xml version="1.0" encoding="utf-8"?><rss version="2.0"><channel><title>Seeds</title><link>http://example.org/</link>"#
        for index in indexes {
            let text = try String(contentsOfFile: folder + "/" + names[index], encoding: .utf8)
            let parts = text.split(separator: "\n", maxSplits: 1).map(String.init)
            func escape(_ s: String) -> String { s.replacingOccurrences(of: "&", with: "&amp;").replacingOccurrences(of: "<", with: "&lt;") }
            xml +=
                "<item><guid>s\(index)</guid><title>\(escape(parts[0]))</title><description>\(escape("<p>" + parts[1] + "</p>"))</description></item>"
        }
        return xml + "</channel></rss>"
    }

    @Test("feeds and files merge into one store; 304 on the second run; a failing feed is shown and exits 1")
    func feedsAndFiles() async throws {
        let feed = try Self.seedFeed([0, 1, 2])
        let served = Mutex(feed)
        let server = try await TestHTTPServer.start { request in
            switch request.path {
            case "/news.xml":
                if request.header("If-None-Match") == "\"1\"" { return HTTPResponse(status: 304) }
                return HTTPResponse(status: 200, headers: [("Content-Type", "application/rss+xml"), ("ETag", "\"1\"")], text: served.withLock { $0 })
            default:
                return HTTPResponse(status: 503, headers: [("Retry-After", "600")], text: "busy")
            }
        }
        let harness = try Harness(
            sourceExtra: """

                [[source]]
                name = "news"
                type = "feed"
                url = "\(server.baseURL)/news.xml"
                interval = "20m"
                """)
        // The first seed also arrives as a file: one story, one cluster.
        let folder = Harness.repositoryRoot + "/seeds"
        let first = try FileManager.default.contentsOfDirectory(atPath: folder).sorted()[0]
        try FileManager.default.copyItem(atPath: folder + "/" + first, toPath: harness.folder + "/docs/" + first)
        let run = try harness.syncd("--once")
        #expect(run.status == 0, "\(run.stderr)")
        #expect(run.stderr.contains("feed fetched") && run.stderr.contains("created=3"))
        let status = try harness.json(StatusJSON.self, "status", "--json")
        #expect(status.documents == 4 && status.clusters == 1)
        let dupes = try harness.json([DupesJSON].self, "dupes", "--json")
        #expect(Set(dupes.first?.members.map(\.source) ?? []) == ["docs", "news"])
        let head = status.changeHead

        let again = try harness.syncd("--once")
        #expect(again.status == 0 && again.stderr.contains("result=not-modified"))
        #expect(try harness.json(StatusJSON.self, "status", "--json").changeHead == head)
        let human = try harness.syncctl("status")
        #expect(human.stdout.contains("not-modified") && human.stdout.contains("304") && human.stdout.contains("NEXT DUE"))

        // A feed on a busy server: a failure with Retry-After, exit 1, shown in status.
        try
            (String(contentsOfFile: harness.config, encoding: .utf8) + """

                [[source]]
                name = "busy"
                type = "feed"
                url = "\(server.baseURL)/busy.xml"
                """).write(toFile: harness.config, atomically: true, encoding: .utf8)
        let busy = try harness.syncd("--once")
        #expect(busy.status == 1)
        #expect(busy.stderr.contains("HTTP 503") && busy.stderr.contains("Retry-After 600"))
        let shown = try harness.syncctl("status").stdout
        #expect(shown.contains("busy") && shown.contains("503") && shown.contains("failed"))
        // The news feed is on the same host: the next run defers it instead of fetching.
        let requests = server.requestCount
        let deferred = try harness.syncd("--once")
        #expect(deferred.stderr.contains("feed deferred"))
        #expect(server.requestCount == requests)
    }

    @Test("syncctl feed URL prints what the parser sees, dates in RFC 3339")
    func feedCommandFetches() async throws {
        let server = try await TestHTTPServer.start { _ in
            HTTPResponse(
                status: 200, headers: [("Content-Type", "application/atom+xml")],
                text: """
                    <feed xmlns="http://www.w3.org/2005/Atom"><title>T</title><link href="/"/>
                    <entry><id>urn:1</id><title>One</title><link href="/one"/><updated>2026-11-21T10:00:00+02:00</updated>
                    <content type="html">&lt;p&gt;Body&lt;/p&gt;</content></entry></feed>
                    """)
        }
        let output = try Harness.run("syncctl", ["feed", server.baseURL + "/feed", "--json"])
        #expect(output.status == 0, "\(output.stderr)")
        let json = try #require(try JSONSerialization.jsonObject(with: Data(output.stdout.utf8)) as? [String: Any])
        let entry = try #require((json["entries"] as? [[String: Any]])?.first)
        #expect(entry["id"] as? String == "urn:1")
        #expect(entry["link"] as? String == server.baseURL + "/one")
        #expect(entry["updated"] as? String == "2026-11-21T08:00:00Z")
        let missing = try Harness.run("syncctl", ["feed", server.baseURL.replacingOccurrences(of: "http:", with: "ftp:") + "/feed"])
        #expect(missing.status != 0 && missing.stderr.contains("ftp://"))
    }
}
