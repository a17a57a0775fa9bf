import Dispatch
import Foundation
import Logging
import Testing
import SQLiteStore
import Storage
import SyncConfig
import SyncModel
import TestSupport
@testable import Feeds

/// Feed poll outcomes commit in batches through the store's writer (`StoreWriter.record`).
@Suite("Feed state batching")
struct FeedStateBatchTests {
    /// Waits (real time, at most a minute) until `condition` holds.
    static func wait(until condition: () -> Bool, _ what: String) async throws {
        let deadline = Date().addingTimeInterval(60)
        while !condition() {
            try #require(Date() < deadline, "timed out waiting until \(what)")
            try await Task.sleep(for: .milliseconds(2))
        }
    }

    /// Occupies the writer until the returned semaphore is signalled; returns once it is held.
    static func holdWriter(_ writer: StoreWriter) async -> (release: DispatchSemaphore, task: Task<Void, any Error>) {
        let (entered, held) = (DispatchSemaphore(value: 0), DispatchSemaphore(value: 0))
        let task = Task {
            try await writer.perform { _ in
                entered.signal()
                held.wait()
            }
        }
        await withCheckedContinuation { continuation in
            DispatchQueue.global().async {
                entered.wait()
                continuation.resume()
            }
        }
        return (held, task)
    }

    @Test("a cycle's 304s commit together, each feed's validators and next due time stored; no poll returns before its row is")
    func notModifiedInOneTransaction() async throws {
        let names = (0..<40).map { "f\($0)" }
        let harness = try await FeedHarness(feeds: names, perHost: 16)
        for name in names {
            let feed = rss([Item(guid: "\(name)-1", link: "http://example.org/\(name)/1", title: "Story of \(name)", body: "Words of \(name).")])
            harness.routes["/\(name).xml"] = { request in
                if request.header("If-None-Match") == "\"\(name)\"" { return HTTPResponse(status: 304) }
                return HTTPResponse(status: 200, headers: [("ETag", "\"\(name)\"")], text: feed)
            }
        }
        let now = 1_800_000_000.0
        let poller = harness.poller(now: now)
        let sources = names.map { harness.sources[$0]! }
        let first = try await poller.poll(sources)
        #expect(first.allSatisfy { $0.httpStatus == 200 && $0.created == 1 })

        // The writer busy (a long merge, say): every 304 of the cycle comes back meanwhile.
        let writer = poller.writer
        let (held, holding) = await Self.holdWriter(writer)
        let before = writer.fetchRecordTransactions
        let cycle = Task { try await poller.poll(sources) }
        try await Self.wait(until: { writer.waitingFetchRecords == names.count }, "every 304 waits for the writer")
        #expect(try harness.state("f0").state.lastStatus == 200, "a state is stored before the writer got to it")
        held.signal()
        try await holding.value
        let second = try await cycle.value
        #expect(second.count == names.count && second.allSatisfy { $0.httpStatus == 304 && $0.result == .notModified })
        #expect(writer.fetchRecordTransactions - before == 1)
        for name in names {
            let record = try harness.state(name)
            #expect(record.state.etag == "\"\(name)\"" && record.state.lastStatus == 304 && record.state.lastResult == .notModified)
            #expect(record.state.lastFetchAt == now && record.state.nextDueAt == now + harness.sources[name]!.feed!.interval)
            #expect(record.consecutiveFailures == 0)
        }
    }

    @Test("in a batch, a record for an unknown source fails alone; the others are stored")
    func unknownSourceFailsAlone() async throws {
        let harness = try await FeedHarness(feeds: ["a", "b"])
        var state = FeedState(url: harness.sources["a"]!.feed!.url)
        state.etag = "\"a\""
        var other = FeedState(url: harness.sources["b"]!.feed!.url)
        other.etag = "\"b\""
        let errors = harness.store.recordFetches([
            FetchRecord(source: "a", state: state, now: 1),
            FetchRecord(source: "gone", state: state, now: 1),
            FetchRecord(source: "b", state: other, error: SourceError(code: .httpStatus, message: "HTTP 500"), now: 1),
        ])
        #expect(errors.count == 3 && errors[0] == nil && errors[1]?.code == .notFound && errors[2] == nil)
        #expect(try harness.state("a").state.etag == "\"a\"" && harness.state("a").consecutiveFailures == 0)
        #expect(try harness.state("b").state.etag == "\"b\"" && harness.state("b").consecutiveFailures == 1)
    }

    @Test("when the store refuses writes, no poll's state moves: validators never outrun the entries stored")
    func refusedBatchStoresNothing() async throws {
        let harness = try await FeedHarness(feeds: ["a", "b"], perHost: 16)
        for name in ["a", "b"] {
            let feed = rss([Item(guid: "\(name)-1", link: "http://example.org/\(name)/1", title: "Story of \(name)", body: "Words of \(name).")])
            harness.routes["/\(name).xml"] = { request in
                if request.header("If-None-Match") == "\"\(name)\"" { return HTTPResponse(status: 304) }
                return HTTPResponse(status: 200, headers: [("ETag", "\"\(name)\"")], text: feed)
            }
        }
        let store = FaultyStore(harness.store)
        store.failWrites(true)
        let poller = FeedIngestor(writer: StoreWriter(store: store), fetcher: harness.fetcher, logger: FeedHarness.quiet)
        let sources = [harness.sources["a"]!, harness.sources["b"]!]
        await #expect(throws: SyncError.self) { try await poller.poll(sources) }
        #expect(try harness.store.feedState(source: "a", url: sources[0].feed!.url) == nil)
        #expect(try harness.store.status().documents == 0)
        store.failWrites(false)
        let summaries = try await poller.poll(sources)
        #expect(summaries.allSatisfy { $0.httpStatus == 200 && $0.created == 1 }, "the feeds are fetched whole again, not answered 304")
        #expect(try harness.state("a").state.etag == "\"a\"" && harness.store.status().documents == 2)
    }
}
