import Logging
import ServiceLifecycle
import UnixSignals

/// SIGHUP reloads the configuration.
struct ReloadService: Service {
    let controller: DaemonController
    let logger: Logger

    func run() async throws {
        for await _ in await UnixSignalsSequence(trapping: .sighup).cancelOnGracefulShutdown() {
            logger.notice("SIGHUP: reloading the configuration", metadata: ["file.path": "\(controller.config.path)"])
            _ = await controller.reload()
        }
    }
}
