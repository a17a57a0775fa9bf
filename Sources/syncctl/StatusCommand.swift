import ArgumentParser
import Foundation
import Store
import SyncModel

struct StatusCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "status", abstract: "Store figures, per-source counts and the latest errors.")

    @OptionGroup var options: ConfigOptions
    @Flag(name: .long, help: "Print JSON.") var json = false

    func run() throws {
        try reportingErrors {
            let status = try options.openStore().status()
            if json { return try printJSON(status) }
            print("store        \(status.store) (\(formatBytes(status.storeBytes)))")
            print("documents    \(status.documents) live, \(status.deleted) deleted, \(status.versions) versions")
            print("clusters     \(status.clusters) with \(status.duplicates) duplicates (duplicate ratio \(String(format: "%.1f%%", status.duplicateRatio * 100)))")
            print("change head  \(status.changeHead)")
            print("")
            var table = TextTable("SOURCE", "TYPE", "DOCS", "DELETED", "VERSIONS", "SKIPPED", "FAILED", "LAST SCAN", "LAST ERROR")
            for source in status.sources {
                table.add(source.name, source.type, "\(source.documents)", "\(source.deleted)", "\(source.versions)",
                          "\(source.filesSkipped)", "\(source.filesFailed)", formatTime(source.lastScanAt), source.lastError ?? "-")
            }
            print(table.render())
            for source in status.sources where !source.problems.isEmpty {
                print("\nfiles of \(source.name) not ingested in the last scan:")
                for problem in source.problems { print("  \(problem.key): \(problem.message) [\(problem.code)]") }
            }
        }
    }
}
