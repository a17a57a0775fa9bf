import Foundation
import Extract
import Fingerprint
import Fetch
import Logging
import Storage
import SyncConfig
import SyncModel

/// Full-text fetch (`full_text`): entries whose text is a summary are completed with the
/// article their link leads to. The article's extracted text becomes the document's text, the
/// entry's own text is kept beside it as its summary, and the page's bytes are kept compressed.
/// A fetch that fails in a way that may pass stores the entry with its summary, marked pending,
/// and is retried with the feeds' backoff; its success then makes a new version.
extension FeedIngestor {
    /// Attempts before a pending article is given up as failed.
    static let articleAttempts = 8

    /// An entry about to become a document.
    struct EntryDraft {
        var key: String
        var identity: FeedEntryIdentity?
        /// The entry's title, own text and metadata.
        var article: Article
        var original: [UInt8]?
        /// The page to complete it from, when `full_text` wants one.
        var articleURL: String?
        /// Failed attempts so far (retries of pending articles).
        var attempts = 0
    }

    /// The documents for `drafts`: each draft that wants its article gets it fetched (once per
    /// URL), the others are stored as the entry gave them.
    /// - Parameter publicOnly: links may only lead to public addresses (the feed is on one).
    func complete(
        _ drafts: [EntryDraft], source: String, settings: FeedSettings, publicOnly: Bool
    ) async -> (documents: [IncomingDocument], problems: [SourceProblem]) {
        let urls = Array(Set(drafts.compactMap(\.articleURL)))
        let options = ArticleRequestOptions(
            source: source, userAgent: settings.userAgent ?? SyncdVersion.userAgent,
            limits: FetchLimits(connectTimeout: settings.connectTimeout, totalTimeout: settings.timeout, maxBodySize: settings.maxSize),
            publicOnly: publicOnly)
        let articles = self.articles
        let outcomes = await withTaskGroup(of: (String, ArticleOutcome).self) { group in
            for url in urls {
                group.addTask { (url, await articles.fetch(url, options: options)) }
            }
            var outcomes: [String: ArticleOutcome] = [:]
            for await (url, outcome) in group { outcomes[url] = outcome }
            return outcomes
        }
        var documents: [IncomingDocument] = [], problems: [SourceProblem] = []
        var counts: [ArticleStatus: Int] = [:]
        for draft in drafts {
            var article = draft.article
            var summary: String?, page: [UInt8]?, state: ArticleState?
            if let url = draft.articleURL, let outcome = outcomes[url] {
                (article, summary, page, state) = resolve(draft, url: url, outcome: outcome, settings: settings)
                if let state { counts[state.status, default: 0] += 1 }
            }
            guard !(article.title.isEmpty && article.text.isEmpty) else {
                problems.append(
                    SourceProblem(
                        key: draft.key, code: SyncError.Code.empty.rawValue,
                        message: "entry has neither a title nor text" + (state?.reason.map { " (article: \($0))" } ?? ""), at: clock.now()))
                continue
            }
            documents.append(
                IncomingDocument(
                    source: source, key: draft.key, article: article, fingerprint: fingerprinter.fingerprint(article), stamp: nil,
                    entry: draft.identity, original: draft.original, summary: summary, page: page, articleState: state))
        }
        if !urls.isEmpty {
            logger.info(
                "articles fetched",
                metadata: [
                    "source.name": "\(source)", "urls": "\(urls.count)", "fetched": "\(counts[.fetched] ?? 0)",
                    "pending": "\(counts[.pending] ?? 0)", "failed": "\(counts[.failed] ?? 0)", "blocked": "\(counts[.blocked] ?? 0)",
                ])
        }
        return (documents, problems)
    }

    /// The document's article, summary, page and article state for one fetch outcome.
    private func resolve(
        _ draft: EntryDraft, url: String, outcome: ArticleOutcome, settings: FeedSettings
    ) -> (Article, String?, [UInt8]?, ArticleState?) {
        let now = clock.now()
        let entry = draft.article
        switch outcome {
        case .page(let body, let pageURL, let charset):
            let extracted = HTMLExtractor().extract(html: body, charset: charset)
            // A page with less text than the entry is not its article (a paywall, a script shell).
            guard !extracted.text.isEmpty, extracted.text.count >= entry.text.count else {
                let reason = "\(pageURL): the page's text (\(extracted.text.count) characters) is shorter than the entry's (\(entry.text.count))"
                return (entry, entry.text, nil, ArticleState(url: url, status: .failed, reason: reason, attempts: draft.attempts))
            }
            var metadata = entry.metadata
            let found = extracted.metadata
            if metadata.authors.isEmpty { metadata.authors = found.authors }
            metadata.published = metadata.published ?? found.published
            metadata.modified = metadata.modified ?? found.modified
            metadata.language = metadata.language ?? found.language
            metadata.direction = metadata.direction ?? found.direction
            metadata.siteName = metadata.siteName ?? found.siteName
            metadata.description = metadata.description ?? found.description
            metadata.canonicalURL = metadata.canonicalURL ?? found.canonicalURL ?? pageURL
            let article = Article(title: entry.title.isEmpty ? extracted.title : entry.title, text: extracted.text, metadata: metadata)
            return (article, entry.text, body, ArticleState(url: url, status: .fetched, fetchedAt: now))
        case .blocked(let reason):
            return (entry, entry.text, nil, ArticleState(url: url, status: .blocked, reason: reason, attempts: draft.attempts))
        case .failed(let reason, let retry):
            let attempts = retry == .never ? draft.attempts : draft.attempts + (retry == .backoff ? 1 : 0)
            var state = ArticleState(url: url, status: .failed, reason: reason, attempts: attempts)
            switch retry {
            case .never:
                break
            case .backoff where attempts >= Self.articleAttempts:
                state.reason = "gave up after \(attempts) attempts: \(reason)"
            case .backoff:
                state.status = .pending
                state.nextAttemptAt = now + FeedSchedule.backoff(failures: attempts, settings, jitter: jitter())
            case .at(let until):
                state.status = .pending
                state.nextAttemptAt = max(until, now)
            }
            return (entry, entry.text, nil, state)
        }
    }

    /// Drafts for the source's pending articles whose retry is due, leaving out `handled` keys
    /// (entries of this fetch, drafted from the feed itself).
    func retryDrafts(source: String, settings: FeedSettings, excluding handled: Set<String>) throws(SyncError) -> [EntryDraft] {
        guard settings.fullText != .never else { return [] }
        return try store.articleRetries(source: source, now: clock.now()).compactMap { retry in
            guard !handled.contains(retry.key) else { return nil }
            return EntryDraft(
                key: retry.key, identity: retry.entry, article: Article(title: retry.title, text: retry.summary, metadata: retry.metadata),
                original: retry.original, articleURL: retry.state.url, attempts: retry.state.attempts)
        }
    }
}
