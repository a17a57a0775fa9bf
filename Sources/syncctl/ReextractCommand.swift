import ArgumentParser
import Folders
import Foundation
import Storage
import StoreBackends
import SyncConfig
import SyncModel

/// `syncctl reextract [SOURCE] [--dry-run] [--json]`: the current extractor and each source's
/// chrome model applied to the inputs the store keeps; a new version only where the stored text
/// changes. Through the running daemon when there is one (it holds the store's index), else on
/// the store directly; a dry run only reads.
struct ReextractCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "reextract",
        abstract: "Extract the kept inputs of folder sources again; new versions where the stored text changes.")

    @OptionGroup var options: ConfigOptions
    @Argument(help: "A folder source; every folder source when absent.") var source: String?
    @Flag(name: .long, help: "Count what would change; write nothing.") var dryRun = false
    @Flag(name: .long, help: "Print JSON.") var json = false

    /// The JSON printed: per source, and the totals.
    struct Report: Encodable {
        var dryRun: Bool
        var sources: [ReextractSummary]
        var total: Total

        struct Total: Encodable {
            var documents = 0, inputs = 0, changed = 0, failures = 0
        }
    }

    func run() async throws {
        try await reportingErrors {
            let config = try options.load()
            let names = try config.reextractSources(source)
            let reader = try StoreBackends.openReader(config)
            let summaries: [ReextractSummary]
            if dryRun {
                let reextractor = Reextractor(store: reader, writer: nil)
                summaries = try names.map { name throws(SyncError) in try reextractor.reextract(source: name, maxFileSize: config.ingest.maxFileSize)
                }
            } else if try DaemonClient.running(reader) != nil {
                let client = try DaemonClient.connect(options)
                let path =
                    source.map { "/v1/sources/\($0.addingPercentEncoding(withAllowedCharacters: .urlPathAllowed) ?? $0)/reextract" }
                    ?? "/v1/reextract"
                let answer = try await client.post(path)
                guard let data = try? JSONSerialization.data(withJSONObject: answer),
                    let decoded = try? JSONDecoder().decode(ReextractAnswer.self, from: data)
                else { throw SyncError(.store, "the daemon's answer is not a reextract summary", location: client.socket) }
                summaries = decoded.sources
            } else {
                let store = try StoreBackends.open(config)
                try store.registerSources(config.sources.map { StoreSource(name: $0.name, kind: $0.kind, location: $0.location) })
                let reextractor = Reextractor(store: store, writer: StoreWriter(store: store))
                summaries = try names.map { name throws(SyncError) in try reextractor.reextract(source: name, maxFileSize: config.ingest.maxFileSize)
                }
            }
            var total = Report.Total()
            for summary in summaries {
                total.documents += summary.documents
                total.inputs += summary.inputs
                total.changed += summary.changed
                total.failures += summary.failures.count
            }
            if json {
                try printJSON(Report(dryRun: dryRun, sources: summaries, total: total))
                return
            }
            var table = TextTable("SOURCE", "DOCUMENTS", "INPUTS", "KNOWN CHROME", dryRun ? "WOULD CHANGE" : "NEW VERSIONS", "FAILED")
            for summary in summaries {
                table.add(
                    summary.source, "\(summary.documents)", "\(summary.inputs)", "\(summary.knownChrome)", "\(summary.changed)",
                    "\(summary.failures.count)")
            }
            table.add("total", "\(total.documents)", "\(total.inputs)", "-", "\(total.changed)", "\(total.failures)")
            print(table.render())
            for summary in summaries {
                for failure in summary.failures { print("\(summary.source):\(failure.key): \(failure.message)") }
            }
            print(dryRun ? "dry run: \(total.changed) documents would get a new version; nothing was written" : "\(total.changed) new versions")
        }
    }
}
