@testable import Extract
@testable import Feeds
@testable import Folders
@testable import TextEncoding
import Foundation
import SyncModel
import Testing

/// Runs feedparser's own test documents (`../shared/testsuites/feedparser/tests`) through
/// `FeedParser` and counts how many of their `Expect:` comparisons on fields we model pass.
@Suite("feedparser suite")
struct FeedparserSuiteTests {
    /// About 90% of the count reached (472 of 624); raise it as the parser improves.
    static let passFloor = 425

    static var suiteRoot: URL {
        let packageRoot = URL(fileURLWithPath: #filePath)
            .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        let candidates = [
            ProcessInfo.processInfo.environment["FEEDPARSER_TESTS"].map { URL(fileURLWithPath: $0) },
            packageRoot.appendingPathComponent("../shared/testsuites/feedparser/tests").standardized,
            URL(fileURLWithPath: "/work/shared/testsuites/feedparser/tests"),
        ]
        return candidates.compactMap { $0 }.first { FileManager.default.fileExists(atPath: $0.path) }
            ?? URL(fileURLWithPath: "/work/shared/testsuites/feedparser/tests")
    }

    static func files(under root: URL) -> [URL] {
        guard let walker = FileManager.default.enumerator(at: root, includingPropertiesForKeys: nil) else { return [] }
        return walker.compactMap { $0 as? URL }
            .filter { ["xml", "rdf", "json", "atom", "rss"].contains($0.pathExtension.lowercased()) }
            .sorted { $0.path < $1.path }
    }

    /// The `Expect:` expressions and the `Content-type` header of a test document.
    static func annotations(_ bytes: [UInt8]) -> (expects: [String], contentType: String?, location: String?) {
        let head = String(decoding: bytes.prefix(4096), as: UTF8.self)
        var expects: [String] = []
        var contentType: String?
        var location: String?
        for line in head.split(whereSeparator: { $0 == "\n" || $0 == "\r" }) {
            let trimmed = line.trimmingCharacters(in: .whitespaces)
            if let range = trimmed.range(of: "Expect:") {
                var expression = String(trimmed[range.upperBound...]).trimmingCharacters(in: .whitespaces)
                if let end = expression.range(of: "-->") { expression = String(expression[..<end.lowerBound]) }
                if expression.hasSuffix("\",") { expression = String(expression.dropLast(2)) }
                expects.append(expression.trimmingCharacters(in: .whitespaces))
            } else if trimmed.lowercased().hasPrefix("header:"), trimmed.lowercased().contains("content-type:") {
                contentType = trimmed.components(separatedBy: ":").dropFirst(2).joined(separator: ":")
                    .trimmingCharacters(in: .whitespaces)
            } else if trimmed.lowercased().hasPrefix("header:"), trimmed.lowercased().contains("content-location:") {
                location = trimmed.components(separatedBy: ":").dropFirst(2).joined(separator: ":")
                    .trimmingCharacters(in: .whitespaces)
            }
        }
        return (expects, contentType, location)
    }

    /// What we model under a feedparser path; `nil` for paths we do not model.
    static func actual(_ feed: ParsedFeed, _ path: String) -> FeedExpectation.Literal?? {
        let parts = path.split(separator: ".").map(String.init)
        func string(_ value: String?) -> FeedExpectation.Literal? { value.map { .string($0) } }
        if parts.first == "feed", parts.count == 2 {
            switch parts[1] {
            case "title": return .some(string(feed.title))
            case "link": return .some(string(feed.link))
            case "language": return .some(string(feed.language))
            case "updated_parsed": return .some(feed.updated.map(timeTuple))
            default: return nil
            }
        }
        guard parts.first == "entries", parts.count >= 3, let position = Int(parts[1]) else { return nil }
        let entry = position < feed.entries.count ? feed.entries[position] : nil
        switch parts[2...].joined(separator: ".") {
        case "title": return .some(string(entry?.title))
        case "id": return .some(string(entry?.id))
        case "link": return .some(string(entry?.link))
        case "summary": return .some(string(entry?.summary))
        case "author": return .some(string(entry?.authors.first))
        case "author_detail.name": return .some(string(entry?.authorDetails.first?.name))
        case "author_detail.email": return .some(string(entry?.authorDetails.first?.email))
        case "author_detail.url", "author_detail.href": return .some(string(entry?.authorDetails.first?.url))
        case "content.0.value": return .some(string(entry?.content))
        case "published_parsed": return .some(entry?.published.map(timeTuple))
        case "updated_parsed": return .some(entry?.updated.map(timeTuple))
        default: return nil
        }
    }

    /// Python's `time.struct_time` as feedparser builds it (UTC, Monday = 0, isdst 0).
    static func timeTuple(_ date: Date) -> FeedExpectation.Literal {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "UTC")!
        let c = calendar.dateComponents([.year, .month, .day, .hour, .minute, .second, .weekday], from: date)
        let yday = calendar.ordinality(of: .day, in: .year, for: date) ?? 0
        let values = [c.year!, c.month!, c.day!, c.hour!, c.minute!, c.second!, (c.weekday! + 5) % 7, yday, 0]
        return .tuple(values.map { .integer($0) })
    }

    struct Tally {
        var checkable = 0, passed = 0, bozoMatched = 0, files = 0, refused = 0
        var failures: [String] = []
    }

    static func run() -> Tally {
        var tally = Tally()
        let parser = FeedParser()
        for file in files(under: suiteRoot) {
            guard let data = FileManager.default.contents(atPath: file.path) else { continue }
            let bytes = [UInt8](data)
            tally.files += 1
            let (expects, contentType, location) = annotations(bytes)
            // feedparser's harness serves the documents from this address.
            let relativePath = file.path.replacingOccurrences(of: suiteRoot.path + "/", with: "")
            var documentURL = "http://127.0.0.1:8097/tests/" + relativePath
            if let location, let resolved = URL(string: location, relativeTo: URL(string: documentURL)) {
                documentURL = resolved.absoluteString
            }
            let started = Date()
            let feed = try? parser.parse(bytes, contentType: contentType, baseURL: documentURL)
            // A hang guard, not a speed target (speed lives in benchmarks).
            #expect(Date().timeIntervalSince(started) < 30, "\(file.lastPathComponent) seems to hang")
            if feed == nil { tally.refused += 1 }
            for expression in expects {
                guard let expectation = FeedExpectation(expression),
                    let modelled = actual(feed ?? ParsedFeed(), expectation.path)
                else { continue }
                tally.checkable += 1
                if modelled == expectation.literal {
                    tally.passed += 1
                    if expectation.expectsWellFormed.map({ $0 != (feed?.bozo ?? true) }) ?? true { tally.bozoMatched += 1 }
                } else {
                    tally.failures.append(
                        "\(file.path.replacingOccurrences(of: suiteRoot.path, with: "")): \(expectation.path)"
                            + " expected \(expectation.literal), got \(String(describing: modelled))"
                    )
                }
            }
        }
        return tally
    }

    @Test("checkable expectations pass, no file crashes or hangs")
    func suite() {
        let tally = Self.run()
        print("feedparser suite: \(tally.passed) of \(tally.checkable) checkable expectations pass (\(tally.files) files, 0 crashes)")
        print("feedparser suite: bozo flag also right for \(tally.bozoMatched) of those; \(tally.refused) files refused")
        if ProcessInfo.processInfo.environment["FEEDPARSER_VERBOSE"] != nil {
            for failure in tally.failures { print("  FAIL \(failure)") }
        }
        #expect(tally.files > 1000)
        #expect(tally.passed >= Self.passFloor)
    }

    @Test("every ill-formed document parses or is refused with a SyncError")
    func illformed() throws {
        let parser = FeedParser()
        let folder = Self.suiteRoot.appendingPathComponent("illformed")
        try #require(
            FileManager.default.fileExists(atPath: folder.path),
            Comment(
                rawValue: "feedparser's ill-formed documents are missing: no folder \(folder.path)"
                    + " (check out ../shared/testsuites/feedparser or set FEEDPARSER_TESTS)")
        )
        let files = Self.files(under: folder)
        try #require(!files.isEmpty, "no feed documents under \(folder.path)")
        for file in files {
            let data = try #require(FileManager.default.contents(atPath: file.path), "cannot read \(file.path)")
            do {
                _ = try parser.parse([UInt8](data))
            } catch {
                #expect(!error.message.isEmpty)
            }
        }
    }
}
