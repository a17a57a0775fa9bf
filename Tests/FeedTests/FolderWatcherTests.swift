@testable import Folders
import Foundation
import Synchronization
import TestSupport
import Testing

/// inotify for real, time on a `ManualClock`: the quiet and patience periods are checked without
/// waiting for them.
@Suite("folder watch debouncing")
struct FolderWatcherTests {
    /// Moves a file into `folder`: exactly one inotify event (`IN_MOVED_TO`).
    static func arrive(_ name: String, in folder: String, staging: String) throws {
        try "A title\n\nSome text.\n".write(toFile: staging + "/" + name, atomically: false, encoding: .utf8)
        guard rename(staging + "/" + name, folder + "/" + name) == 0 else { throw POSIXError(.EIO) }
    }

    @Test("a change is reported once its source has been quiet for `quiet`; a steady trickle once `patience` has passed")
    func quietAndPatience() async throws {
        let staging = try makeTemporaryDirectory()
        let folder = staging + "/watched"
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        let clock = ManualClock()
        let reported = Mutex<[String]>([])
        let watcher = try FolderWatcher(logger: FeedHarness.quiet, quiet: 0.2, patience: 1.0, clock: clock) { source in
            reported.withLock { $0.append(source) }
        }
        defer { watcher.stop() }
        watcher.watch(source: "docs", root: folder)

        var batches = watcher.handledBatches
        try Self.arrive("a.txt", in: folder, staging: staging)
        await watcher.waitForHandledBatches(batches + 1)
        #expect(watcher.pendingSources == ["docs"])
        clock.advance(by: 0.1)
        watcher.flushQuietSources()
        #expect(reported.withLock { $0 }.isEmpty, "not quiet for 0.2 s yet")
        clock.advance(by: 0.15)
        watcher.flushQuietSources()
        #expect(reported.withLock { $0 } == ["docs"])
        #expect(watcher.pendingSources.isEmpty)

        // A change every 0.15 s never leaves 0.2 s of quiet: reported once 1 s has passed since the first.
        for step in 0..<8 {
            batches = watcher.handledBatches
            try Self.arrive("t\(step).txt", in: folder, staging: staging)
            await watcher.waitForHandledBatches(batches + 1)
            watcher.flushQuietSources()
            let expected = Double(step) * 0.15 >= 1.0 ? ["docs", "docs"] : ["docs"]
            #expect(reported.withLock { $0 } == expected, "after \(Double(step) * 0.15) s of changes")
            if expected.count == 2 { break }
            clock.advance(by: 0.15)
        }
        #expect(reported.withLock { $0 }.count == 2)
    }
}
