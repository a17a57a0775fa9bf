import ArgumentParser
import Foundation
import Store
import SyncModel

struct ChangesCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "changes", abstract: "The change log as JSON Lines, oldest first, from a cursor.")

    @OptionGroup var options: ConfigOptions
    @Option(name: .long, help: "Print changes with seq greater than this.") var since: Int64 = 0
    @Option(name: .long, help: "At most this many changes.") var limit: Int?

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
                guard let last = page.last, page.count == min(left, 1000) else { break }
                cursor = last.seq
                left -= page.count
            }
        }
    }
}
