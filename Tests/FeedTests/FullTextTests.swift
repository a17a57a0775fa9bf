import Foundation
import Logging
import Testing
import Fetch
import SQLiteStore
import Storage
import SyncConfig
import SyncModel
import Synchronization
@testable import Feeds
import TestSupport

/// A site of articles behind a feed of summaries: every page has the site's chrome (navigation,
/// a related-stories list, a footer) around the story.
struct ArticleSite {
    let stories: [(title: String, text: String)]

    init() throws {
        stories = try (0..<4).map { try seed($0) }
    }

    /// The first words of a story, cut: what a feed of summaries carries.
    func summary(_ index: Int) -> String {
        stories[index].text.split(separator: " ").prefix(25).joined(separator: " ") + " … اقرأ المزيد"
    }

    func page(_ index: Int) -> String {
        let story = stories[index]
        let words = story.text.split(separator: " ")
        let paragraphs = stride(from: 0, to: words.count, by: 60).map {
            "<p>" + words[$0..<min($0 + 60, words.count)].joined(separator: " ") + "</p>"
        }
        let related = stories.indices.filter { $0 != index }.map { "<li><a href=\"/news/story-\($0).html\">\(escape(stories[$0].title))</a></li>" }
        return """
            <!DOCTYPE html><html lang="ar" dir="rtl"><head><meta charset="utf-8"><title>\(escape(story.title)) | أخبار اليوم</title></head>
            <body><header><a href="/">أخبار اليوم</a><nav><ul><li><a href="/">الرئيسية</a></li><li><a href="/politics">سياسة</a></li>
            <li><a href="/economy">اقتصاد</a></li><li><a href="/sport">رياضة</a></li><li><a href="/culture">ثقافة</a></li></ul></nav></header>
            <main><article><h1>\(escape(story.title))</h1>\(paragraphs.joined())</article>
            <aside class="related"><h2>أخبار ذات صلة</h2><ul>\(related.joined())</ul></aside></main>
            <footer><p>جميع الحقوق محفوظة لموقع أخبار اليوم ٢٠٢٦. يمنع نسخ المحتوى أو إعادة نشره دون إذن مسبق من إدارة التحرير.</p>
            <ul><li><a href="/about">من نحن</a></li><li><a href="/contact">اتصل بنا</a></li>
            <li><a href="/privacy">سياسة الخصوصية</a></li></ul></footer>
            </body></html>
            """
    }

    func serve(_ index: Int, on routes: Routes, path: String? = nil) {
        routes.serve(path ?? "/news/story-\(index).html", page(index), headers: [("Content-Type", "text/html; charset=utf-8")])
    }
}

@Suite("Full-text fetch for feeds")
struct FullTextTests {
    let site: ArticleSite

    init() throws { site = try ArticleSite() }

    func harness(_ mode: FullTextMode = .auto) async throws -> FeedHarness {
        var harness = try await FeedHarness(feeds: ["summaries", "full"])
        harness.sources["summaries"] = .feed("summaries", FeedSettings(url: harness.server.baseURL + "/summaries.xml", fullText: mode))
        harness.sources["full"] = .feed("full", FeedSettings(url: harness.server.baseURL + "/full.xml"))
        return harness
    }

    func summaryItem(_ index: Int, guid: String? = nil, base: String, path: String? = nil) -> Item {
        Item(
            guid: guid ?? "s\(index)", link: base + (path ?? "/news/story-\(index).html"), title: site.stories[index].title, body: site.summary(index)
        )
    }

    func ingestor(_ harness: FeedHarness, clock: ManualClock) -> FeedIngestor {
        var ingestor = FeedIngestor(writer: StoreWriter(store: harness.store), fetcher: harness.fetcher, logger: FeedHarness.quiet, clock: clock)
        ingestor.jitter = { 0.5 }
        return ingestor
    }

    func requests(_ harness: FeedHarness, _ path: String) -> Int {
        harness.server.requests().filter { $0.path == path }.count
    }

    @Test("summaries become the full articles, without the site's chrome; each story is one cluster across both feeds")
    func summariesBecomeArticles() async throws {
        let harness = try await harness()
        let base = harness.server.baseURL
        // Two entries (an old and a new guid) link to story 0: its page is fetched once.
        harness.routes.serve(
            "/summaries.xml", rss((0..<4).map { summaryItem($0, base: base) } + [summaryItem(0, guid: "s0-again", base: base)]))
        harness.routes.serve(
            "/full.xml",
            rss(
                (0..<4).map {
                    Item(guid: "f\($0)", link: base + "/news/story-\($0).html", title: site.stories[$0].title, body: site.stories[$0].text)
                }))
        for index in 0..<4 { site.serve(index, on: harness.routes) }

        let polled = try await harness.poll("summaries")
        #expect(polled.created == 5 && polled.failed == 0)
        _ = try await harness.poll("full")
        for index in 0..<4 {
            let view = try harness.store.document(try harness.store.resolve("summaries:s\(index)"))
            #expect(collapsed(view.text) == site.stories[index].text, "story \(index): the article, not the summary or the chrome")
            #expect(view.summary == site.summary(index))
            #expect(view.article?.status == .fetched && view.article?.url == base + "/news/story-\(index).html")
            let page = try #require(try harness.store.articlePage(view.doc))
            #expect(String(decoding: page, as: UTF8.self) == site.page(index), "the page as fetched is kept")
        }
        #expect(requests(harness, "/news/story-0.html") == 1, "two entries, one page: one fetch")
        #expect(requests(harness, "/robots.txt") == 1, "robots.txt once per site")

        let clusters = try harness.store.duplicateClusters()
        var seen = Set<Int64>()
        for index in 0..<4 {
            let cluster = try #require(clusters.first { $0.members.contains { $0.source == "summaries" && $0.key == "s\(index)" } })
            let keys = Set(cluster.members.map { "\($0.source):\($0.key)" })
            let expected: Set = index == 0 ? ["summaries:s0", "summaries:s0-again", "full:f0"] : ["summaries:s\(index)", "full:f\(index)"]
            #expect(keys == expected, "story \(index) is one cluster across both feeds, apart from the site's other stories")
            #expect(cluster.members.allSatisfy { $0.similarity >= 0.9 }, "full texts match by plain Jaccard")
            seen.insert(cluster.cluster)
        }
        #expect(seen.count == 4)
        let counts = try harness.store.status().sources.first { $0.name == "summaries" }?.articles
        #expect(counts == ArticleCounts(fetched: 5))
        #expect(try harness.store.status().sources.first { $0.name == "full" }?.articles == nil)
    }

    @Test("a page that fails is retried with backoff, the summary stored meanwhile; its success makes a new version")
    func failingPageIsRetried() async throws {
        let harness = try await harness()
        let base = harness.server.baseURL
        harness.routes.serve("/summaries.xml", rss([summaryItem(0, base: base)]))
        let healthy = Atomic<Bool>(false)
        let page = site.page(0)
        harness.routes["/news/story-0.html"] = { _ in
            healthy.load(ordering: .relaxed)
                ? HTTPResponse(status: 200, headers: [("Content-Type", "text/html")], text: page) : HTTPResponse(status: 500, text: "down")
        }
        let clock = ManualClock(now: 1_800_000_000)
        let ingestor = ingestor(harness, clock: clock)
        let source = harness.sources["summaries"]!

        #expect(try await ingestor.poll(source).created == 1)
        let doc = try harness.store.resolve("summaries:s0")
        var view = try harness.store.document(doc)
        #expect(view.text == site.summary(0) && view.version == 1)
        #expect(view.article?.status == .pending && view.article?.attempts == 1)
        let retryAt = try #require(view.article?.nextAttemptAt)
        #expect(retryAt - 1_800_000_000 == 300, "the feeds' backoff: min_interval for the first failure")
        #expect(view.article?.reason?.contains("HTTP 500") == true)
        #expect(try harness.store.status().sources.first { $0.name == "summaries" }?.articles == ArticleCounts(pending: 1))

        clock.advance(by: 100)
        _ = try await ingestor.poll(source)
        #expect(requests(harness, "/news/story-0.html") == 1, "not retried before its time")

        healthy.store(true, ordering: .relaxed)
        clock.advance(by: 201)
        let head = try harness.head()
        let retried = try await ingestor.poll(source)
        #expect(retried.updated == 1)
        view = try harness.store.document(doc)
        #expect(view.version == 2 && collapsed(view.text) == site.stories[0].text && view.summary == site.summary(0))
        #expect(view.article?.status == .fetched && view.article?.attempts == 0 && view.article?.fetchedAt == clock.now())
        #expect(try harness.store.changes(since: head, limit: 10).map { "\($0.op.rawValue) \($0.key) v\($0.version)" } == ["update s0 v2"])
        #expect(try harness.store.status().sources.first { $0.name == "summaries" }?.articles == ArticleCounts(fetched: 1))

        // Fetched: later polls leave it alone.
        clock.advance(by: 3600)
        #expect(try await ingestor.poll(source).unchanged == 1)
        #expect(requests(harness, "/news/story-0.html") == 2)
    }

    @Test("robots.txt is honoured: a disallowed page is not fetched, the entry keeps its summary with the reason")
    func robotsDisallow() async throws {
        let harness = try await harness()
        let base = harness.server.baseURL
        harness.routes.serve(
            "/robots.txt", "User-agent: *\nDisallow: /\n\nUser-agent: syncd\nDisallow: /news/\nAllow: /news/open-\n",
            headers: [("Content-Type", "text/plain")])
        harness.routes.serve("/summaries.xml", rss([summaryItem(0, base: base), summaryItem(1, base: base, path: "/news/open-1.html")]))
        site.serve(0, on: harness.routes)
        site.serve(1, on: harness.routes, path: "/news/open-1.html")
        #expect(try await harness.poll("summaries").created == 2)

        let blocked = try harness.store.document(try harness.store.resolve("summaries:s0"))
        #expect(blocked.text == site.summary(0) && blocked.article?.status == .blocked)
        #expect(blocked.article?.reason == "\(base)/robots.txt disallows /news/story-0.html for syncd")
        #expect(requests(harness, "/news/story-0.html") == 0)
        let allowed = try harness.store.document(try harness.store.resolve("summaries:s1"))
        #expect(collapsed(allowed.text) == site.stories[1].text && allowed.article?.status == .fetched)
        #expect(try harness.store.status().sources.first { $0.name == "summaries" }?.articles == ArticleCounts(fetched: 1, blocked: 1))
    }

    @Test("a feed on a public address may not lead to a private one: the link is refused on the connected address")
    func privateLinkFromPublicFeed() async throws {
        let harness = try await harness()
        let base = harness.server.baseURL
        harness.routes.serve("/summaries.xml", rss([summaryItem(0, base: base)]))
        site.serve(0, on: harness.routes)
        // The feed answers as if from a public address; its link still leads to 127.0.0.1.
        let fetcher = PublicFeedFetcher(inner: harness.fetcher, feedURL: base + "/summaries.xml")
        let ingestor = FeedIngestor(writer: StoreWriter(store: harness.store), fetcher: fetcher, logger: FeedHarness.quiet)
        #expect(try await ingestor.poll(harness.sources["summaries"]!).created == 1)

        let view = try harness.store.document(try harness.store.resolve("summaries:s0"))
        #expect(view.text == site.summary(0) && view.article?.status == .failed)
        #expect(view.article?.reason?.contains("127.0.0.1 is a loopback, private, link-local or otherwise non-public address") == true)
        #expect(harness.server.requests().map(\.path) == ["/summaries.xml"], "nothing was sent to the private address")
    }

    @Test("full_text = \"always\" fetches every new entry's page, and again only when its text or link changes")
    func alwaysRefetchesOnChange() async throws {
        let harness = try await harness(.always)
        let base = harness.server.baseURL
        var entry = Item(guid: "s0", link: base + "/news/story-0.html", title: site.stories[0].title, body: site.stories[0].text)
        harness.routes.serve("/summaries.xml", rss([entry]))
        site.serve(0, on: harness.routes)
        site.serve(0, on: harness.routes, path: "/news/story-0-updated.html")
        let clock = ManualClock(now: 1_800_000_000)
        let ingestor = ingestor(harness, clock: clock)
        let source = harness.sources["summaries"]!
        _ = try await ingestor.poll(source)
        clock.advance(by: 3600)
        _ = try await ingestor.poll(source)
        #expect(requests(harness, "/news/story-0.html") == 1, "an unchanged entry is not fetched again")
        let view = try harness.store.document(try harness.store.resolve("summaries:s0"))
        #expect(view.article?.status == .fetched && view.summary == site.stories[0].text)

        entry.body += " وأضاف المتحدث أن الحملة مستمرة."
        harness.routes.serve("/summaries.xml", rss([entry]))
        clock.advance(by: 3600)
        _ = try await ingestor.poll(source)
        #expect(requests(harness, "/news/story-0.html") == 2, "an edited entry is fetched again")

        entry.link = base + "/news/story-0-updated.html"
        harness.routes.serve("/summaries.xml", rss([entry]))
        clock.advance(by: 3600)
        _ = try await ingestor.poll(source)
        #expect(requests(harness, "/news/story-0-updated.html") == 1, "a new link is fetched")
    }
}

/// The real fetcher, but the feed itself reports a public peer address (as a feed on the
/// internet would): what decides whether its links may lead to private addresses.
struct PublicFeedFetcher: Fetcher {
    let inner: CurlFetcher
    let feedURL: String

    func fetch(_ request: FetchRequest) async throws(SyncError) -> FetchResponse {
        var response = try await inner.fetch(request)
        if request.url == feedURL { response.address = "93.184.215.14" }
        return response
    }
}
