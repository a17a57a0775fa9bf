import ArgumentParser
import Feeds
import Fetch
import Foundation
import SyncConfig
import SyncModel

extension SourcesCommand {
    /// `syncctl sources discover URL [--add] [--json]`: the feeds a page advertises or has at the
    /// usual paths, each fetched and parsed as syncd would.
    struct Discover: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "discover",
            abstract: "Find the feeds a page advertises (and common feed paths), check each by fetching and parsing it, and optionally add them.",
            discussion: "Exits 1 when no working feed is found.")
        @OptionGroup var options: ConfigOptions
        @Argument(help: "A page (or feed) URL, http or https.") var url: String
        @Flag(name: .long, help: "Append each working feed not configured yet as a feed source, and reload the daemon.") var add = false
        @Flag(name: .long, help: "Print JSON: {\"page\", \"finalURL\", \"candidates\": [...], \"added\", \"configured\"}.") var json = false

        func validate() throws {
            let lower = url.lowercased()
            guard lower.hasPrefix("http://") || lower.hasPrefix("https://") else { throw ValidationError("URL must start with http:// or https://") }
        }

        /// What `--json` prints.
        struct Output: Encodable {
            var page: String
            var finalURL: String?
            var candidates: [FeedCandidate]
            /// With `--add`: the sources appended.
            var added: [Added]?
            /// With `--add`: working feeds already configured, and the source that has them.
            var configured: [Added]?
        }

        struct Added: Encodable {
            var name: String
            var url: String
        }

        func run() async throws {
            try await reportingErrors {
                // Without --add the file only supplies [feeds] settings; none is needed.
                let config: SyncdConfig? =
                    !add && options.config == nil && !FileManager.default.fileExists(atPath: options.path) ? nil : try options.load()
                let feeds = config?.feeds ?? FeedDefaults()
                let discovery = FeedDiscovery(
                    fetcher: CurlFetcher(perHost: feeds.perHost, total: feeds.concurrency),
                    limits: FetchLimits(connectTimeout: feeds.connectTimeout, totalTimeout: feeds.timeout, maxBodySize: feeds.maxSize),
                    userAgent: feeds.userAgent ?? SyncdVersion.userAgent)
                let report = try await discovery.discover(url)
                var output = Output(page: report.page, finalURL: report.finalURL, candidates: report.candidates)
                if add, let config {
                    (output.added, output.configured) = try addWorking(report, to: config)
                }
                if json {
                    try printJSON(output)
                } else {
                    printReport(report)
                    for source in output.configured ?? [] { print("already configured as \(source.name): \(source.url)") }
                    for source in output.added ?? [] { print("added \(source.name): \(source.url)") }
                }
                if !(output.added ?? []).isEmpty { try await reloadDaemon(options, quiet: json) }
                guard !report.working.isEmpty else {
                    throw SyncError(.unsupported, "no working feed found", location: report.finalURL ?? report.page)
                }
            }
        }

        /// Appends the working feeds that no source polls yet.
        /// - Returns: the sources added, and the working feeds configured already with their source.
        private func addWorking(_ report: FeedDiscoveryReport, to config: SyncdConfig) throws(SyncError) -> ([Added], [Added]) {
            var roster = SourceRoster(config: config)
            var drafts: [SourceDraft] = []
            var configured: [Added] = []
            for candidate in report.working {
                if let holder = roster.holder(ofURL: candidate.url) ?? candidate.finalURL.flatMap(roster.holder(ofURL:)) {
                    configured.append(Added(name: holder.name, url: candidate.url))
                    continue
                }
                let title = candidate.title ?? candidate.linkTitle
                let name = roster.derivedName(from: title, url: candidate.url)
                roster.add(name: name, url: candidate.url)
                drafts.append(SourceDraft(name: name, origin: .feed(url: candidate.url, interval: nil), note: title == name ? nil : title))
            }
            if !drafts.isEmpty {
                let block = SourceDraft.block(drafts, addedBy: "syncctl sources discover \(url)", at: Date().timeIntervalSince1970)
                try ConfigFile.append(block, to: options.path)
            }
            return (drafts.map { Added(name: $0.name, url: $0.feedURL ?? "") }, configured)
        }

        private func printReport(_ report: FeedDiscoveryReport) {
            print("page \(report.page)" + (report.finalURL.map { " (moved to \($0))" } ?? ""))
            var table = TextTable("URL", "FROM", "RESULT", "FORMAT", "ENTRIES", "TITLE OR ERROR")
            for candidate in report.candidates {
                let from =
                    switch candidate.origin {
                    case .given: "given URL"
                    case .link: "link"
                    case .guess: "guessed path"
                    }
                let result = candidate.ok ? (candidate.sameAs.map { "same as \($0)" } ?? "ok") : "failed"
                let detail = candidate.ok ? candidate.title ?? "-" : (candidate.error ?? "-")
                table.add(
                    candidate.url + (candidate.finalURL.map { " → \($0)" } ?? ""), from, result, candidate.format ?? "-",
                    candidate.entries.map(String.init) ?? "-", detail)
            }
            print(table.render())
            let working = report.working.count
            print("\n\(working == 1 ? "1 working feed" : "\(working) working feeds") of \(report.candidates.count) candidates")
        }
    }
}
