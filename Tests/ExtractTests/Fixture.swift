import Foundation

/// Test files under `Fixtures/`, copied into the test bundle.
enum Fixture {
    struct Missing: Error, CustomStringConvertible {
        let path: String
        var description: String { "fixture not found: \(path)" }
    }

    /// The absolute path of `Fixtures/<relative>`.
    static func path(_ relative: String) throws -> String {
        guard let base = Bundle.module.resourceURL else { throw Missing(path: relative) }
        let url = base.appendingPathComponent("Fixtures").appendingPathComponent(relative)
        guard FileManager.default.fileExists(atPath: url.path) else { throw Missing(path: relative) }
        return url.path
    }

    static func bytes(_ relative: String) throws -> [UInt8] {
        try Array(Data(contentsOf: URL(fileURLWithPath: path(relative))))
    }

    static func text(_ relative: String) throws -> String {
        try String(decoding: bytes(relative), as: UTF8.self)
    }
}

/// A scratch directory removed when the value is released.
final class TemporaryDirectory {
    let path: String

    init() throws {
        let url = FileManager.default.temporaryDirectory
            .appendingPathComponent("extract-tests-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        path = url.path
    }

    /// Writes `bytes` to `name` inside the directory and returns the file's path.
    func write(_ name: String, _ bytes: [UInt8]) throws -> String {
        let file = path + "/" + name
        try Data(bytes).write(to: URL(fileURLWithPath: file))
        return file
    }

    func write(_ name: String, _ text: String) throws -> String {
        try write(name, Array(text.utf8))
    }

    deinit {
        try? FileManager.default.removeItem(atPath: path)
    }
}
