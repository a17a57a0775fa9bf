public import Fetch
internal import Extract
internal import Foundation
public import SyncModel

/// Finds the feeds a page advertises (`<link rel="alternate">` of an RSS, Atom or JSON Feed
/// type, resolved against the page's `<base href>` and URL) and the common feed paths at its
/// site's root, and checks each one by fetching it and parsing it as syncd would.
public struct FeedDiscovery: Sendable {
    /// Tried at the site's root after the advertised links.
    public static let guessedPaths = ["/feed", "/rss", "/rss.xml", "/atom.xml", "/feed.xml", "/index.xml", "/feed.json"]

    private let fetcher: any Fetcher
    private let limits: FetchLimits
    private let userAgent: String

    /// - Parameters:
    ///   - fetcher: How pages and feeds are fetched (`CurlFetcher`).
    ///   - limits: Bounds on each fetch; `maxBodySize` applies to the page and to each feed.
    ///   - userAgent: Sent with every request.
    public init(fetcher: any Fetcher, limits: FetchLimits = FetchLimits(), userAgent: String = SyncdVersion.userAgent) {
        self.fetcher = fetcher
        self.limits = limits
        self.userAgent = userAgent
    }

    /// Fetches `pageURL`; when it is a feed itself, reports just that; otherwise reports every
    /// advertised and guessed feed, each fetched and parsed (concurrently, within the fetcher's
    /// per-host limit).
    /// - Throws: `SyncError` when the page cannot be fetched (`.refused` for a URL that is not
    ///   http or https, `.network`, `.timedOut`, `.tooLarge`, `.httpStatus` for a status other than 2xx).
    public func discover(_ pageURL: String) async throws(SyncError) -> FeedDiscoveryReport {
        let page = try await fetcher.fetch(request(pageURL))
        guard (200..<300).contains(page.status) else { throw SyncError(.httpStatus, "HTTP \(page.status)", location: page.url) }
        var report = FeedDiscoveryReport(page: pageURL, finalURL: page.url == pageURL ? nil : page.url, candidates: [])
        let contentType = page.headers.value("Content-Type")
        if let feed = try? FeedParser().parse(page.body, contentType: contentType, baseURL: page.url) {
            var candidate = FeedCandidate(url: pageURL, origin: .given)
            record(.success((page, feed)), in: &candidate)
            report.candidates = [candidate]
            return report
        }
        report.candidates = candidates(page: page, contentType: contentType)
        report.candidates = await check(report.candidates)
        var firstAt: [String: String] = [:]
        for index in report.candidates.indices where report.candidates[index].ok {
            let candidate = report.candidates[index]
            let key = SourceRoster.key(candidate.finalURL ?? candidate.url)
            if let first = firstAt[key] { report.candidates[index].sameAs = first } else { firstAt[key] = candidate.url }
        }
        return report
    }

    /// The page's advertised feeds, then the guessed paths, each URL once.
    private func candidates(page: FetchResponse, contentType: String?) -> [FeedCandidate] {
        let charset = contentType.flatMap(FeedInput.charsetParameter)
        let found = HTMLExtractor().feedLinks(html: page.body, charset: charset)
        let base = found.base.map { RelativeURIResolver.resolve($0, against: page.url) } ?? page.url
        var candidates: [FeedCandidate] = []
        var seen: Set<String> = []
        for link in found.links {
            let url = RelativeURIResolver.resolve(link.href, against: base)
            guard Self.isHTTP(url), seen.insert(url).inserted else { continue }
            candidates.append(FeedCandidate(url: url, origin: .link, type: link.type, linkTitle: link.title))
        }
        if let root = Self.root(of: page.url) {
            for path in Self.guessedPaths where seen.insert(root + path).inserted {
                candidates.append(FeedCandidate(url: root + path, origin: .guess))
            }
        }
        return candidates
    }

    /// Fetches and parses every candidate, keeping their order.
    private func check(_ candidates: [FeedCandidate]) async -> [FeedCandidate] {
        await withTaskGroup(of: (Int, Result<(FetchResponse, ParsedFeed), SyncError>, FetchResponse?).self) { group in
            for (index, candidate) in candidates.enumerated() {
                group.addTask {
                    var response: FetchResponse?
                    do throws(SyncError) {
                        let fetched = try await fetcher.fetch(request(candidate.url))
                        response = fetched
                        guard (200..<300).contains(fetched.status) else { throw SyncError(.httpStatus, "HTTP \(fetched.status)") }
                        let feed = try FeedParser().parse(fetched.body, contentType: fetched.headers.value("Content-Type"), baseURL: fetched.url)
                        return (index, .success((fetched, feed)), response)
                    } catch {
                        return (index, .failure(error), response)
                    }
                }
            }
            var checked = candidates
            for await (index, result, response) in group {
                if let response {
                    checked[index].status = response.status
                    if response.url != checked[index].url { checked[index].finalURL = response.url }
                }
                record(result, in: &checked[index])
            }
            return checked
        }
    }

    private func record(_ result: Result<(FetchResponse, ParsedFeed), SyncError>, in candidate: inout FeedCandidate) {
        switch result {
        case .success(let (response, feed)):
            candidate.ok = true
            candidate.status = response.status
            if response.url != candidate.url { candidate.finalURL = response.url }
            candidate.format = feed.format
            candidate.title = feed.title
            candidate.entries = feed.entries.count
        case .failure(let error):
            candidate.ok = false
            candidate.error = error.message
            candidate.errorCode = error.code.rawValue
        }
    }

    private func request(_ url: String) -> FetchRequest {
        FetchRequest(url: url, userAgent: userAgent, limits: limits)
    }

    /// `scheme://host[:port]` of an http(s) URL.
    private static func root(of url: String) -> String? {
        guard let components = URLComponents(string: url), let scheme = components.scheme?.lowercased(), ["http", "https"].contains(scheme),
            let host = components.percentEncodedHost, !host.isEmpty
        else { return nil }
        let authority = host.contains(":") && !host.hasPrefix("[") ? "[" + host + "]" : host
        return scheme + "://" + authority + (components.port.map { ":\($0)" } ?? "")
    }

    private static func isHTTP(_ url: String) -> Bool {
        let lower = url.lowercased()
        return lower.hasPrefix("http://") || lower.hasPrefix("https://")
    }
}
