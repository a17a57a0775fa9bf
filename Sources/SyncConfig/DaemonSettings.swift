import Foundation
public import SyncModel

/// The `[daemon]` table: how the long-running `syncd` watches, rescans and serves.
public struct DaemonSettings: Sendable, Equatable {
    /// Seconds between full rescans of every folder (inotify covers the rest; a rescan also
    /// catches what a lost or failed watch missed).
    public var rescanInterval: Double = 3600
    /// The API's unix socket; `nil` means `$RUNTIME_DIRECTORY/syncd.sock`, else
    /// `/run/syncd/syncd.sock`.
    public var socket: String?
    /// The group the API socket is shared with (mode 0660); `nil` keeps it the daemon user's
    /// alone (0600). The installed config names `syncd`, the group `make install` creates.
    public var socketGroup: String?
    /// An optional TCP address for the API, `host:port` (off by default). Never served without
    /// `tokenFile`.
    public var listen: (host: String, port: Int)?
    /// The file holding the bearer token every request on the TCP listener must carry.
    public var tokenFile: String?
    /// Connections each API listener holds at most; more wait in the kernel's backlog.
    public var maxConnections = 512
    /// Seconds a connection may stay without a complete request (a half-sent header included)
    /// before it is closed; a request being answered (a long poll, a stream) is never cut.
    public var idleTimeout: Double = 60
    /// This node's name (`[daemon] node`): in status, in the change log and in metrics. Nodes
    /// sharing one PostgreSQL store tell themselves apart by it. Defaults to the host name.
    public var node: String = ProcessInfo.processInfo.hostName

    public init() {}

    public static func == (lhs: DaemonSettings, rhs: DaemonSettings) -> Bool {
        lhs.rescanInterval == rhs.rescanInterval && lhs.socket == rhs.socket && lhs.socketGroup == rhs.socketGroup
            && lhs.listen?.host == rhs.listen?.host && lhs.listen?.port == rhs.listen?.port && lhs.tokenFile == rhs.tokenFile
            && lhs.maxConnections == rhs.maxConnections && lhs.idleTimeout == rhs.idleTimeout && lhs.node == rhs.node
    }
}

extension DaemonSettings {
    /// The TCP listener's bearer token, read from `tokenFile` (surrounding whitespace dropped);
    /// `nil` without a TCP listener.
    /// - Throws: `SyncError(.invalidConfig)` naming the file when it cannot be read, or holds
    ///   fewer than 16 characters.
    public func token() throws(SyncError) -> String? {
        guard listen != nil else { return nil }
        guard let tokenFile else { throw SyncError(.invalidConfig, "daemon.listen needs daemon.token_file: the TCP listener requires a token") }
        let text: String
        do {
            text = try String(contentsOfFile: tokenFile, encoding: .utf8)
        } catch {
            throw SyncError(.invalidConfig, "cannot read the API token file", location: tokenFile, cause: error)
        }
        let token = text.trimmingCharacters(in: .whitespacesAndNewlines)
        guard token.count >= 16, !token.contains(where: { $0.isWhitespace }) else {
            throw SyncError(.invalidConfig, "the API token must be one word of at least 16 characters", location: tokenFile)
        }
        return token
    }
}
