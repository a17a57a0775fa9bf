import Foundation
import SyncModel
import TestSupport
import Testing
@testable import Feeds
@testable import Fetch

/// Discovery through the real fetcher against a real server on 127.0.0.1 (the syncctl command
/// is exercised end to end in `EndToEndTests`).
@Suite("Feed discovery")
struct FeedDiscoveryTests {
    let discovery = FeedDiscovery(fetcher: CurlFetcher(perHost: 2, total: 8))

    @Test("a guessed path that redirects to an advertised feed is the same feed; a page that is HTML but no feed is an error of its own")
    func redirectsAndSoftErrors() async throws {
        let (server, routes) = try await startServer()
        routes.serve(
            "/", #"<html><head><link rel="alternate" type="application/rss+xml" href="/rss.xml"></head><body>home</body></html>"#,
            headers: [("Content-Type", "text/html; charset=utf-8")])
        routes.serve("/rss.xml", rss([Item(guid: "1", title: "one", body: "text")]))
        routes["/feed"] = { _ in HTTPResponse(status: 301, headers: [("Location", "/rss.xml")]) }
        routes.serve("/index.xml", "<html><body>Not found, but 200</body></html>", headers: [("Content-Type", "text/html")])
        let report = try await discovery.discover(server.baseURL + "/")
        let byURL = Dictionary(uniqueKeysWithValues: report.candidates.map { ($0.url, $0) })
        #expect(report.candidates.first?.url == server.baseURL + "/rss.xml" && report.candidates.first?.origin == .link)
        #expect(byURL[server.baseURL + "/rss.xml"]?.format == "RSS 2.0" && byURL[server.baseURL + "/rss.xml"]?.entries == 1)
        let redirected = try #require(byURL[server.baseURL + "/feed"])
        #expect(
            redirected.ok && redirected.finalURL == server.baseURL + "/rss.xml" && redirected.sameAs == server.baseURL + "/rss.xml",
            "\(redirected)")
        let soft = try #require(byURL[server.baseURL + "/index.xml"])
        #expect(!soft.ok && soft.status == 200 && soft.errorCode == "unsupported" && soft.error?.contains("<html>") == true, "\(soft)")
        #expect(byURL[server.baseURL + "/atom.xml"]?.status == 404 && byURL[server.baseURL + "/atom.xml"]?.error == "HTTP 404")
        #expect(report.working.map(\.url) == [server.baseURL + "/rss.xml"])
    }

    @Test("a URL that is a feed itself is reported alone; a page that fails is an error")
    func givenFeedAndFailingPage() async throws {
        let (server, routes) = try await startServer()
        routes.serve("/feed.json", #"{"version": "https://jsonfeed.org/version/1.1", "title": "J", "items": [{"id": "1", "content_text": "x"}]}"#)
        let report = try await discovery.discover(server.baseURL + "/feed.json")
        #expect(report.candidates.count == 1 && report.candidates.first?.origin == .given && report.candidates.first?.format == "JSON Feed 1.1")
        #expect(server.requestCount == 1, "nothing guessed")
        await #expect {
            _ = try await discovery.discover(server.baseURL + "/gone")
        } throws: { error in
            (error as? SyncError)?.code == .httpStatus && (error as? SyncError)?.message == "HTTP 404"
        }
    }
}
