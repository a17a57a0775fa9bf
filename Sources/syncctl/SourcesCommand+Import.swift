import ArgumentParser
import Feeds
import Foundation
import SyncConfig
import SyncModel

extension SourcesCommand {
    /// `syncctl sources import FILE.opml [--dry-run]`: a feed source per outline, categories as tags.
    struct Import: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "import",
            abstract: "Add a feed source for each outline of an OPML file (its categories become the source's tags) and reload the daemon.",
            discussion: """
                Nothing is written when an outline is in error (no xmlUrl, a URL that is not http or https, a name \
                another source or outline has); outlines whose feed is configured already are skipped.
                """)
        @OptionGroup var options: ConfigOptions
        @Argument(help: "An OPML 1.0 or 2.0 file.") var file: String
        @Flag(name: .long, help: "Print what would be added (and the TOML that would be appended); write nothing.") var dryRun = false

        func run() async throws {
            try await reportingErrors {
                let config = try options.load()
                guard let data = FileManager.default.contents(atPath: file) else {
                    throw SyncError(.unreadable, "cannot read the OPML file (missing, a folder, or permission denied)", location: file)
                }
                let plan = OPMLImport(try OPMLDocument.parse([UInt8](data), file: file), into: config)
                for note in plan.skipped { print("skipped \(file):\(note.line): \(note.message)") }
                for note in plan.errors { FileHandle.standardError.write(Data("syncctl: \(file):\(note.line): \(note.message)\n".utf8)) }
                guard plan.errors.isEmpty else {
                    let count = plan.errors.count == 1 ? "1 outline is" : "\(plan.errors.count) outlines are"
                    throw SyncError(.invalidInput, "\(count) in error; nothing was written to \(config.path)", location: file)
                }
                guard !plan.additions.isEmpty else {
                    print("nothing to add: every feed of \(file) is configured already")
                    return
                }
                var table = TextTable("LINE", "NAME", "URL", "TAGS")
                for addition in plan.additions {
                    table.add("\(addition.line)", addition.draft.name, addition.draft.feedURL ?? "", addition.draft.tags.joined(separator: ", "))
                }
                let name = URL(fileURLWithPath: file).lastPathComponent
                let block = SourceDraft.block(
                    plan.additions.map(\.draft), addedBy: "syncctl sources import \(name)", at: Date().timeIntervalSince1970)
                try ConfigFile.append(block, to: options.path, dryRun: dryRun)
                let count = plan.additions.count == 1 ? "1 feed source" : "\(plan.additions.count) feed sources"
                print(table.render())
                if dryRun {
                    print("\nwould add \(count) to \(config.path) (nothing written); the text to append:\n\n" + block, terminator: "")
                    return
                }
                print("added \(count) to \(config.path)")
                try await reloadDaemon(options)
            }
        }
    }
}
