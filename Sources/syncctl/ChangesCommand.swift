import ArgumentParser
import Foundation
import Storage
import StoreBackends
import SyncModel

struct ChangesCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "changes", abstract: "The change log as JSON Lines, oldest first, from a cursor.")

    @OptionGroup var options: ConfigOptions
    @Option(name: .long, help: "Print changes with seq greater than this.") var since: Int64 = 0
    @Option(name: .long, help: "At most this many changes.") var limit: Int?
    @Flag(name: .long, help: "Keep printing new changes as they commit (until interrupted or --limit is reached).") var follow = false

    func validate() throws {
        if since < 0 { throw ValidationError("--since must be 0 or more") }
        if let limit, limit < 1 { throw ValidationError("--limit must be at least 1") }
    }

    func run() throws {
        try reportingErrors {
            let store = try options.openStore()
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
            var cursor = since
            var left = limit ?? Int.max
            while left > 0 {
                let page = try store.changes(since: cursor, limit: min(left, 1000))
                for change in page {
                    FileHandle.standardOutput.write(try encoder.encode(change) + Data("\n".utf8))
                }
                left -= page.count
                if let last = page.last { cursor = last.seq }
                if page.count == 1000 { continue }
                // The store is read as it commits (WAL): a new change shows up within the poll interval.
                guard follow, left > 0 else { break }
                Thread.sleep(forTimeInterval: 0.2)
            }
        }
    }
}
