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
        let changes = Mutex<[FolderChange]>([])
        let watcher = try FolderWatcher(logger: FeedHarness.quiet, quiet: 0.2, patience: 1.0, clock: clock) { source, change in
            reported.withLock { $0.append(source) }
            changes.withLock { $0.append(change) }
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
        #expect(changes.withLock { $0 } == [.files(["a.txt"])], "the event names the file: only it is ingested")
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
        if case .files(let names)? = changes.withLock({ $0.last }) {
            #expect(names.contains("t0.txt") && names.allSatisfy { $0.hasPrefix("t") && $0.hasSuffix(".txt") })
        } else {
            Issue.record("expected the trickle's files, got \(changes.withLock { $0 })")
        }
    }

    @Test("a file's events name it, in its sub-folder; a new folder asks for a walk; hidden files are not reported")
    func namedChanges() async throws {
        let staging = try makeTemporaryDirectory()
        let folder = staging + "/watched"
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        let clock = ManualClock()
        let changes = Mutex<[FolderChange]>([])
        let watcher = try FolderWatcher(logger: FeedHarness.quiet, quiet: 0.2, patience: 1.0, clock: clock) { _, change in
            changes.withLock { $0.append(change) }
        }
        defer { watcher.stop() }
        watcher.watch(source: "docs", root: folder)
        func settle() {
            clock.advance(by: 0.3)
            watcher.flushQuietSources()
        }

        var batches = watcher.handledBatches
        try FileManager.default.createDirectory(atPath: folder + "/sub", withIntermediateDirectories: false)
        await watcher.waitForHandledBatches(batches + 1)
        settle()
        #expect(changes.withLock { $0 } == [.full])

        batches = watcher.handledBatches
        try "A title\n\nSome text.\n".write(toFile: staging + "/b.txt", atomically: false, encoding: .utf8)
        #expect(rename(staging + "/b.txt", folder + "/sub/b.txt") == 0)
        await watcher.waitForHandledBatches(batches + 1)
        settle()
        #expect(changes.withLock { $0 } == [.full, .files(["sub/b.txt"])])

        batches = watcher.handledBatches
        try Self.arrive(".hidden.txt", in: folder, staging: staging)
        await watcher.waitForHandledBatches(batches + 1)
        #expect(watcher.pendingSources.isEmpty, "a hidden file is never ingested, so it is not reported")

        batches = watcher.handledBatches
        try FileManager.default.removeItem(atPath: folder + "/sub/b.txt")
        await watcher.waitForHandledBatches(batches + 1)
        settle()
        #expect(changes.withLock { $0 } == [.full, .files(["sub/b.txt"]), .files(["sub/b.txt"])])
    }

    @Test("changes merge: files add up, a walk absorbs everything, too many files become a walk")
    func changesMerge() {
        #expect(FolderChange.files(["a.txt"]).merged(with: .files(["b.txt"])) == .files(["a.txt", "b.txt"]))
        #expect(FolderChange.files(["a.txt"]).merged(with: .full) == .full)
        #expect(FolderChange.full.merged(with: .files(["a.txt"])) == .full)
        let many = Set((0..<FolderChange.maximumFiles).map { "f\($0).txt" })
        #expect(FolderChange.files(many).merged(with: .files(["f0.txt"])) == .files(many))
        #expect(FolderChange.files(many).merged(with: .files(["one-more.txt"])) == .full)
    }
}
