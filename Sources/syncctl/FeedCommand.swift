import ArgumentParser
import Extract
import Feeds
import Folders
import Fetch
import Foundation
import Storage
import SyncModel

/// `syncctl feed FILE|URL --json`: what syncd's fetcher and feed parser see in a feed.
struct FeedCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "feed", abstract: "The title, link, language and entries syncd's parser reads from an RSS, Atom or JSON feed.")

    /// Feeds larger than this are refused, as syncd refuses them.
    static let maxFeedSize = 10 * 1024 * 1024

    @Argument(help: "A feed file or an http(s) URL (RSS 0.9x/1.0/2.0, Atom 0.3/1.0 or JSON Feed).") var file: String
    @Flag(name: .long, help: "Print the parsed feed as JSON, dates as RFC 3339 UTC.") var json = false
    @Option(name: .long, help: "The Content-Type to assume; its charset wins over the XML declaration.")
    var contentType: String?
    @Option(name: .long, help: "The feed's URL, against which relative links are resolved (a fetched URL is its own base).")
    var baseURL: String?
    @Option(name: .long, help: "A charset that wins over the HTTP header, the BOM and the XML declaration.") var charset: String?

    func run() async throws {
        try await reportingErrors {
            let feed: ParsedFeed
            do {
                if isURL {
                    let response = try await fetch()
                    feed = try FeedParser().parse(
                        response.body, contentType: contentType ?? response.headers.value("Content-Type"),
                        baseURL: baseURL ?? response.url, charset: charset)
                } else {
                    feed = try FeedParser().parse(readFeed(), contentType: contentType, baseURL: baseURL, charset: charset)
                }
            } catch var error as SyncError {
                if error.location == nil { error.location = file }
                throw error
            }
            if json {
                try printJSON(feed)
            } else {
                printSummary(feed)
            }
        }
    }

    private var isURL: Bool {
        guard let scheme = file.range(of: "://") else { return false }
        return file[..<scheme.lowerBound].allSatisfy(\.isLetter)
    }

    /// GETs the feed as syncd would (same User-Agent, limits and redirect rules).
    /// - Throws: `SyncError` for a transport failure or a status other than 2xx.
    private func fetch() async throws(SyncError) -> FetchResponse {
        let response = try await CurlFetcher(perHost: 1, total: 1).fetch(FetchRequest(url: file, limits: FetchLimits(maxBodySize: Self.maxFeedSize)))
        guard (200..<300).contains(response.status) else {
            throw SyncError(.httpStatus, "HTTP \(response.status)", location: response.url)
        }
        return response
    }

    /// - Throws: `SyncError` `.unreadable` or `.tooLarge` for a file that cannot be read whole.
    private func readFeed() throws(SyncError) -> [UInt8] {
        let url = URL(fileURLWithPath: file)
        let size: Int
        do {
            size = try url.resourceValues(forKeys: [.fileSizeKey]).fileSize ?? 0
        } catch {
            throw SyncError(.unreadable, "cannot read the file", location: file, cause: error)
        }
        guard size <= Self.maxFeedSize else {
            throw SyncError(.tooLarge, "\(size) bytes, over the \(Self.maxFeedSize)-byte limit for a feed", location: file)
        }
        do {
            return try [UInt8](Data(contentsOf: url))
        } catch {
            throw SyncError(.unreadable, "cannot read the file", location: file, cause: error)
        }
    }

    private func printSummary(_ feed: ParsedFeed) {
        print("title:    \(feed.title ?? "-")")
        print("link:     \(feed.link ?? "-")")
        print("language: \(feed.language ?? "-")")
        if feed.bozo { print("repaired: \(feed.bozoReason ?? "yes")") }
        print("entries:  \(feed.entries.count)")
        // The keys ingest would give these entries in a store that has not seen the feed yet.
        let identities = FeedEntryResolver(known: FeedEntryKeys()).resolve(feed.entries)
        for (entry, identity) in zip(feed.entries, identities) {
            let date = (entry.published ?? entry.updated).map { ISO8601DateFormatter().string(from: $0) } ?? "-"
            print("  \(date)  \(identity?.key ?? "(repeat)")  \(entry.title ?? "(untitled)")")
        }
    }
}
