import ArgumentParser
import Daemon
import ServiceLifecycle
import Foundation
import Logging
import StoreBackends
import SyncConfig
import SyncModel
import UnixSignals

/// The syncd service: in the foreground (systemd style) it watches its folders, polls its feeds
/// and serves the change feed until SIGTERM; with `--once` it scans every folder and fetches
/// every feed once, commits, and exits.
@main
struct SyncdCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "syncd",
        abstract: "Ingest folders and feeds of articles into a versioned store with near-duplicate clusters.",
        discussion: """
            EXIT STATUS
              0   stopped by SIGTERM or SIGINT after a graceful shutdown; with --once, every source done
              1   a failure (the store, a service); with --once, a source that failed (status shows it)
              2   invalid configuration (file:line: what is wrong)
              64  invalid arguments
            """,
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
            let store = try StoreBackends.open(settings)
            guard once else {
                try await runDaemon(try buildServices(config: settings, store: store, logger: logger), logger: logger)
                return
            }
            let summaries = try await runOnce(settings, store: store, logger: logger, showProgress: true)
            if summaries.contains(where: { $0.error != nil }) { throw ExitCode(1) }
        } catch let error as SyncError {
            FileHandle.standardError.write(Data("syncd: \(error)\n".utf8))
            throw ExitCode(error.code == .invalidConfig ? 2 : 1)
        }
    }
}

/// The long-running service: one `ServiceGroup` of the daemon's services, shut down
/// gracefully (in reverse order: the API stops after the writer) on SIGTERM or SIGINT.
func runDaemon(_ daemon: DaemonServices, logger: Logger) async throws {
    var configuration = ServiceGroupConfiguration(
        services: daemon.services.map { ServiceGroupConfiguration.ServiceConfiguration(service: $0) },
        gracefulShutdownSignals: [.sigterm, .sigint], logger: logger)
    configuration.maximumGracefulShutdownDuration = .seconds(20)
    configuration.maximumCancellationDuration = .seconds(5)
    try await ServiceGroup(configuration: configuration).run()
    logger.notice("syncd stopped")
}
