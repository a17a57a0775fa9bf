import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// Waits on a file's changes with inotify instead of sleeping between looks: `wait(until:)`
/// checks its condition, then blocks until the file (or its folder, for a file that does not
/// exist yet) changes, and checks again. The timeout is a hang guard, not a pace.
final class FileWatch {
    private let fd: Int32

    /// - Parameter paths: files or folders to watch for writes, creations and renames.
    init(_ paths: [String]) {
        fd = inotify_init1(Int32(IN_CLOEXEC | IN_NONBLOCK))
        let mask = UInt32(IN_MODIFY) | UInt32(IN_CREATE) | UInt32(IN_MOVED_TO) | UInt32(IN_CLOSE_WRITE) | UInt32(IN_ATTRIB)
        for path in paths { _ = inotify_add_watch(fd, path, mask) }
    }

    deinit { close(fd) }

    /// Returns whether `condition` became true before `timeout` seconds.
    @discardableResult
    func wait(timeout: Double = 60, until condition: () -> Bool) -> Bool {
        let deadline = Date().addingTimeInterval(timeout)
        var buffer = [UInt8](repeating: 0, count: 4096)
        while true {
            if condition() { return true }
            let left = deadline.timeIntervalSinceNow
            guard left > 0 else { return false }
            var descriptor = pollfd(fd: fd, events: Int16(POLLIN), revents: 0)
            if poll(&descriptor, 1, Int32(min(left, 5) * 1000)) > 0 {
                while buffer.withUnsafeMutableBytes({ read(fd, $0.baseAddress, $0.count) }) > 0 {}  // drain: one look per burst
            }
        }
    }
}
