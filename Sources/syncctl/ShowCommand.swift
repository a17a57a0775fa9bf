import ArgumentParser
import Foundation
import Storage
import StoreBackends
import SyncModel

struct ShowCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "show", abstract: "A document's stored title and text, at its latest or a given version.")

    @OptionGroup var options: ConfigOptions
    @Argument(help: "Document id, or SOURCE:KEY.") var document: String
    @Option(name: .long, help: "Version to show (default: the latest).") var version: Int?
    @Flag(name: .long, help: "Print JSON.") var json = false

    func validate() throws {
        if let version, version < 1 { throw ValidationError("--version must be 1 or more") }
    }

    func run() throws {
        try reportingErrors {
            let store = try options.openStore()
            let view = try store.document(try store.resolve(document), version: version)
            if json { return try printJSON(view) }
            print(
                "doc \(view.doc)  \(view.source):\(view.key)  version \(view.version) of \(view.latestVersion)"
                    + (view.deleted ? "  (deleted)" : "")
                    + (view.cluster.map { "  cluster \($0)" + (view.canonical ? " (canonical)" : "") } ?? ""))
            for line in Self.metadataLines(view.metadata) { print(line) }
            if let article = view.article { print(Self.articleLine(article)) }
            print("")
            print(view.title)
            print("")
            print(view.text)
            if let summary = view.summary, summary != view.text {
                print("")
                print("summary (the feed's own text):")
                print(summary)
            }
        }
    }
}

extension ShowCommand {
    /// Where a feed document's article stands: `article fetched 2026-...`, `article pending
    /// (attempt 2, next 2026-...): REASON`.
    static func articleLine(_ article: ArticleState) -> String {
        var line = "article \(article.status.rawValue) \(article.url)"
        if let fetched = article.fetchedAt, article.status == .fetched { line += " at \(formatTime(fetched))" }
        if article.status == .pending {
            line += " (\(article.attempts) failed attempt\(article.attempts == 1 ? "" : "s")"
            line += article.nextAttemptAt.map { ", next \(formatTime($0)))" } ?? ")"
        }
        if let reason = article.reason { line += ": \(reason)" }
        return line
    }

    /// One line per metadata field that is set, for the text output.
    static func metadataLines(_ metadata: ArticleMetadata) -> [String] {
        var lines: [String] = []
        if !metadata.authors.isEmpty { lines.append("by \(metadata.authors.joined(separator: ", "))") }
        if let published = metadata.published { lines.append("published \(Timestamp.rfc3339(published))") }
        if let modified = metadata.modified { lines.append("modified \(Timestamp.rfc3339(modified))") }
        if let siteName = metadata.siteName { lines.append("site \(siteName)") }
        if let url = metadata.canonicalURL { lines.append("url \(url)") }
        let language = [metadata.language, metadata.direction].compactMap { $0 }
        if !language.isEmpty { lines.append("language \(language.joined(separator: " "))") }
        if let description = metadata.description { lines.append("description \(description)") }
        return lines
    }
}

struct VersionsCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "versions", abstract: "Every stored version of a document.")

    @OptionGroup var options: ConfigOptions
    @Argument(help: "Document id, or SOURCE:KEY.") var document: String
    @Flag(name: .long, help: "Print JSON.") var json = false

    func run() throws {
        try reportingErrors {
            let store = try options.openStore()
            let versions = try store.versions(try store.resolve(document))
            if json { return try printJSON(versions) }
            var table = TextTable("VERSION", "CREATED", "BYTES", "TOKENS", "TITLE")
            for v in versions {
                table.add("\(v.version)", formatTime(v.createdAt), "\(v.bytes)", "\(v.tokens)", String(v.title.prefix(60)))
            }
            print(table.render())
        }
    }
}
