#if canImport(Glibc)
internal import Glibc
#endif
import Foundation
public import Logging
import Synchronization
public import SyncModel

/// Watches folder sources with inotify, recursively, and reports which sources changed.
///
/// Events are not handled one by one: a change marks its source dirty, and the source is
/// reported once no event has arrived for `quiet` (or `patience` after the first one, so a
/// steady trickle still gets through). The report triggers a rescan, which compares stamps and
/// sees the final state: an editor's write-to-temp-and-rename is one update, a burst of a
/// thousand files one scan. New subfolders are watched as they appear. A queue overflow or a
/// watch that cannot be added (`max_user_watches`) reports the source for a full rescan.
/// What changed in a folder source since it was last reported.
public enum FolderChange: Sendable, Equatable {
    /// Something only a walk of the whole folder can tell: a folder appeared, vanished or moved,
    /// the source's root was lost, events were dropped, or too many files changed at once.
    case full
    /// These files (keys relative to the root) were written, moved or deleted.
    case files(Set<String>)

    /// More files than this in one report are walked instead.
    public static let maximumFiles = 4096

    /// Both changes: the union of their files, or a full walk when either needs one.
    public func merged(with other: FolderChange) -> FolderChange {
        guard case .files(let mine) = self, case .files(let theirs) = other else { return .full }
        let union = mine.union(theirs)
        return union.count > Self.maximumFiles ? .full : .files(union)
    }
}

public final class FolderWatcher: Sendable {
    struct Watch: Sendable {
        var source: String
        var path: String
    }

    private struct State {
        /// Watch descriptor → every source watching that folder (sources may overlap).
        var watches: [Int32: [Watch]] = [:]
        /// Source → the descriptor of its root folder's watch, while it exists.
        var rootWatch: [String: Int32] = [:]
        var roots: [String: String] = [:]
        /// Source → (first, last) event time and what changed, not reported yet.
        var dirty: [String: (first: Double, last: Double, change: FolderChange)] = [:]

        mutating func mark(_ source: String, _ change: FolderChange, at now: Double) {
            if let pending = dirty[source] {
                dirty[source] = (pending.first, now, pending.change.merged(with: change))
            } else {
                dirty[source] = (now, now, change)
            }
        }
        /// Sources some of whose folders could not be watched.
        var degraded: Set<String> = []
    }

    private let fd: Int32
    private let wake: (read: Int32, write: Int32)
    private let state = Mutex(State())
    private let logger: Logger
    private let onChange: @Sendable (String, FolderChange) -> Void
    private let quiet: Double
    private let patience: Double
    private let stopped = Atomic<Bool>(false)
    private let finished = Mutex<Bool>(false)
    private let clock: any SyncClock
    /// Batches of inotify events handled so far, and who waits for more (tests).
    private let handled = Mutex<(count: Int, waiters: [(count: Int, continuation: CheckedContinuation<Void, Never>)])>((0, []))

    static let mask: UInt32 =
        UInt32(IN_CLOSE_WRITE) | UInt32(IN_MOVED_TO) | UInt32(IN_MOVED_FROM) | UInt32(IN_DELETE)
        | UInt32(IN_CREATE) | UInt32(IN_DELETE_SELF) | UInt32(IN_MOVE_SELF)

    /// - Parameters:
    ///   - quiet: seconds without events after which a dirty source is reported.
    ///   - patience: most seconds a dirty source waits while events keep coming.
    ///   - onChange: called on the watcher's thread with a source name and what changed in it.
    ///   - clock: event times and the quiet and patience periods are reckoned on it.
    public init(
        logger: Logger, quiet: Double = 0.2, patience: Double = 1.0, clock: any SyncClock = SystemClock(),
        onChange: @escaping @Sendable (String, FolderChange) -> Void
    ) throws(SyncError) {
        self.clock = clock
        fd = inotify_init1(Int32(IN_CLOEXEC | IN_NONBLOCK))
        guard fd >= 0 else { throw SyncError(.unsupported, "inotify is not available: \(String(cString: strerror(errno)))") }
        var pipeFDs: [Int32] = [-1, -1]
        guard pipe(&pipeFDs) == 0 else {
            close(fd)
            throw SyncError(.unsupported, "cannot create a pipe: \(String(cString: strerror(errno)))")
        }
        for descriptor in pipeFDs {
            _ = fcntl(descriptor, F_SETFD, FD_CLOEXEC)
            _ = fcntl(descriptor, F_SETFL, O_NONBLOCK)
        }
        wake = (pipeFDs[0], pipeFDs[1])
        self.logger = logger
        self.quiet = quiet
        self.patience = patience
        self.onChange = onChange
        let thread = Thread { [self] in run() }
        thread.name = "syncd.inotify"
        thread.start()
    }

    deinit {
        stop()
        close(fd)
        close(wake.read)
        close(wake.write)
    }

    /// Stops the thread (idempotent) and waits until it has left its loop.
    public func stop() {
        guard !stopped.exchange(true, ordering: .acquiringAndReleasing) else { return }
        var byte: UInt8 = 1
        _ = write(wake.write, &byte, 1)
        while !finished.withLock({ $0 }) { usleep(1000) }
    }

    /// Whether a source has folders inotify could not watch (it then needs periodic rescans).
    public func isDegraded(_ source: String) -> Bool { state.withLock { $0.degraded.contains(source) } }

    /// Starts watching `root` and every folder below it for `source`.
    public func watch(source: String, root: String) {
        let resolved = URL(fileURLWithPath: root).resolvingSymlinksInPath().path  // the scanner follows a linked root too
        state.withLock {
            $0.roots[source] = resolved
            $0.degraded.remove(source)
        }
        addTree(source: source, path: resolved, isRoot: true)
    }

    /// Watches the source's root again if its watch is gone (the folder was deleted or moved
    /// away and has come back, or was not there at start-up). Called before each scan.
    public func ensureWatched(source: String, root: String) {
        let missing = state.withLock { $0.rootWatch[source] == nil }
        if missing { watch(source: source, root: root) }
    }

    /// Stops watching a source (a removed source on reload).
    public func unwatch(source: String) {
        let descriptors = state.withLock { state -> [Int32] in
            state.roots[source] = nil
            state.dirty[source] = nil
            state.degraded.remove(source)
            state.rootWatch[source] = nil
            var orphaned: [Int32] = []
            for (wd, owners) in state.watches where owners.contains(where: { $0.source == source }) {
                let rest = owners.filter { $0.source != source }
                state.watches[wd] = rest.isEmpty ? nil : rest
                if rest.isEmpty { orphaned.append(wd) }  // the kernel watch goes only when no source needs it
            }
            return orphaned
        }
        for wd in descriptors { inotify_rm_watch(fd, wd) }
    }

    var watchedSources: [String] { state.withLock { Array($0.roots.keys) } }

    /// Adds watches for `path` and its subfolders (hidden ones and symlinks excluded, as the
    /// scanner does).
    private func addTree(source: String, path: String, isRoot: Bool = false) {
        var stack = [path]
        while let folder = stack.popLast() {
            let wd = inotify_add_watch(fd, folder, Self.mask | UInt32(IN_ONLYDIR) | UInt32(IN_DONT_FOLLOW))
            if wd < 0 {
                let code = errno
                // Gone already (deleted or moved between the event and now): nothing to watch.
                if code == ENOENT || code == ENOTDIR { continue }
                let reason = String(cString: strerror(code))
                let isLimit = code == ENOSPC
                state.withLock { _ = $0.degraded.insert(source) }
                logger.warning(
                    "folder not watched; it is rescanned periodically instead",
                    metadata: [
                        "source.name": "\(source)", "file.path": "\(folder)",
                        "reason": "\(isLimit ? "the inotify watch limit is reached (fs.inotify.max_user_watches)" : reason)",
                    ])
                continue
            }
            state.withLock { state in
                var owners = state.watches[wd, default: []].filter { $0.source != source }
                owners.append(Watch(source: source, path: folder))
                state.watches[wd] = owners
                if isRoot && folder == path { state.rootWatch[source] = wd }
            }
            // The scanner's rules: no hidden folders, no links to folders.
            guard let listed = try? DirectoryEntries(folder) else { continue }
            stack += listed.subfolders(of: folder).map { folder + "/" + $0 }
        }
    }

    private func run() {
        defer { finished.withLock { $0 = true } }
        var buffer = [UInt8](repeating: 0, count: 64 * 1024)
        var fds = [pollfd(fd: fd, events: Int16(POLLIN), revents: 0), pollfd(fd: wake.read, events: Int16(POLLIN), revents: 0)]
        while !stopped.load(ordering: .acquiring) {
            let timeout: Int32 = state.withLock { $0.dirty.isEmpty } ? 1000 : 50
            _ = poll(&fds, 2, timeout)
            if stopped.load(ordering: .acquiring) { return }
            if fds[0].revents & Int16(POLLIN) != 0 {
                while true {
                    let count = buffer.withUnsafeMutableBytes { read(fd, $0.baseAddress, $0.count) }
                    guard count > 0 else { break }
                    handle(buffer, count: count)
                }
            }
            flushQuietSources()
        }
    }

    private func handle(_ buffer: [UInt8], count: Int) {
        let now = clock.now()
        var offset = 0
        var newFolders: [(String, String)] = []
        buffer.withUnsafeBytes { raw in
            while offset + MemoryLayout<inotify_event>.size <= count {
                let wd = raw.loadUnaligned(fromByteOffset: offset, as: Int32.self)
                let mask = raw.loadUnaligned(fromByteOffset: offset + 4, as: UInt32.self)
                let length = Int(raw.loadUnaligned(fromByteOffset: offset + 12, as: UInt32.self))
                let nameStart = offset + MemoryLayout<inotify_event>.size
                let nameBytes = Array(raw[nameStart..<min(nameStart + length, count)].prefix(while: { $0 != 0 }))
                let name = String(decoding: nameBytes, as: UTF8.self)
                // A name that is not UTF-8 is reported by a walk, which says why it is not ingested.
                let validName = Array(name.utf8) == nameBytes
                offset = nameStart + length
                if mask & UInt32(IN_MOVE_SELF) != 0 {
                    // A folder moved: its watch now follows it elsewhere; stop trusting it.
                    inotify_rm_watch(fd, wd)
                }
                if mask & UInt32(IN_Q_OVERFLOW) != 0 {
                    logger.warning("inotify queue overflowed; rescanning every folder source")
                    state.withLock { state in for source in state.roots.keys { state.mark(source, .full, at: now) } }
                    continue
                }
                state.withLock { state in
                    guard let owners = state.watches[wd] else { return }
                    if mask & UInt32(IN_IGNORED) != 0 {
                        // The folder is gone (or moved away): forget it; a lost root is watched
                        // again by the next scan (`ensureWatched`).
                        state.watches[wd] = nil
                        for (source, root) in state.rootWatch where root == wd {
                            state.rootWatch[source] = nil
                            state.degraded.insert(source)  // rescanned every minute until its root is watched again
                        }
                    }
                    let wholeFolder =
                        mask & (UInt32(IN_ISDIR) | UInt32(IN_IGNORED) | UInt32(IN_DELETE_SELF) | UInt32(IN_MOVE_SELF)) != 0
                        || name.isEmpty || !validName
                    for watch in owners {
                        if mask & UInt32(IN_ISDIR) != 0, mask & (UInt32(IN_CREATE) | UInt32(IN_MOVED_TO)) != 0, !name.hasPrefix(".") {
                            newFolders.append((watch.source, watch.path + "/" + name))
                        }
                        if wholeFolder {
                            state.mark(watch.source, .full, at: now)
                        } else if !name.hasPrefix("."), let root = state.roots[watch.source] {
                            // Hidden files are never ingested (the walk skips them too).
                            let folder = watch.path == root ? "" : String(watch.path.dropFirst(root.count + 1)) + "/"
                            state.mark(watch.source, .files([folder + name]), at: now)
                        }
                    }
                }
            }
        }
        // A new folder is watched, then reported with its source: files written into it before
        // the watch existed are found by the rescan.
        for (source, path) in newFolders { addTree(source: source, path: path) }
        let ready = handled.withLock { handled -> [CheckedContinuation<Void, Never>] in
            handled.count += 1
            let ready = handled.waiters.filter { $0.count <= handled.count }.map(\.continuation)
            handled.waiters.removeAll { $0.count <= handled.count }
            return ready
        }
        for waiter in ready { waiter.resume() }
    }

    /// How many batches of events have been handled.
    var handledBatches: Int { handled.withLock { $0.count } }

    /// Returns once at least `count` batches of inotify events have been handled.
    func waitForHandledBatches(_ count: Int) async {
        await withCheckedContinuation { continuation in
            let now = handled.withLock { handled -> Bool in
                if handled.count >= count { return true }
                handled.waiters.append((count, continuation))
                return false
            }
            if now { continuation.resume() }
        }
    }

    /// Sources with changes not reported yet.
    var pendingSources: [String] { state.withLock { $0.dirty.keys.sorted() } }

    /// Reports the sources whose changes have been quiet for `quiet` seconds, or waited
    /// `patience` seconds while changes kept coming. The watcher's thread calls it after every
    /// read and every 50 ms while something is pending.
    func flushQuietSources() {
        let now = clock.now()
        let due = state.withLock { state -> [(String, FolderChange)] in
            let ready = state.dirty.filter { now - $0.value.last >= quiet || now - $0.value.first >= patience }
            for source in ready.keys { state.dirty[source] = nil }
            return ready.map { ($0.key, $0.value.change) }
        }
        for (source, change) in due.sorted(by: { $0.0 < $1.0 }) { onChange(source, change) }
    }
}
