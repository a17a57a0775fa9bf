import Foundation

/// Where a PostgreSQL store lives: `postgresql://USER[:PASSWORD]@HOST[:PORT]/DB`, or over a unix
/// socket with libpq's query form `postgresql://USER@localhost/DB?host=/run/postgresql`
/// (`postgres://` is accepted too). The password never appears in `description`.
public struct PostgresURL: Sendable, Equatable, CustomStringConvertible {
    public var user: String
    public var password: String?
    public var host: String
    public var port: Int
    public var database: String
    /// The folder of the server's unix socket (`?host=/path`); `nil` for TCP.
    public var socketDirectory: String?

    /// Whether `text` is meant as a PostgreSQL URL (its scheme), valid or not.
    public static func looksLikeOne(_ text: String) -> Bool {
        text.hasPrefix("postgresql://") || text.hasPrefix("postgres://")
    }

    /// - Throws: `SyncError(.invalidConfig)` saying what is wrong with the URL (without its password).
    public init(_ text: String) throws(SyncError) {
        guard PostgresURL.looksLikeOne(text), let components = URLComponents(string: text) else {
            throw SyncError(.invalidConfig, "expected postgresql://USER[:PASSWORD]@HOST[:PORT]/DB")
        }
        guard let user = components.user, !user.isEmpty else {
            throw SyncError(.invalidConfig, "the PostgreSQL URL names no user (postgresql://USER@HOST/DB)")
        }
        let database = String(components.path.drop { $0 == "/" })
        guard !database.isEmpty, !database.contains("/") else {
            throw SyncError(.invalidConfig, "the PostgreSQL URL names no database (postgresql://USER@HOST/DB)")
        }
        self.user = user.removingPercentEncoding ?? user
        password = components.password.map { $0.removingPercentEncoding ?? $0 }
        host = components.host ?? "localhost"
        port = components.port ?? 5432
        self.database = database.removingPercentEncoding ?? database
        for item in components.queryItems ?? [] {
            switch item.name {
            case "host":
                guard let value = item.value, value.hasPrefix("/") else {
                    throw SyncError(.invalidConfig, "the PostgreSQL URL's host= must be the absolute path of the socket's folder")
                }
                socketDirectory = value
            default:
                throw SyncError(.invalidConfig, "the PostgreSQL URL has an unknown parameter \"\(item.name)\" (only host=/socket/folder is read)")
            }
        }
    }

    /// The URL without its password, for messages and `status`.
    public var description: String {
        var text = "postgresql://\(user)@\(host):\(port)/\(database)"
        if let socketDirectory { text += "?host=\(socketDirectory)" }
        return text
    }

    /// The unix socket file, when the URL names a socket folder.
    public var socketPath: String? { socketDirectory.map { "\($0)/.s.PGSQL.\(port)" } }
}
