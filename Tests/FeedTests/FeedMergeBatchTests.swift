import Dispatch
import Fingerprint
import Foundation
import Testing
import SQLiteStore
import Storage
import SyncConfig
import SyncModel
import TestSupport
@testable import Feeds

/// Feed polls' merges commit together through the store's writer (`StoreWriter.merge`).
@Suite("Feed merge batching")
struct FeedMergeBatchTests {
    @Test("first polls that wait for a busy writer merge in one transaction; every entry is stored under its own feed")
    func firstPollsShareATransaction() async throws {
        let names = (0..<12).map { "f\($0)" }
        let harness = try await FeedHarness(feeds: names, perHost: 16)
        for name in names {
            let feed = rss(
                (1...3).map {
                    Item(
                        guid: "\(name)-\($0)", link: "http://example.org/\(name)/\($0)", title: "Story \($0) of \(name)",
                        body: "Words \($0) of \(name).")
                })
            harness.routes["/\(name).xml"] = { _ in HTTPResponse(status: 200, text: feed) }
        }
        let poller = harness.poller(now: 1_800_000_000)
        let writer = poller.writer
        let (release, holding) = await FeedStateBatchTests.holdWriter(writer)
        let before = writer.mergeTransactions
        let cycle = Task { try await poller.poll(names.map { harness.sources[$0]! }) }
        try await FeedStateBatchTests.wait(until: { writer.waitingMerges == names.count }, "every poll's merge waits for the writer")
        #expect(try harness.store.status().documents == 0)
        release.signal()
        try await holding.value
        let summaries = try await cycle.value
        #expect(summaries.count == names.count && summaries.allSatisfy { $0.httpStatus == 200 && $0.created == 3 && $0.failed == 0 })
        #expect(writer.mergeTransactions - before == 1, "36 entries of 12 feeds, under the 256 of one transaction")
        #expect(try harness.store.status().documents == 3 * names.count)
        for name in names {
            #expect(try harness.text("\(name):\(name)-2") == "Story 2 of \(name)\n\nWords 2 of \(name).")
            #expect(try harness.state(name).state.lastResult == .new)
        }
    }

    @Test("in a shared transaction, documents the store refuses fail their own merge alone; the others are stored")
    func refusedMergeFailsAlone() async throws {
        let harness = try await FeedHarness(feeds: ["a", "b"])
        let writer = StoreWriter(store: harness.store)
        let fingerprinter = Fingerprinter(parameters: .default)
        func document(_ source: String, _ key: String) -> IncomingDocument {
            let article = Article(title: "Title \(key)", text: "The text of \(key) in \(source).")
            return IncomingDocument(source: source, key: key, article: article, fingerprint: fingerprinter.fingerprint(article), stamp: nil)
        }
        let (release, holding) = await FeedStateBatchTests.holdWriter(writer)
        let before = writer.mergeTransactions
        let first = Task { try await writer.merge([document("a", "1"), document("a", "2")], now: 1) }
        try await FeedStateBatchTests.wait(until: { writer.waitingMerges == 1 }, "the first merge waits")
        let refused = Task { try await writer.merge([document("gone", "x")], now: 2) }
        try await FeedStateBatchTests.wait(until: { writer.waitingMerges == 2 }, "the refused merge waits")
        let last = Task { try await writer.merge([document("b", "3")], now: 3) }
        try await FeedStateBatchTests.wait(until: { writer.waitingMerges == 3 }, "the last merge waits")
        release.signal()
        try await holding.value
        let results = try await first.value
        #expect(results.count == 2 && results.allSatisfy { $0.op == .create })
        #expect(try await last.value.map(\.op) == [.create])
        await #expect {
            _ = try await refused.value
        } throws: { error in
            (error as? SyncError)?.code == .notFound
        }
        #expect(writer.mergeTransactions - before == 1)
        #expect(try harness.store.status().documents == 3)
        #expect(try harness.text("a:2") == "Title 2\n\nThe text of 2 in a.")
        #expect(try harness.text("b:3") == "Title 3\n\nThe text of 3 in b.")
    }
}
