import SyncConfig
import Synchronization

/// The configuration in force: read by every service, replaced as a whole by a reload.
final class LiveConfig: Sendable {
    /// The file it was read from (a reload reads it again).
    let path: String
    private let state: Mutex<SyncdConfig>

    init(_ config: SyncdConfig) {
        path = config.path
        state = Mutex(config)
    }

    var current: SyncdConfig { state.withLock { $0 } }

    func replace(with config: SyncdConfig) { state.withLock { $0 = config } }
}
