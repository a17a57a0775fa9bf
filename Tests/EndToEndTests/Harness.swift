import Foundation
import SyncModel

/// Runs the real `syncd` and `syncctl` binaries, built next to the test bundle.
struct Harness {
    let folder: String
    let config: String
    let store: String

    static let binaries: String = {
        let exe = (try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe")) ?? CommandLine.arguments[0]
        var dir = URL(fileURLWithPath: exe).deletingLastPathComponent()
        // swift test runs <bin>/syncdPackageTests.xctest; on macOS the bundle nests deeper.
        while !FileManager.default.fileExists(atPath: dir.appendingPathComponent("syncd").path) && dir.path != "/" {
            dir.deleteLastPathComponent()
        }
        return dir.path
    }()

    static let repositoryRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        .path

    /// A temporary folder with `docs/` as the folder source and a config pointing at it.
    init(extraConfig: String = "", sourceExtra: String = "") throws {
        folder = FileManager.default.temporaryDirectory.appendingPathComponent("syncd-e2e-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: folder + "/docs", withIntermediateDirectories: true)
        config = folder + "/syncd.toml"
        store = folder + "/state/store.db"
        try """
        [store]
        path = "state/store.db"
        \(extraConfig)

        [[source]]
        name = "docs"
        type = "folder"
        path = "docs"
        \(sourceExtra)
        """.write(toFile: config, atomically: true, encoding: .utf8)
    }

    struct Output {
        var status: Int32
        var stdout: String
        var stderr: String
    }

    func write(_ key: String, _ text: String) throws {
        let path = folder + "/docs/" + key
        try FileManager.default.createDirectory(atPath: (path as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
        try text.write(toFile: path, atomically: true, encoding: .utf8)
    }

    func write(_ key: String, bytes: [UInt8]) throws {
        try Data(bytes).write(to: URL(fileURLWithPath: folder + "/docs/" + key))
    }

    func remove(_ key: String) throws { try FileManager.default.removeItem(atPath: folder + "/docs/" + key) }

    @discardableResult
    func syncd(_ arguments: String...) throws -> Output { try Harness.run("syncd", ["--config", config] + arguments) }

    @discardableResult
    func syncctl(_ arguments: String...) throws -> Output {
        try Harness.run("syncctl", Array(arguments.prefix(1)) + ["--config", config] + arguments.dropFirst())
    }

    func json<T: Decodable>(_ type: T.Type, _ arguments: String...) throws -> T {
        let output = try Harness.run("syncctl", Array(arguments.prefix(1)) + ["--config", config] + arguments.dropFirst())
        guard output.status == 0 else { throw SyncError(.invalidArgument, "syncctl \(arguments) failed: \(output.stderr)") }
        return try JSONDecoder().decode(T.self, from: Data(output.stdout.utf8))
    }

    func changes() throws -> [Change] {
        try syncctl("changes").stdout.split(separator: "\n").map { try JSONDecoder().decode(Change.self, from: Data($0.utf8)) }
    }

    static func run(_ binary: String, _ arguments: [String]) throws -> Output {
        let (process, out, err) = try start(binary, arguments)
        process.waitUntilExit()
        defer { try? FileManager.default.removeItem(atPath: out); try? FileManager.default.removeItem(atPath: err) }
        return Output(
            status: process.terminationStatus,
            stdout: (try? String(contentsOfFile: out, encoding: .utf8)) ?? "",
            stderr: (try? String(contentsOfFile: err, encoding: .utf8)) ?? "")
    }

    /// Runs a program found on PATH (python3 for the shared tools).
    static func runTool(_ name: String, _ arguments: [String]) throws -> Output {
        try run("/usr/bin/env", [name] + arguments)
    }

    /// Starts a binary with stdout and stderr going to temporary files (no pipe can fill up).
    static func start(_ binary: String, _ arguments: [String]) throws -> (Process, String, String) {
        let base = FileManager.default.temporaryDirectory.appendingPathComponent("syncd-run-\(UUID().uuidString)").path
        _ = FileManager.default.createFile(atPath: base + ".out", contents: nil)
        _ = FileManager.default.createFile(atPath: base + ".err", contents: nil)
        let process = Process()
        process.executableURL = URL(fileURLWithPath: binary.hasPrefix("/") ? binary : binaries + "/" + binary)
        process.arguments = arguments
        process.standardOutput = FileHandle(forWritingAtPath: base + ".out")
        process.standardError = FileHandle(forWritingAtPath: base + ".err")
        try process.run()
        return (process, base + ".out", base + ".err")
    }
}

/// The JSON shapes syncctl prints, as an outside tool reads them.
struct StatusJSON: Decodable {
    struct Source: Decodable {
        var name: String
        var documents: Int
        var deleted: Int
        var filesSkipped: Int
        var filesFailed: Int
        var lastError: String?
        var lastErrorCode: String?
        var problems: [Problem]
    }
    struct Problem: Decodable { var key: String; var code: String; var message: String }
    var store: String
    var documents: Int
    var deleted: Int
    var versions: Int
    var clusters: Int
    var duplicateRatio: Double
    var changeHead: Int64
    var sources: [Source]
}

struct DupesJSON: Decodable {
    struct Member: Decodable { var doc: Int64; var source: String; var key: String; var canonical: Bool; var similarity: Double }
    var cluster: Int64
    var members: [Member]
}
