import Foundation
import Testing

/// The module graph read from the `import` lines of `Sources/`: it points one way, and the
/// layers that must not know each other do not.
@Suite("module graph")
struct ModuleGraphTests {
    static let sources = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("Sources").path

    /// Module → the project modules its files import.
    static func graph() throws -> [String: Set<String>] {
        let modules = try FileManager.default.contentsOfDirectory(atPath: sources).filter { !$0.hasPrefix(".") }
        var graph: [String: Set<String>] = [:]
        for module in modules {
            var imports: Set<String> = []
            let folder = sources + "/" + module
            for file in FileManager.default.enumerator(atPath: folder)?.compactMap({ $0 as? String }) ?? [] where file.hasSuffix(".swift") {
                let text = try String(contentsOfFile: folder + "/" + file, encoding: .utf8)
                for line in text.split(separator: "\n") {
                    let words = line.split(separator: " ").filter { !["public", "internal", "package", "@testable", "@preconcurrency"].contains($0) }
                    if words.count == 2, words[0] == "import", modules.contains(String(words[1])) { imports.insert(String(words[1])) }
                }
            }
            graph[module] = imports
        }
        return graph
    }

    @Test("no cycles among the modules")
    func acyclic() throws {
        let graph = try Self.graph()
        #expect(graph.count > 15, "Sources/ was read")
        var done: Set<String> = [], path: [String] = []
        func visit(_ module: String) -> [String]? {
            if let start = path.firstIndex(of: module) { return Array(path[start...]) + [module] }
            if done.contains(module) { return nil }
            path.append(module)
            defer { path.removeLast(); done.insert(module) }
            for next in graph[module, default: []].sorted() { if let cycle = visit(next) { return cycle } }
            return nil
        }
        for module in graph.keys.sorted() {
            let cycle = visit(module)
            #expect(cycle == nil, "cycle: \(cycle?.joined(separator: " → ") ?? "")")
        }
    }

    @Test("fetching, storing and folders never import each other; the daemon, API and syncctl never name a backend")
    func layers() throws {
        let graph = try Self.graph()
        let apart = ["Fetch", "SQLiteStore", "Folders"]
        for module in apart {
            #expect(graph[module, default: []].isDisjoint(with: apart), "\(module) imports \(graph[module, default: []].intersection(apart))")
        }
        for module in ["Daemon", "API", "syncctl", "Feeds", "Folders"] {
            #expect(!graph[module, default: []].contains("SQLiteStore"), "\(module) names the SQLite backend; it should use Storage")
        }
        #expect(!graph["API", default: []].contains("Daemon"), "the API serves a DaemonControl, not the daemon")
        #expect(!graph["syncctl", default: []].contains("Daemon"), "syncctl talks to the daemon over its socket")
        for module in ["Extract", "TextEncoding", "Fingerprint", "SyncModel"] {
            #expect(
                graph[module, default: []].isDisjoint(with: ["Storage", "SQLiteStore", "Fetch", "Folders", "Daemon", "API"]),
                "\(module) is a pure stage: \(graph[module, default: []])")
        }
    }
}
