import Fetch
import Foundation
import Storage
import StoreBackends
import SyncConfig
import SyncModel

/// Talks to the running daemon's API over its unix socket.
struct DaemonClient {
    let socket: String

    /// The daemon that recorded itself in the store, when its process is alive and its last
    /// heartbeat (every 5 s) is recent: a pid left behind by a killed daemon may be reused.
    static func running(_ store: any StoreReader) throws(SyncError) -> DaemonInfo? {
        guard let info = try store.daemonInfo(), kill(info.pid, 0) == 0 || errno == EPERM,
            Date().timeIntervalSince1970 - info.heartbeatAt < 60
        else { return nil }
        return info
    }

    /// The client for the configured daemon.
    /// - Throws: `SyncError(.notFound)` when no daemon runs for this store.
    static func connect(_ options: ConfigOptions) throws(SyncError) -> DaemonClient {
        let config = try options.load()
        let store = try StoreBackends.openReader(config)
        guard let info = try running(store), let socket = info.socket ?? config.daemon.socket else {
            throw SyncError(.notFound, "syncd is not running for this store", location: config.store.path)
        }
        // A socket this user may not write to would only say "couldn't connect".
        if access(socket, W_OK) != 0 && errno == EACCES {
            throw SyncError(
                .unreadable, "permission denied: this user may not talk to syncd (run as root or as the socket's owner or group)",
                location: socket)
        }
        return DaemonClient(socket: socket)
    }

    /// GETs a JSON object from the API.
    /// - Throws: `SyncError` when the daemon does not answer with a 2xx JSON object.
    func get(_ path: String) async throws(SyncError) -> [String: Any] {
        var request = FetchRequest(url: "http://syncd" + path)
        request.unixSocket = socket
        let response = try await CurlFetcher(perHost: 1, total: 1).fetch(request)
        guard (200..<300).contains(response.status), let object = try? JSONSerialization.jsonObject(with: Data(response.body)) as? [String: Any]
        else {
            throw SyncError(.network, "the daemon answered HTTP \(response.status)", location: socket)
        }
        return object
    }

    /// POSTs to the API.
    /// - Returns: the JSON object the daemon answered.
    /// - Throws: `SyncError` with the daemon's message for a 4xx/5xx: `.invalidConfig` when the
    ///   daemon refused its configuration (exit status 2, as for a config syncctl itself refuses).
    func post(_ path: String) async throws(SyncError) -> [String: Any] {
        var request = FetchRequest(url: "http://syncd" + path)
        request.method = "POST"
        request.unixSocket = socket
        let response = try await CurlFetcher(perHost: 1, total: 1).fetch(request)
        let object = (try? JSONSerialization.jsonObject(with: Data(response.body)) as? [String: Any]) ?? [:]
        guard (200..<300).contains(response.status) else {
            let message = object["message"] as? String ?? "HTTP \(response.status)"
            let code: SyncError.Code =
                object["error"] as? String == SyncError.Code.invalidConfig.rawValue
                ? .invalidConfig
                : response.status == 404 ? .notFound : .invalidArgument
            throw SyncError(code, message, location: socket)
        }
        return object
    }
}
