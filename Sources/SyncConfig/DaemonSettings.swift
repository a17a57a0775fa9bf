/// The `[daemon]` table: how the long-running `syncd` watches, rescans and serves.
public struct DaemonSettings: Sendable, Equatable {
    /// Seconds between full rescans of every folder (inotify covers the rest; a rescan also
    /// catches what a lost or failed watch missed).
    public var rescanInterval: Double = 3600
    /// The API's unix socket; `nil` means `$RUNTIME_DIRECTORY/syncd.sock`, else
    /// `/run/syncd/syncd.sock`.
    public var socket: String?
    /// An optional TCP address for the API, `host:port` (off by default).
    public var listen: (host: String, port: Int)?

    public init() {}

    public static func == (lhs: DaemonSettings, rhs: DaemonSettings) -> Bool {
        lhs.rescanInterval == rhs.rescanInterval && lhs.socket == rhs.socket
            && lhs.listen?.host == rhs.listen?.host && lhs.listen?.port == rhs.listen?.port
    }
}
