import ArgumentParser
import Daemon
import Foundation
import Logging
import SyncConfig
import SyncModel

/// The syncd service. For now it runs one pass (`--once`): every folder is scanned and every feed
/// fetched, what is new or changed is ingested, what disappeared is recorded, and it exits once
/// all is committed.
@main
struct SyncdCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "syncd",
        abstract: "Ingest folders and feeds of articles into a versioned store with near-duplicate clusters.",
        version: SyncdVersion.current)

    @Option(name: .long, help: "Configuration file (TOML).")
    var config: String = ProcessInfo.processInfo.environment["SYNCD_CONFIG"] ?? "/etc/syncd/syncd.toml"

    @Flag(name: .long, help: "Scan every folder and fetch every feed once, commit, and exit.")
    var once = false

    func run() async throws {
        LoggingSystem.bootstrap { SyncLogHandler(label: $0) }
        let logger = Logger(label: "syncd")
        do {
            let settings = try SyncdConfig.load(path: config)
            try checkFeedCharsets(settings)
            guard once else {
                throw SyncError(.unsupported, "only --once is available in this build; the long-running service is not implemented yet")
            }
            let store = try buildStore(settings)
            let summaries = try await runOnce(settings, store: store, logger: logger)
            if summaries.contains(where: { $0.error != nil }) { throw ExitCode(1) }
        } catch let error as SyncError {
            FileHandle.standardError.write(Data("syncd: \(error)\n".utf8))
            throw ExitCode(error.code == .invalidConfig ? 2 : 1)
        }
    }
}

