import Foundation
import Fetch
import SyncModel

/// Fetches the pages feed entries link to (`full_text`), through the feeds' own fetcher: the
/// same per-site concurrency budget, the same Retry-After deadlines, each site's `robots.txt`
/// honoured (cached a day per origin), and a page many entries link to fetched once.
final class ArticleFetcher: Sendable {
    let fetcher: any Fetcher
    let deadlines: HostDeadlines
    let clock: any SyncClock
    private let pages = FetchMemo<ArticleOutcome>(capacity: 64)
    private let robots = FetchMemo<RobotsVerdict>(capacity: 256)
    /// How long a page (or a final failure) is reused for other entries: one poll cycle.
    static let pageMemory = 60.0
    /// How long a site's robots.txt is trusted (RFC 9309 says at most a day).
    static let robotsMemory = 86_400.0
    /// How long an unreachable robots.txt holds back its site's pages before it is asked again.
    static let robotsRetry = 600.0
    /// Most bytes of a robots.txt read (RFC 9309 asks for at least 500 KiB).
    static let robotsMaxSize = 512 * 1024

    init(fetcher: any Fetcher, deadlines: HostDeadlines, clock: any SyncClock) {
        self.fetcher = fetcher
        self.deadlines = deadlines
        self.clock = clock
    }

    /// The page at `url`, or why not.
    func fetch(_ url: String, options: ArticleRequestOptions) async -> ArticleOutcome {
        let key = (options.publicOnly ? "public " : "any ") + url
        return await pages.value(for: key, now: clock.now()) { [self] in
            let outcome = await perform(url, options: options)
            if case .failed(_, let retry) = outcome, retry != .never { return (outcome, 0) }  // not kept: a retry asks again
            return (outcome, clock.now() + Self.pageMemory)
        }
    }

    private func perform(_ url: String, options: ArticleRequestOptions) async -> ArticleOutcome {
        guard let origin = Self.origin(of: url) else {
            return .failed(reason: "\(url): only absolute http and https links are fetched", retry: .never)
        }
        switch await robotsVerdict(origin: origin, options: options) {
        case .rules(let rules):
            let path = RobotsRules.path(of: url)
            guard rules.allows(path: path) else {
                return .blocked(reason: "\(origin)/robots.txt disallows \(path) for \(options.robotsAgent)")
            }
        case .unavailable(let reason, let retry):
            return .failed(reason: "\(origin)/robots.txt: \(reason)", retry: retry)
        }
        let response: FetchResponse
        do {
            response = try await get(url, options: options, maxSize: options.limits.maxBodySize)
        } catch {
            return Self.failure(error, url: url, deadline: deadlineAfter(error, url: url))
        }
        switch response.status {
        case 200..<300:
            let type = response.headers.value("Content-Type")
            if let type, !Self.isHTML(type) {
                return .failed(reason: "\(response.url): not an HTML page (Content-Type: \(type))", retry: .never)
            }
            guard !response.body.isEmpty else { return .failed(reason: "\(response.url): the page is empty", retry: .never) }
            return .page(body: response.body, url: response.url, charset: type.flatMap(Self.charset))
        case 429, 503:
            if let value = response.headers.value("Retry-After"), let until = FeedSchedule.retryAfter(value, now: clock.now()),
                let host = CurlFetcher.host(of: response.url)
            {
                try? await deadlines.set(host, until: until, reason: "HTTP \(response.status) for an article of \(options.source)")
                return .failed(reason: "\(response.url): HTTP \(response.status); Retry-After \(value)", retry: .at(until))
            }
            return .failed(reason: "\(response.url): HTTP \(response.status) \(FeedIngestor.reason(response.status))", retry: .backoff)
        case 408, 425, 500..<600:
            return .failed(reason: "\(response.url): HTTP \(response.status) \(FeedIngestor.reason(response.status))", retry: .backoff)
        default:
            return .failed(reason: "\(response.url): HTTP \(response.status) \(FeedIngestor.reason(response.status))", retry: .never)
        }
    }

    /// A GET under the feeds' politeness: a host under Retry-After is not asked, a 429 or 503
    /// with Retry-After holds back what is queued behind it.
    private func get(_ url: String, options: ArticleRequestOptions, maxSize: Int) async throws(SyncError) -> FetchResponse {
        var limits = options.limits
        limits.maxBodySize = maxSize
        var request = FetchRequest(url: url, userAgent: options.userAgent, limits: limits)
        request.publicAddressesOnly = options.publicOnly
        let deadlines = self.deadlines, clock = self.clock, source = options.source
        request.beforeStart = { url in
            let host = CurlFetcher.host(of: url) ?? ""
            guard let deadline = deadlines.deadline(for: host, now: clock.now()) else { return nil }
            return SyncError(.deferred, "\(host) asked to wait until \(Timestamp.rfc3339(deadline.until)) (\(deadline.reason))", location: url)
        }
        request.afterResponse = { url, status, headers in
            guard status == 429 || status == 503, let value = headers.value("Retry-After"),
                let until = FeedSchedule.retryAfter(value, now: clock.now()), let host = CurlFetcher.host(of: url)
            else { return }
            deadlines.note(host, until: until, reason: "HTTP \(status) for an article of \(source)")
        }
        return try await fetcher.fetch(request)
    }

    private func deadlineAfter(_ error: SyncError, url: String) -> Double? {
        guard error.code == .deferred, let host = CurlFetcher.host(of: error.location ?? url) else { return nil }
        return deadlines.deadline(for: host, now: clock.now())?.until
    }

    static func failure(_ error: SyncError, url: String, deadline: Double?) -> ArticleOutcome {
        switch error.code {
        case .deferred: .failed(reason: error.description, retry: deadline.map { .at($0) } ?? .backoff)
        case .refused, .tooLarge, .invalidArgument, .undecodable: .failed(reason: error.description, retry: .never)
        default: .failed(reason: error.description, retry: .backoff)
        }
    }

    // MARK: robots.txt

    enum RobotsVerdict: Sendable {
        case rules(RobotsRules)
        case unavailable(String, retry: ArticleOutcome.Retry)
    }

    private func robotsVerdict(origin: String, options: ArticleRequestOptions) async -> RobotsVerdict {
        let key = (options.publicOnly ? "public " : "any ") + options.robotsAgent + " " + origin
        return await robots.value(for: key, now: clock.now()) { [self] in
            let now = clock.now()
            do throws(SyncError) {
                let response = try await get(origin + "/robots.txt", options: options, maxSize: Self.robotsMaxSize)
                switch response.status {
                case 200..<300:
                    let text = String(decoding: response.body, as: UTF8.self)
                    return (.rules(RobotsRules(parsing: text, agent: options.robotsAgent)), now + Self.robotsMemory)
                case 429, 500..<600:
                    // Unreachable: RFC 9309 says to fetch nothing of the site until it answers.
                    return (.unavailable("HTTP \(response.status), so nothing of the site is fetched yet", retry: .backoff), now + Self.robotsRetry)
                default:
                    return (.rules(.allowAll), now + Self.robotsMemory)  // 4xx: no robots.txt, everything allowed
                }
            } catch {
                let outcome = Self.failure(error, url: origin + "/robots.txt", deadline: deadlineAfter(error, url: origin))
                guard case .failed(let reason, let retry) = outcome else { return (.rules(.allowAll), now) }
                return (.unavailable(reason, retry: retry), retry == .never ? now + Self.robotsRetry : now)
            }
        }
    }

    /// `scheme://host[:port]` of an absolute http(s) URL, lowercased.
    static func origin(of url: String) -> String? {
        guard let components = URLComponents(string: url), let scheme = components.scheme?.lowercased(),
            scheme == "http" || scheme == "https", let host = components.host?.lowercased(), !host.isEmpty
        else { return nil }
        let bracketed = host.contains(":") && !host.hasPrefix("[") ? "[\(host)]" : host
        return "\(scheme)://\(bracketed)" + (components.port.map { ":\($0)" } ?? "")
    }

    static func isHTML(_ contentType: String) -> Bool {
        let type = contentType.prefix { $0 != ";" }.trimmingCharacters(in: .whitespaces).lowercased()
        return type.isEmpty || type == "text/html" || type == "application/xhtml+xml" || type == "text/plain"
            || type == "application/octet-stream"
    }

    static func charset(_ contentType: String) -> String? {
        for parameter in contentType.split(separator: ";").dropFirst() {
            let parts = parameter.split(separator: "=", maxSplits: 1).map { $0.trimmingCharacters(in: .whitespaces) }
            if parts.count == 2, parts[0].lowercased() == "charset" {
                let value = parts[1].trimmingCharacters(in: CharacterSet(charactersIn: "\"'"))
                return value.isEmpty ? nil : value
            }
        }
        return nil
    }
}
