import Foundation
import SyncModel

// syncd-bench DOCS_DIR [--threshold T] [--shingle-size K] [--permutations P]
// Prints one JSON line with the fingerprint + LSH core figures. scripts/bench.py runs it
// beside the end-to-end `syncd --once` timing and the peers.
let usage = """
    usage: syncd-bench DOCS_DIR [--threshold T] [--shingle-size K] [--permutations P]

    Reads every file of DOCS_DIR, then times on one thread: reading and extraction per document
    (by kind: text, page dump, HTML), and the fingerprint + LSH core (shingles, MinHash, banding,
    candidate verification). Prints one JSON line; scripts/bench.py (`make bench`) runs it.

    """
var arguments = Array(CommandLine.arguments.dropFirst())
if arguments.contains("--help") || arguments.contains("-h") {
    print(usage, terminator: "")
    exit(0)
}
var parameters = DedupParameters.default
@MainActor func option(_ name: String) -> String? {
    guard let i = arguments.firstIndex(of: name), i + 1 < arguments.count else { return nil }
    defer { arguments.removeSubrange(i...(i + 1)) }
    return arguments[i + 1]
}
if let value = option("--threshold").flatMap(Double.init) { parameters.threshold = value }
if let value = option("--shingle-size").flatMap(Int.init) { parameters.shingleSize = value }
if let value = option("--permutations").flatMap(Int.init) { parameters.permutations = value }
if let unknown = arguments.first(where: { $0.hasPrefix("-") }) {
    FileHandle.standardError.write(Data("syncd-bench: unknown option \(unknown)\n\n\(usage)".utf8))
    exit(2)
}
guard arguments.count == 1, let folder = arguments.first else {
    FileHandle.standardError.write(Data(usage.utf8))
    exit(2)
}
var isFolder: ObjCBool = false
guard FileManager.default.fileExists(atPath: folder, isDirectory: &isFolder), isFolder.boolValue else {
    FileHandle.standardError.write(Data("syncd-bench: \(folder): no such folder\n".utf8))
    exit(2)
}
do {
    let result = try CoreBenchmark(parameters: parameters).run(folder: folder)
    let encoder = JSONEncoder()
    encoder.outputFormatting = [.sortedKeys]
    encoder.keyEncodingStrategy = .convertToSnakeCase
    print(String(decoding: try encoder.encode(result), as: UTF8.self))
} catch {
    FileHandle.standardError.write(Data("syncd-bench: \(error)\n".utf8))
    exit(1)
}
