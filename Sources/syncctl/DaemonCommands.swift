import ArgumentParser
import Foundation
import SyncModel

/// `syncctl sync [SOURCE]`: ask the running daemon to poll (or rescan) now.
struct SyncCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "sync", abstract: "Ask the running syncd to poll or rescan a source (or all) now.")

    @OptionGroup var options: ConfigOptions
    @Argument(help: "A source name; every source when absent.") var source: String?
    @Flag(name: .long, help: "Print the daemon's answer as JSON.") var json = false

    func run() async throws {
        try await reportingErrors {
            let client = try DaemonClient.connect(options)
            let path = source.map { "/v1/sources/\($0.addingPercentEncoding(withAllowedCharacters: .urlPathAllowed) ?? $0)/sync" } ?? "/v1/sync"
            let answer = try await client.post(path)
            if json { return try printJSONObject(answer) }
            print("syncing: " + ((answer["syncing"] as? [String]) ?? []).joined(separator: ", "))
        }
    }
}

/// `syncctl reload`: the running daemon re-reads its configuration (as SIGHUP does).
struct ReloadCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "reload", abstract: "Ask the running syncd to reload its configuration.")

    @OptionGroup var options: ConfigOptions
    @Flag(name: .long, help: "Print the daemon's answer as JSON.") var json = false

    func run() async throws {
        try await reportingErrors {
            let answer = try await DaemonClient.connect(options).post("/v1/reload")
            if json { return try printJSONObject(answer) }
            print("reloaded")
        }
    }
}
