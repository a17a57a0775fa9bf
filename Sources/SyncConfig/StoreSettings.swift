import Foundation
public import SyncModel

/// Where the versioned store lives: a SQLite file (`path`), or a PostgreSQL database (`url`)
/// that several nodes share.
public struct StoreSettings: Sendable, Equatable {
    /// Absolute, standardized path of the SQLite file (unused when `postgres` is set).
    public var path: String
    /// The PostgreSQL database, when `[store] url` names one.
    public var postgres: PostgresURL?
    /// A file holding the PostgreSQL password (`[store] password_file`).
    public var passwordFile: String?

    public init(path: String, postgres: PostgresURL? = nil, passwordFile: String? = nil) {
        self.path = path
        self.postgres = postgres
        self.passwordFile = passwordFile
    }

    /// The PostgreSQL password when the URL has none: `password_file` (its first line), else
    /// `PGPASSWORD`; `nil` when neither is set. Never logged.
    /// - Throws: `SyncError(.invalidConfig)` naming the file when it cannot be read.
    public func password() throws(SyncError) -> String? {
        try password(environment: ProcessInfo.processInfo.environment)
    }

    /// `password()` with the environment given.
    public func password(environment: [String: String]) throws(SyncError) -> String? {
        if let passwordFile {
            do {
                let text = try String(contentsOfFile: passwordFile, encoding: .utf8)
                return text.split(whereSeparator: \.isNewline).first.map(String.init) ?? ""
            } catch {
                throw SyncError(.invalidConfig, "cannot read the PostgreSQL password file", location: passwordFile, cause: error)
            }
        }
        return environment["PGPASSWORD"]
    }
}
