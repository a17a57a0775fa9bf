import Storage
import SyncModel
import Testing

/// `DocumentStore.recordFetches`: many feed polls' outcomes written together.
@Suite("Fetch records in batches")
struct FetchRecordStoreTests {
    func state(_ name: String, etag: String) -> FeedState {
        var state = FeedState(url: "http://example.org/\(name).xml")
        state.etag = etag
        state.lastStatus = 304
        state.nextDueAt = 2_000
        return state
    }

    func stored(_ store: any DocumentStore, _ name: String) throws -> FeedRecord? {
        try store.feedState(source: name, url: "http://example.org/\(name).xml")
    }

    @Test("each record of a batch is stored; one for an unknown source fails alone", arguments: Backend.allCases)
    func eachStored(_ backend: Backend) throws {
        let store = try backend.fresh().open()
        let errors = store.recordFetches([
            FetchRecord(source: "a", state: state("a", etag: "\"a1\""), now: 1_000),
            FetchRecord(source: "gone", state: state("gone", etag: "\"g\""), now: 1_000),
            FetchRecord(source: "b", state: state("b", etag: "\"b1\""), error: SourceError(code: .httpStatus, message: "HTTP 500"), now: 1_000),
        ])
        #expect(errors.count == 3 && errors[0] == nil && errors[1]?.code == .notFound && errors[2] == nil)
        let a = try stored(store, "a"), b = try stored(store, "b")
        #expect(a?.state.etag == "\"a1\"" && a?.state.nextDueAt == 2_000 && a?.consecutiveFailures == 0)
        #expect(b?.state.etag == "\"b1\"" && b?.consecutiveFailures == 1 && b?.lastError == "HTTP 500")
    }

    @Test("a batch is one transaction: when one record cannot be written, none of the batch is stored", arguments: Backend.sqliteCases)
    func wholeOrAbsent(_ backend: Backend) throws {
        let place = try backend.fresh()
        let store = try place.open()
        let first = store.recordFetches([FetchRecord(source: "a", state: state("a", etag: "\"a1\""), now: 1_000)])
        #expect(first.count == 1 && first[0] == nil)
        // The second record's write fails as a full disk would fail it, after the first's rows went in.
        try place.execute(
            "CREATE TRIGGER refuse_b BEFORE UPDATE ON source WHEN NEW.name = 'b' BEGIN SELECT RAISE(ABORT, 'database or disk is full'); END")
        let batch = [
            FetchRecord(source: "a", state: state("a", etag: "\"a2\""), now: 1_100),
            FetchRecord(source: "b", state: state("b", etag: "\"b1\""), now: 1_100),
        ]
        let refused = store.recordFetches(batch)
        #expect(refused.count == 2 && refused.allSatisfy { $0?.code == .store }, "\(refused)")
        #expect(try stored(store, "a")?.state.etag == "\"a1\"", "a's row from the refused batch was rolled back")
        #expect(try stored(store, "b") == nil)
        try place.execute("DROP TRIGGER refuse_b")
        let again = store.recordFetches(batch)
        #expect(again.allSatisfy { $0 == nil })
        #expect(try stored(store, "a")?.state.etag == "\"a2\"" && stored(store, "b")?.state.etag == "\"b1\"")
    }
}
