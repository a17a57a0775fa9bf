import ArgumentParser
import Foundation
import Storage
import StoreBackends
import SyncConfig
import SyncModel

/// `syncctl sources list|add|remove|discover|import|export`: the configured sources, edited in
/// the config file as text (validated before it is written, comments kept) and applied by the
/// running daemon at once.
struct SourcesCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "sources", abstract: "List, add, remove, discover, import or export sources in the configuration file.",
        subcommands: [List.self, Add.self, Remove.self, Discover.self, Import.self, Export.self], defaultSubcommand: List.self)

    struct List: ParsableCommand {
        static let configuration = CommandConfiguration(commandName: "list", abstract: "The configured sources.")
        @OptionGroup var options: ConfigOptions
        @Flag(name: .long, help: "Print JSON.") var json = false

        /// A source as `--json` prints it (`interval` in seconds, feeds only).
        struct Row: Encodable {
            let name: String
            let type: String
            let location: String
            let enabled: Bool
            let interval: Double?
            let tags: [String]
        }

        func run() throws {
            try reportingErrors {
                let config = try options.load()
                if json {
                    let rows = [(config.sources, true), (config.disabledSources, false)].flatMap { sources, enabled in
                        sources.map {
                            Row(
                                name: $0.name, type: $0.kind.rawValue, location: $0.location, enabled: enabled, interval: $0.feed?.interval,
                                tags: $0.tags)
                        }
                    }
                    return try printJSON(rows)
                }
                var table = TextTable("NAME", "TYPE", "LOCATION", "INTERVAL", "TAGS")
                for source in config.sources {
                    table.add(
                        source.name, source.kind.rawValue, source.location, source.feed.map { formatDuration($0.interval) } ?? "-",
                        source.tags.isEmpty ? "-" : source.tags.joined(separator: ", "))
                }
                print(table.render())
            }
        }
    }

    struct Add: AsyncParsableCommand {
        static let configuration = CommandConfiguration(commandName: "add", abstract: "Add a folder or feed source and reload the daemon.")
        @OptionGroup var options: ConfigOptions
        @Argument(help: "The new source's name.") var name: String
        @Option(name: .long, help: "A folder to watch.") var folder: String?
        @Option(name: .long, help: "A feed URL to poll.") var feed: String?
        @Option(name: .long, help: "The feed's polling interval, e.g. 15m.") var interval: String?

        func validate() throws {
            guard (folder == nil) != (feed == nil) else { throw ValidationError("give exactly one of --folder PATH or --feed URL") }
            if interval != nil && feed == nil { throw ValidationError("--interval is for feeds") }
        }

        func run() async throws {
            try await reportingErrors {
                var origin = SourceDraft.Origin.feed(url: feed ?? "", interval: interval)
                if let folder { origin = .folder(path: URL(fileURLWithPath: folder).standardizedFileURL.path) }
                try ConfigFile.append(SourceDraft(name: name, origin: origin).toml, to: options.path)
                print("added \(name)")
                try await reloadDaemon(options)
            }
        }
    }

    struct Remove: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "remove", abstract: "Remove a source (its documents stay) and reload the daemon.")
        @OptionGroup var options: ConfigOptions
        @Argument(help: "The source's name.") var name: String

        func run() async throws {
            try await reportingErrors {
                let config = try options.load()
                guard let source = config.sources.first(where: { $0.name == name }) else {
                    throw SyncError(.notFound, "no enabled source named \"\(name)\"", location: config.path)
                }
                try ConfigFile.edit(options.path) { text in
                    var lines = text.components(separatedBy: "\n")
                    let start = source.line - 1
                    var end = start + 1
                    while end < lines.count, !lines[end].trimmingCharacters(in: .whitespaces).hasPrefix("[") { end += 1 }
                    // Comments and blank lines after the source's last key belong to what follows.
                    while end > start + 1 {
                        let line = lines[end - 1].trimmingCharacters(in: .whitespaces)
                        guard line.isEmpty || line.hasPrefix("#") else { break }
                        end -= 1
                    }
                    lines.removeSubrange(start..<end)
                    return lines.joined(separator: "\n")
                }
                print("removed \(name) (its documents stay in the store)")
                try await reloadDaemon(options)
            }
        }
    }
}

/// Asks a running daemon to reload the configuration file a command just changed.
/// - Parameter quiet: say nothing (standard output is JSON).
func reloadDaemon(_ options: ConfigOptions, quiet: Bool = false) async throws(SyncError) {
    guard let client = try? DaemonClient.connect(options) else { return }
    _ = try await client.post("/v1/reload")
    if !quiet { print("the running syncd reloaded its configuration") }
}
