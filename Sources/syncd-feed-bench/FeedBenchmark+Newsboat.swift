import Foundation

/// newsboat (Debian `newsboat`) on the same feeds, in the same run: `newsboat -x reload` with a
/// urls file, a fresh cache and a config of its own (`reload-threads` = syncd's concurrency
/// unless told), timed over its first pass (every feed new, into an empty cache) and a second
/// (every feed 200 again with the same entries, like syncd's second cycle).
extension FeedBenchmark {
    struct NewsboatRun: Encodable {
        var threads: Int
        var firstPassSeconds: Double?
        var secondPassSeconds: Double?
        var items: Int?
        var error: String?
    }

    func runNewsboat(baseURL: String) -> NewsboatRun {
        var run = NewsboatRun(threads: newsboatThreads ?? concurrency)
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("syncd-newsboat-\(UUID().uuidString)").path
        defer { try? FileManager.default.removeItem(atPath: folder) }
        do {
            try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
            let urls = (0..<feeds).map { "\(baseURL)/feed/\($0).xml" }.joined(separator: "\n") + "\n"
            try urls.write(toFile: folder + "/urls", atomically: true, encoding: .utf8)
            let config = """
                reload-threads \(run.threads)
                show-read-feeds yes
                max-items 0
                download-timeout 60
                cleanup-on-quit no
                """
            try config.write(toFile: folder + "/config", atomically: true, encoding: .utf8)
            run.firstPassSeconds = try newsboatReload(folder)
            run.secondPassSeconds = try newsboatReload(folder)
            run.items = try sqliteCount(folder + "/cache.db", table: "rss_item")
        } catch {
            run.error = "\(error)"
        }
        return run
    }

    private struct NewsboatFailure: Error, CustomStringConvertible {
        var description: String
    }

    /// One `newsboat -x reload`, timed; HOME and the XDG directories point into `folder` so
    /// nothing of the user's is read or written.
    private func newsboatReload(_ folder: String) throws -> Double {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["newsboat", "-u", folder + "/urls", "-c", folder + "/cache.db", "-C", folder + "/config", "-x", "reload"]
        var environment = ProcessInfo.processInfo.environment
        environment["HOME"] = folder
        environment["XDG_CONFIG_HOME"] = folder
        environment["XDG_DATA_HOME"] = folder
        environment["TERM"] = environment["TERM"] ?? "dumb"
        process.environment = environment
        let output = Pipe()
        process.standardOutput = output
        process.standardError = output
        process.standardInput = FileHandle.nullDevice
        let start = ContinuousClock.now
        do {
            try process.run()
        } catch {
            throw NewsboatFailure(description: "newsboat could not run (install it: apt-get install -y newsboat): \(error)")
        }
        let text = String(decoding: output.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        let elapsed = ContinuousClock.now - start
        guard process.terminationStatus == 0 else {
            throw NewsboatFailure(description: "newsboat -x reload exited with \(process.terminationStatus): \(text.suffix(300))")
        }
        return Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
    }

    /// Rows in a table of newsboat's cache, through the sqlite3 shell when there is one.
    private func sqliteCount(_ path: String, table: String) throws -> Int? {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["sqlite3", path, "SELECT count(*) FROM \(table)"]
        let output = Pipe()
        process.standardOutput = output
        process.standardError = FileHandle.nullDevice
        guard (try? process.run()) != nil else { return nil }
        let text = String(decoding: output.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        return Int(text.trimmingCharacters(in: .whitespacesAndNewlines))
    }
}
