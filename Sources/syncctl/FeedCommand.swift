import ArgumentParser
import Extract
import Foundation
import SyncModel

/// `syncctl feed FILE --json`: what syncd's feed parser sees in a feed.
struct FeedCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "feed", abstract: "The title, link, language and entries syncd's parser reads from an RSS, Atom or JSON feed.")

    /// Feeds larger than this are refused, as syncd refuses them.
    static let maxFeedSize = 10 * 1024 * 1024

    @Argument(help: "A feed file (RSS 0.9x/1.0/2.0, Atom 0.3/1.0 or JSON Feed).") var file: String
    @Flag(name: .long, help: "Print the parsed feed as JSON, dates as RFC 3339 UTC.") var json = false
    @Option(name: .long, help: "The Content-Type to assume; its charset wins over the XML declaration.")
    var contentType: String?
    @Option(name: .long, help: "The feed's URL, against which relative links are resolved.") var baseURL: String?

    func run() throws {
        try reportingErrors {
            let feed: ParsedFeed
            do {
                feed = try FeedParser().parse(readFeed(), contentType: contentType, baseURL: baseURL)
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

    /// - Throws: `SyncError` `.unsupported` for a URL (fetching is a later issue), `.unreadable`
    ///   or `.tooLarge` for a file that cannot be read whole.
    private func readFeed() throws(SyncError) -> [UInt8] {
        if let scheme = file.range(of: "://"), file[..<scheme.lowerBound].allSatisfy(\.isLetter) {
            throw SyncError(.unsupported, "fetching a feed by URL is not supported yet; save it to a file first", location: file)
        }
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
        for (index, entry) in feed.entries.enumerated() {
            let date = (entry.published ?? entry.updated).map { ISO8601DateFormatter().string(from: $0) } ?? "-"
            print("  \(date)  \(entryKey(entry, index: index))  \(entry.title ?? "(untitled)")")
        }
    }
}
