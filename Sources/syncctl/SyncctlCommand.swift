import ArgumentParser
import Foundation
import Storage
import StoreBackends
import SyncConfig
import SyncModel

@main
struct SyncctlCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "syncctl",
        abstract: "Look into a syncd store: status, changes, duplicates, documents and their versions.",
        discussion: """
            EXIT STATUS
              0   success
              1   failure: the store, the daemon or a fetch (the message says which)
              2   invalid configuration, or a configuration the running daemon refused (reload)
              3   not found: a document, version, cluster or source, or no running daemon
              64  invalid arguments
            """,
        version: SyncdVersion.current,
        subcommands: [
            StatusCommand.self, ChangesCommand.self, DupesCommand.self, ShowCommand.self,
            VersionsCommand.self, DiffCommand.self, ExtractCommand.self, FeedCommand.self,
            SyncCommand.self, ReloadCommand.self, SourcesCommand.self, MigrateCommand.self, ReextractCommand.self,
        ])

    /// `syncctl --config FILE COMMAND`: the root parses `--config` on either side of the
    /// subcommand's name, and every subcommand's `@OptionGroup var options: ConfigOptions` is
    /// given this value (ArgumentParser shares an option group of one type down the stack).
    @OptionGroup var options: ConfigOptions
}

/// `--config FILE`, shared by every subcommand (and the root: either order works).
struct ConfigOptions: ParsableArguments {
    @Option(name: .long, help: "Configuration file (TOML); default $SYNCD_CONFIG or /etc/syncd/syncd.toml.")
    var config: String?

    var path: String { config ?? ProcessInfo.processInfo.environment["SYNCD_CONFIG"] ?? "/etc/syncd/syncd.toml" }

    func load() throws(SyncError) -> SyncdConfig { try SyncdConfig.load(path: path) }

    /// The configured store, opened read-only: syncctl can run while syncd writes.
    func openStore() throws(SyncError) -> any StoreReader {
        try StoreBackends.openReader(try load())
    }
}

/// Runs a command body, turning our errors into one clear line and a non-zero status.
func reportingErrors(_ body: () throws -> Void) throws {
    do {
        try body()
    } catch let error as SyncError {
        try exit(for: error)
    }
}

func reportingErrors(_ body: () async throws -> Void) async throws {
    do {
        try await body()
    } catch let error as SyncError {
        try exit(for: error)
    }
}

/// Prints the error and throws the exit status its code maps to.
private func exit(for error: SyncError) throws -> Never {
    FileHandle.standardError.write(Data("syncctl: \(error)\n".utf8))
    switch error.code {
    case .invalidConfig: throw ExitCode(2)
    case .notFound: throw ExitCode(3)
    case .invalidArgument: throw ExitCode.validationFailure
    default: throw ExitCode.failure
    }
}

func printJSON<T: Encodable>(_ value: T, pretty: Bool = true) throws {
    let encoder = JSONEncoder()
    encoder.outputFormatting = pretty ? [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes] : [.sortedKeys, .withoutEscapingSlashes]
    let data = try encoder.encode(value)
    FileHandle.standardOutput.write(data)
    FileHandle.standardOutput.write(Data("\n".utf8))
}

/// Prints an object decoded from the API as it came (keys sorted).
func printJSONObject(_ object: [String: Any]) throws {
    let data = try JSONSerialization.data(withJSONObject: object, options: [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes])
    FileHandle.standardOutput.write(data)
    FileHandle.standardOutput.write(Data("\n".utf8))
}
