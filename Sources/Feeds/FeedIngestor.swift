import Foundation
public import Logging
public import Storage
public import SyncConfig
public import SyncModel
public import Fetch
import Extract
import Fingerprint

/// Polls one feed source: a conditional GET, the status interpreted (304, redirects, 410, 429),
/// the entries parsed and merged like folder documents, and the outcome and next due time
/// stored on the source.
public struct FeedIngestor: Sendable {
    public let writer: StoreWriter
    public var store: any DocumentStore { writer.store }
    public let fetcher: any Fetcher
    public let logger: Logger
    let fingerprinter: Fingerprinter
    let deadlines: HostDeadlines
    /// Fetches the pages entries link to (`full_text`), with the feeds' politeness.
    let articles: ArticleFetcher
    /// A number in 0..<1 for backoff jitter.
    var jitter: @Sendable () -> Double = { Double.random(in: 0..<1) }
    /// The wall clock: due times, backoff and Retry-After deadlines are reckoned on it.
    let clock: any SyncClock
    /// Documents merged per transaction.
    var batchSize = 64
    /// Polls past their start at once (`PollSlots`).
    let slots: PollSlots

    /// - Parameter maxPolls: polls under way at once, fetched or being fetched, parsed or merged:
    ///   the bodies held in memory while parsing falls behind fetching (the fetcher bounds the
    ///   transfers themselves).
    public init(writer: StoreWriter, fetcher: any Fetcher, logger: Logger, clock: any SyncClock = SystemClock(), maxPolls: Int = 256) {
        self.clock = clock
        slots = PollSlots(limit: maxPolls)
        self.writer = writer
        self.fetcher = fetcher
        self.logger = logger
        fingerprinter = Fingerprinter(parameters: writer.store.parameters)
        deadlines = HostDeadlines(writer: writer)
        articles = ArticleFetcher(fetcher: fetcher, deadlines: deadlines, clock: clock)
    }

    /// - Parameter revive: fetch even a feed disabled by a 410 (an explicit `syncctl sync`); a
    ///   successful fetch enables it again.
    /// - Throws: `SyncError(.store)` when the store fails; a failing feed is not an error but
    ///   part of the summary and of the source's stored state.
    public func poll(_ source: SourceSettings, revive: Bool = false) async throws(SyncError) -> SourceSummary {
        guard let settings = source.feed else { throw SyncError(.invalidArgument, "source \(source.name) is not a feed") }
        await slots.acquire()
        defer { slots.release() }
        var poll = Poll(source: source.name, settings: settings, now: clock.now())
        let stored = try store.feedState(source: source.name, url: settings.url)
        poll.state = stored?.state ?? FeedState(url: settings.url)
        poll.failures = stored?.consecutiveFailures ?? 0
        if let reason = poll.state.disabledReason, !revive {
            poll.summary.error = "disabled: \(reason)"
            poll.summary.result = .gone
            logger.warning("feed disabled", metadata: ["source.name": "\(source.name)", "reason": "\(reason)"])
            return poll.summary
        }
        let host = CurlFetcher.host(of: poll.state.currentURL) ?? ""
        if let deadline = deadlines.deadline(for: host, now: poll.now) {
            return try await deferPoll(&poll, host: host, deadline: deadline)
        }
        var request = FetchRequest(
            url: poll.state.currentURL, headers: settings.headers.map { HTTPHeader($0.name, $0.value) },
            userAgent: settings.userAgent ?? SyncdVersion.userAgent, etag: poll.state.etag, lastModified: poll.state.lastModified,
            limits: FetchLimits(connectTimeout: settings.connectTimeout, totalTimeout: settings.timeout, maxBodySize: settings.maxSize))
        // Checked again once a permit is held: a 429 from another feed on this host may have
        // arrived while this one waited its turn.
        let deadlines = self.deadlines, clock = self.clock
        request.beforeStart = { url in
            let host = CurlFetcher.host(of: url) ?? ""
            guard let deadline = deadlines.deadline(for: host, now: clock.now()) else { return nil }
            return SyncError(.deferred, "\(host) asked to wait until \(Timestamp.rfc3339(deadline.until)) (\(deadline.reason))", location: url)
        }
        let name = source.name
        request.afterResponse = { url, status, headers in
            guard status == 429 || status == 503, let value = headers.value("Retry-After"),
                let until = FeedSchedule.retryAfter(value, now: clock.now()), let host = CurlFetcher.host(of: url)
            else { return }
            deadlines.note(host, until: until, reason: "HTTP \(status) from \(name)")
        }
        poll.state.lastFetchAt = poll.now
        let response: FetchResponse
        do {
            response = try await fetcher.fetch(request)
        } catch {
            if error.code == .cancelled { throw error }
            if error.code == .deferred, let deadline = deadlines.deadline(for: host, now: clock.now()) {
                poll.state.lastFetchAt = stored?.state.lastFetchAt
                return try await deferPoll(&poll, host: host, deadline: deadline)
            }
            poll.state.lastStatus = nil
            return try await fail(&poll, SourceError(error))
        }
        poll.state.lastStatus = response.status
        poll.state.lastSeconds = response.seconds
        switch response.status {
        case 304:
            keepValidators(&poll, response)
            poll.state.lastResult = .notModified
            // Nothing new in the feed, but articles that failed before may be due again.
            let retries = try retryDrafts(source: poll.source, settings: settings, excluding: [])
            if !retries.isEmpty {
                let (documents, _) = await complete(
                    retries, source: poll.source, settings: settings, publicOnly: Self.publicOnly(response))
                try await merge(documents, into: &poll)
            }
            return try await succeed(&poll, response, ttl: nil)
        case 200..<300:
            let digest = Self.parseDigest(response, settings: settings)
            if digest == poll.state.parsedDigest {
                return try await reuseParse(&poll, response)
            }
            return try await ingest(&poll, response, digest: digest)
        case 410:
            poll.state.disabledReason = "410 Gone from \(response.url) at \(Timestamp.rfc3339(Date(timeIntervalSince1970: poll.now)))"
            poll.state.lastResult = .gone
            poll.state.nextDueAt = nil
            poll.state.backoffSeconds = nil
            let message = "\(response.url): HTTP 410 Gone: the feed was removed; it is no longer fetched (give the source a new url to resume)"
            try await record(poll, error: SourceError(code: .httpStatus, message: message))
            logger.error("feed gone", metadata: ["source.name": "\(poll.source)", "url": "\(response.url)"])
            poll.summary.error = message
            poll.summary.result = .gone
            return poll.summary
        case 429, 503:
            var message = "\(response.url): HTTP \(response.status) \(Self.reason(response.status))"
            if let value = response.headers.value("Retry-After"), let until = FeedSchedule.retryAfter(value, now: poll.now) {
                let host = CurlFetcher.host(of: response.url) ?? host
                try await deadlines.set(host, until: until, reason: "HTTP \(response.status) from \(poll.source)")
                message += "; Retry-After \(value): every source on \(host) waits until \(Timestamp.rfc3339(Date(timeIntervalSince1970: until)))"
                poll.retryAt = until
            }
            return try await fail(&poll, SourceError(code: .httpStatus, message: message))
        default:
            return try await fail(
                &poll, SourceError(code: .httpStatus, message: "\(response.url): HTTP \(response.status) \(Self.reason(response.status))"))
        }
    }

    /// Bookkeeping of one poll.
    struct Poll {
        let source: String
        let settings: FeedSettings
        let now: Double
        var state = FeedState(url: "")
        var failures = 0
        var summary: SourceSummary
        var retryAt: Double?

        init(source: String, settings: FeedSettings, now: Double) {
            self.source = source
            self.settings = settings
            self.now = now
            summary = SourceSummary(source: source)
        }
    }

    /// Parses a 200's body and merges its entries.
    /// - Parameter digest: the body's `parseDigest`, kept in the state when every entry was
    ///   stored without a problem (a later 200 with the same digest is then not parsed).
    private func ingest(_ poll: inout Poll, _ response: FetchResponse, digest: String) async throws(SyncError) -> SourceSummary {
        poll.summary.parsed = true
        let feed: ParsedFeed
        do {
            feed = try FeedParser().parse(
                response.body, contentType: response.headers.value("Content-Type"), baseURL: response.url,
                charset: poll.settings.charset)
        } catch {
            return try await fail(&poll, SourceError(code: error.code, message: "\(response.url): \(error.message)"))
        }
        if feed.bozo {
            logger.notice("feed repaired", metadata: ["source.name": "\(poll.source)", "reason": "\(feed.bozoReason ?? "")"])
        }
        let (drafts, entryProblems, repeated, unchanged) = try drafts(for: feed, source: poll.source, settings: poll.settings)
        poll.summary.skipped += repeated
        poll.summary.unchanged += unchanged
        let retries = try retryDrafts(source: poll.source, settings: poll.settings, excluding: Set(drafts.map(\.key)))
        let (documents, articleProblems) = await complete(
            drafts + retries, source: poll.source, settings: poll.settings, publicOnly: Self.publicOnly(response))
        let problems = entryProblems + articleProblems
        try await merge(documents, into: &poll)
        poll.summary.failed = problems.count
        for problem in problems {
            logger.warning(
                "entry not ingested", metadata: ["source.name": "\(poll.source)", "entry": "\(problem.key)", "reason": "\(problem.message)"])
        }
        keepValidators(&poll, response)
        // Recorded with the state, after the merges committed: a digest never stands for
        // entries that are not stored. A problem (an empty entry, an article that failed for
        // good) is reported again by parsing again, so such a body keeps no digest.
        poll.state.parsedDigest = problems.isEmpty ? digest : nil
        poll.state.ttl = feed.ttl
        poll.state.entries = feed.entries.count
        poll.state.publishInterval =
            FeedSchedule.publishInterval(feed.entries.compactMap { $0.published ?? $0.updated }) ?? poll.state.publishInterval
        poll.state.lastResult = poll.summary.created + poll.summary.updated > 0 ? .new : .unchanged
        return try await succeed(&poll, response, ttl: feed.ttl, problems: problems)
    }

    /// Merges documents in batches, counting what each did; each batch may share its
    /// transaction with other polls' (`StoreWriter.merge`).
    func merge(_ documents: [IncomingDocument], into poll: inout Poll) async throws(SyncError) {
        for start in stride(from: 0, to: documents.count, by: batchSize) {
            let batch = Array(documents[start..<min(start + batchSize, documents.count)])
            for result in try await writer.merge(batch, now: poll.now) {
                switch result.op {
                case .create?: poll.summary.created += 1
                case .update?: poll.summary.updated += 1
                default: poll.summary.unchanged += 1
                }
            }
        }
    }

    /// Whether the feed's article links may only lead to public addresses: unless the feed
    /// itself answered from a loopback, private or link-local address (an intranet feed, a
    /// test server), they may.
    static func publicOnly(_ response: FetchResponse) -> Bool {
        !(response.address.map(AddressPolicy.isPrivate) ?? false)
    }

    /// Turns a feed's entries into document drafts under keys that stay the same across fetches
    /// (see `FeedEntryResolver`); entries whose title and content are what is stored under
    /// their key are counted unchanged without extracting them again (with `full_text =
    /// "always"`, unless their link changed).
    private func drafts(
        for feed: ParsedFeed, source: String, settings: FeedSettings
    ) throws(SyncError)
        -> (drafts: [EntryDraft], problems: [SourceProblem], repeated: Int, unchanged: Int)
    {
        let known = try store.feedEntryKeys(source: source)
        let resolutions = FeedEntryResolver(known: known).resolve(feed.entries)
        var drafts: [EntryDraft] = [], problems: [SourceProblem] = []
        var repeated = 0, unchanged = 0
        for (entry, resolution) in zip(feed.entries, resolutions) {
            guard let resolution else {
                repeated += 1  // the same entry twice in one document
                continue
            }
            if let stored = known.byKey[resolution.key], stored.digest == resolution.digest,
                settings.fullText != .always || stored.link == resolution.link
            {
                unchanged += 1
                continue
            }
            let article = Article(
                title: HTMLText.plainText(entry.title ?? ""), text: entry.contentText ?? entry.summaryText ?? "",
                metadata: entry.metadata(language: feed.language))
            let link = entry.identityLink
            let articleURL = FullTextPolicy.wantsArticle(settings.fullText, text: article.text, link: link) ? link : nil
            guard !(article.title.isEmpty && article.text.isEmpty) || articleURL != nil else {
                problems.append(
                    SourceProblem(
                        key: resolution.key, code: SyncError.Code.empty.rawValue, message: "entry has neither a title nor text", at: clock.now()))
                continue
            }
            let original = entry.originalJSON
            drafts.append(EntryDraft(key: resolution.key, identity: resolution, article: article, original: original, articleURL: articleURL))
        }
        return (drafts, problems, repeated, unchanged)
    }

    /// A poll not made because the host asked to wait: no error, the next due time moved.
    private func deferPoll(_ poll: inout Poll, host: String, deadline: (until: Double, reason: String)) async throws(SyncError) -> SourceSummary {
        poll.state.lastResult = .deferred
        poll.state.nextDueAt = max(poll.state.nextDueAt ?? 0, deadline.until)
        poll.summary.result = .deferred
        try await writer.record(FetchRecord(source: poll.source, state: poll.state, now: poll.now, stateOnly: true))
        logger.info(
            "feed deferred",
            metadata: [
                "source.name": "\(poll.source)", "host": "\(host)",
                "until": "\(Timestamp.rfc3339(deadline.until))", "reason": "\(deadline.reason)",
            ])
        return poll.summary
    }

    func keepValidators(_ poll: inout Poll, _ response: FetchResponse) {
        if let etag = response.headers.value("ETag") { poll.state.etag = etag }
        if let lastModified = response.headers.value("Last-Modified") { poll.state.lastModified = lastModified }
    }

    func succeed(
        _ poll: inout Poll, _ response: FetchResponse, ttl: Int?, problems: [SourceProblem] = []
    ) async throws(SyncError) -> SourceSummary {
        let interval = FeedSchedule.interval(
            poll.settings, ttlMinutes: ttl, headers: response.headers,
            publishInterval: poll.state.publishInterval, now: poll.now)
        poll.state.nextDueAt = poll.now + interval
        poll.state.backoffSeconds = nil
        if let moved = response.permanentURL, moved != poll.state.currentURL {
            logger.notice(
                "feed moved permanently", metadata: ["source.name": "\(poll.source)", "from": "\(poll.state.currentURL)", "to": "\(moved)"])
            poll.state.currentURL = moved
        }
        if let reason = poll.state.disabledReason {
            logger.notice("feed enabled again", metadata: ["source.name": "\(poll.source)", "was": "\(reason)"])
            poll.state.disabledReason = nil
        }
        try await record(poll, error: nil, problems: problems)
        poll.summary.result = poll.state.lastResult
        poll.summary.httpStatus = response.status
        logger.info(
            "feed fetched",
            metadata: [
                "source.name": "\(poll.source)", "status": "\(response.status)", "result": "\(poll.state.lastResult?.rawValue ?? "")",
                "created": "\(poll.summary.created)", "updated": "\(poll.summary.updated)", "unchanged": "\(poll.summary.unchanged)",
                "parsed": "\(poll.summary.parsed.map(String.init) ?? "-")",
                "next": "\(Timestamp.rfc3339(Date(timeIntervalSince1970: poll.state.nextDueAt ?? poll.now)))",
            ])
        return poll.summary
    }

    private func fail(_ poll: inout Poll, _ error: SourceError) async throws(SyncError) -> SourceSummary {
        let message = error.message
        let backoff = FeedSchedule.backoff(failures: poll.failures + 1, poll.settings, jitter: jitter())
        poll.state.backoffSeconds = backoff
        poll.state.nextDueAt = max(poll.now + backoff, poll.retryAt ?? 0)
        poll.state.lastResult = .failed
        try await record(poll, error: error)
        logger.warning(
            "feed fetch failed",
            metadata: [
                "source.name": "\(poll.source)", "error": "\(message)", "failures": "\(poll.failures + 1)",
                "next": "\(Timestamp.rfc3339(Date(timeIntervalSince1970: poll.state.nextDueAt ?? poll.now)))",
            ])
        poll.summary.error = message
        poll.summary.result = .failed
        poll.summary.httpStatus = poll.state.lastStatus
        return poll.summary
    }

    /// Stores a fetch's outcome through the writer, in one transaction with the outcomes of
    /// other polls that finish meanwhile. Called after the poll's merges committed, so the
    /// state's validators never claim entries the store does not have.
    private func record(_ poll: Poll, error: SourceError?, problems: [SourceProblem] = []) async throws(SyncError) {
        try await writer.record(FetchRecord(source: poll.source, state: poll.state, error: error, problems: problems, now: poll.now))
    }

    static func reason(_ status: Int) -> String {
        switch status {
        case 400: "Bad Request"
        case 401: "Unauthorized"
        case 403: "Forbidden"
        case 404: "Not Found"
        case 429: "Too Many Requests"
        case 500: "Internal Server Error"
        case 502: "Bad Gateway"
        case 503: "Service Unavailable"
        case 504: "Gateway Timeout"
        default: status >= 500 ? "server error" : status >= 400 ? "client error" : "unexpected status"
        }
    }
}
