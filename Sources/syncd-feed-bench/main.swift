import Foundation

// syncd-feed-bench [--feeds N] [--entries M] [--corpus JSONL] [--per-host K] [--concurrency C]
//                  [--wrk-seconds S] [--wrk-connections C] [--json]
// One poll cycle over N local feeds (all new, all 200 unchanged, all 304), then wrk on the
// same server; prints feeds/s beside wrk's requests/s.
var arguments = Array(CommandLine.arguments.dropFirst())
@MainActor func option(_ name: String) -> String? {
    guard let i = arguments.firstIndex(of: name), i + 1 < arguments.count else { return nil }
    defer { arguments.removeSubrange(i...(i + 1)) }
    return arguments[i + 1]
}
var benchmark = FeedBenchmark()
if let value = option("--feeds").flatMap(Int.init) { benchmark.feeds = value }
if let value = option("--entries").flatMap(Int.init) { benchmark.entries = value }
if let value = option("--per-host").flatMap(Int.init) { benchmark.perHost = value }
if let value = option("--concurrency").flatMap(Int.init) { benchmark.concurrency = value }
if let value = option("--wrk-seconds").flatMap(Int.init) { benchmark.wrkSeconds = value }
if let value = option("--wrk-connections").flatMap(Int.init) { benchmark.wrkConnections = value }
let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
benchmark.corpus = option("--corpus") ?? root.deletingLastPathComponent().appendingPathComponent("shared/corpora/arabic-news/jawharafm.jsonl").path
let asJSON = arguments.contains("--json")

func padded(_ text: String) -> String {
    text.count >= 64 ? text : text + String(repeating: " ", count: 64 - text.count)
}
do {
    let result = try await benchmark.run()
    if asJSON {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        encoder.keyEncodingStrategy = .convertToSnakeCase
        print(String(decoding: try encoder.encode(result), as: UTF8.self))
    } else {
        print(
            "\(result.feeds) feeds x \(result.entriesPerFeed) entries (\(result.feedBytes / 1024) KiB a feed)"
                + ", 127.0.0.1, per-host \(benchmark.perHost), concurrency \(benchmark.concurrency)"
        )
        for cycle in result.cycles {
            let statuses = cycle.statuses.sorted { $0.key < $1.key }.map { "\($0.key)×\($0.value)" }.joined(separator: " ")
            print("  " + padded(cycle.name) + String(format: " %9.1f feeds/s    (%.3f s)  ", cycle.feedsPerSecond, cycle.seconds) + statuses)
        }
        for run in result.wrk {
            if let rate = run.requestsPerSecond {
                print(
                    "  " + padded(run.name)
                        + String(format: " %9.1f requests/s (%d connections, %d s)", rate, benchmark.wrkConnections, benchmark.wrkSeconds))
            } else {
                print("  \(run.name): \(run.error ?? "failed")")
            }
        }
        if let all304 = result.cycles.last, let wrk304 = result.wrk.last?.requestsPerSecond,
            let all200 = result.cycles.dropLast().last, let wrk200 = result.wrk.first?.requestsPerSecond
        {
            print(String(format: "  syncd / wrk: all-200 %.2f, all-304 %.2f", all200.feedsPerSecond / wrk200, all304.feedsPerSecond / wrk304))
        }
    }
} catch {
    FileHandle.standardError.write(Data("syncd-feed-bench: \(error)\n".utf8))
    exit(1)
}
