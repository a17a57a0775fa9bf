import ArgumentParser
import Foundation
import StoreBackends
import SyncConfig
import SyncModel

/// `syncctl migrate --to postgresql://…`: copies the configured SQLite store into an empty
/// PostgreSQL database, resumably, and checks every table's count at the end.
struct MigrateCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "migrate",
        abstract: "Copy the configured SQLite store into an empty PostgreSQL database (resumable; counts verified).",
        discussion: """
            Stop syncd first. The password is read from the URL, else $PGPASSWORD. Run it again after an \
            interruption to continue the copy; a database holding anything else is refused. Afterwards set \
            [store] url to the same URL (and remove [store] path).
            """)

    @OptionGroup var options: ConfigOptions
    @Option(name: .long, help: "The PostgreSQL database: postgresql://USER[:PASSWORD]@HOST[:PORT]/DB (or ?host=/socket/folder).")
    var to: String

    func run() throws {
        try reportingErrors {
            let config = try options.load()
            guard config.store.postgres == nil else {
                throw SyncError(.invalidArgument, "the configured store is PostgreSQL already; migrate copies a SQLite store ([store] path)")
            }
            let url: PostgresURL
            do throws(SyncError) {
                url = try PostgresURL(to)
            } catch {
                throw SyncError(.invalidArgument, "--to: \(error.message)")
            }
            let started = Date()
            var last = ""
            let report = try StoreMigrator.migrate(
                sqlite: config.store.path, to: url, password: ProcessInfo.processInfo.environment["PGPASSWORD"], parameters: config.dedup
            ) { table, rows in
                if table != last {
                    if !last.isEmpty { FileHandle.standardError.write(Data("\n".utf8)) }
                    last = table
                }
                FileHandle.standardError.write(Data("\r\(table): \(rows) rows".utf8))
            }
            if !last.isEmpty { FileHandle.standardError.write(Data("\n".utf8)) }
            print(report.resumed ? "resumed an earlier copy into \(url)" : "copied \(config.store.path) into \(url)")
            for (table, rows) in report.counts { print("  \(table.padding(toLength: 16, withPad: " ", startingAt: 0)) \(rows) rows (verified)") }
            print(String(format: "in %.1f s", Date().timeIntervalSince(started)))
        }
    }
}
