import Foundation

// syncd-feed-bench [--feeds N] [--entries M] [--corpus JSONL] [--per-host K] [--concurrency C]
//                  [--wrk-seconds S] [--wrk-connections C] [--newsboat] [--newsboat-threads T] [--json] [--marks]
// One poll cycle over N local feeds (all new, all 200 unchanged, all 304), then wrk on the
// same server, then (asked) newsboat on the same feeds; prints feeds/s beside wrk's requests/s.
let usage = """
    usage: syncd-feed-bench [--feeds N] [--entries M] [--corpus JSONL] [--per-host K] [--concurrency C]
                            [--wrk-seconds S] [--wrk-connections C] [--newsboat] [--newsboat-threads T] [--json] [--marks]

    One poll cycle over N feeds served locally (every entry new; every feed 200 with the body parsed
    last time; every feed 200 with another body but the same entries; every feed 304), each through
    syncd's own fetcher, parser and store; then wrk against the same server. Prints feeds/s and CPU
    time a feed (the whole process, server included) beside wrk's requests/s (a wrk row says why
    when wrk cannot run).

      --feeds N            feeds to serve and poll (default 200)
      --entries M          entries per feed (default 20)
      --corpus JSONL       articles the entries are made of (default ../shared/corpora/arabic-news/jawharafm.jsonl)
      --per-host K         concurrent fetches per host (default 16: every feed is on 127.0.0.1)
      --concurrency C      concurrent fetches in all (default 16)
      --wrk-seconds S      length of each wrk run (default 5)
      --wrk-connections C  wrk's connections (default 16)
      --newsboat           also time `newsboat -x reload` on the same feeds and server (a fresh cache,
                           first pass and second), and print syncd's first poll against newsboat's
      --newsboat-threads T newsboat's reload-threads (default: --concurrency)
      --json               one JSON object instead of the table
      --marks              print each cycle's start and end on stderr (CLOCK_MONOTONIC seconds), to
                           profile one cycle: perf record -k CLOCK_MONOTONIC, perf report --time START,END

    """
var arguments = Array(CommandLine.arguments.dropFirst())
if arguments.contains("--help") || arguments.contains("-h") {
    print(usage, terminator: "")
    exit(0)
}
@MainActor func option(_ name: String) -> String? {
    guard let i = arguments.firstIndex(of: name), i + 1 < arguments.count else { return nil }
    defer { arguments.removeSubrange(i...(i + 1)) }
    return arguments[i + 1]
}
@MainActor func positive(_ name: String) -> Int? {
    guard let text = option(name) else { return nil }
    guard let value = Int(text), value > 0 else {
        FileHandle.standardError.write(Data("syncd-feed-bench: \(name) needs a positive integer, found \"\(text)\"\n\n\(usage)".utf8))
        exit(64)
    }
    return value
}
var benchmark = FeedBenchmark()
if let value = positive("--feeds") { benchmark.feeds = value }
if let value = positive("--entries") { benchmark.entries = value }
if let value = positive("--per-host") { benchmark.perHost = value }
if let value = positive("--concurrency") { benchmark.concurrency = value }
if let value = positive("--wrk-seconds") { benchmark.wrkSeconds = value }
if let value = positive("--wrk-connections") { benchmark.wrkConnections = value }
if let value = positive("--newsboat-threads") { benchmark.newsboatThreads = value }
benchmark.newsboat = arguments.contains("--newsboat")
benchmark.marks = arguments.contains("--marks")
arguments.removeAll { $0 == "--newsboat" || $0 == "--marks" }
let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
benchmark.corpus = option("--corpus") ?? root.deletingLastPathComponent().appendingPathComponent("shared/corpora/arabic-news/jawharafm.jsonl").path
let asJSON = arguments.contains("--json")
if let unknown = arguments.first(where: { $0 != "--json" }) {
    FileHandle.standardError.write(Data("syncd-feed-bench: unknown argument \"\(unknown)\"\n\n\(usage)".utf8))
    exit(64)
}

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
            let entries =
                cycle.entriesPerSecond > 0
                ? String(format: " %9.0f entries/s, %d merge transactions", cycle.entriesPerSecond, cycle.mergeTransactions) : ""
            print(
                "  " + padded(cycle.name)
                    + String(
                        format: " %9.1f feeds/s    (%.3f s, %.0f µs CPU a feed)  ", cycle.feedsPerSecond, cycle.seconds,
                        cycle.cpuMicrosecondsPerFeed) + statuses + entries)
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
            let all200 = result.cycles.dropFirst().first, let wrk200 = result.wrk.first?.requestsPerSecond
        {
            print(String(format: "  syncd / wrk: all-200 %.2f, all-304 %.2f", all200.feedsPerSecond / wrk200, all304.feedsPerSecond / wrk304))
        }
        if let run = result.newsboat {
            if let first = run.firstPassSeconds, let syncd = result.cycles.first {
                let second = run.secondPassSeconds.map { String(format: ", second pass %.3f s (%.1f feeds/s)", $0, Double(result.feeds) / $0) } ?? ""
                print(
                    "  " + padded("newsboat -x reload, first pass (reload-threads \(run.threads))")
                        + String(format: " %9.1f feeds/s    (%.3f s)", Double(result.feeds) / first, first) + second
                        + (run.items.map { ", \($0) items cached" } ?? ""))
                print(String(format: "  syncd / newsboat, first pass: %.2f× faster", first / syncd.seconds))
            } else {
                print("  newsboat: \(run.error ?? "failed")")
            }
        }
    }
} catch {
    FileHandle.standardError.write(Data("syncd-feed-bench: \(error)\n".utf8))
    exit(1)
}
