import Foundation
import Glibc
@testable import SQLiteStore
import SyncModel
import Testing

/// Committed merges reach the store file in the background, so a clean close has little left
/// to copy out of the log.
@Suite("Log checkpoints off the writer")
struct CheckpointTests {
    func fileSize(_ path: String) -> Int {
        var info = stat()
        return stat(path, &info) == 0 ? Int(info.st_size) : -1
    }

    @Test("merged documents are copied from the log into the store file after their commit, before any close or seal")
    func mergesReachTheFile() throws {
        let place = try Backend.sqlite.fresh()
        let store = try #require(try place.open() as? SQLiteStore)
        let checkpointer = try #require(store.checkpointer)
        checkpointer.drain()
        let before = fileSize(place.location)
        // Far fewer pages than SQLite's own checkpoint waits for (8,192).
        for index in 0..<5 { _ = try store.mergeOne("a", "\(index).txt", try seedText(index)) }
        checkpointer.drain()
        #expect(fileSize(place.location) > before + 4 * 4096, "\(before) -> \(fileSize(place.location))")
        // The seal then finds the log copied already and empties it.
        try store.seal()
        #expect(fileSize(place.location + "-wal") == 0)
        #expect(SQLiteStore.isSealed(place.location))
    }
}
