internal import Glibc
internal import SyncModel

/// Reads whole files with POSIX calls, checking the size before reading.
enum FileLoader {
    /// Reads the regular file at `path`.
    ///
    /// - Throws: `SyncError` with `location` = `path`: `.unreadable` with the system's
    ///   reason (`strerror`) when it cannot be opened, stat'ed or read, or is not a regular
    ///   file; `.tooLarge` when it is (or grows while read) over `maxSize` bytes.
    static func load(path: String, maxSize: Int) throws(SyncError) -> [UInt8] {
        // O_NONBLOCK: a FIFO swapped in since the scan must not block the open; fstat refuses it.
        let descriptor = open(path, O_RDONLY | O_CLOEXEC | O_NONBLOCK)
        guard descriptor >= 0 else { throw systemError(path) }
        defer { close(descriptor) }

        var info = stat()
        guard fstat(descriptor, &info) == 0 else { throw systemError(path) }
        guard info.st_mode & S_IFMT == S_IFREG else {
            let kind = info.st_mode & S_IFMT == S_IFDIR ? "a directory" : "not a regular file"
            throw SyncError(.unreadable, "is \(kind)", location: path)
        }
        let size = Int(info.st_size)
        guard size <= maxSize else {
            throw SyncError(.tooLarge, ByteSize.overLimitMessage(size: size, limit: maxSize), location: path)
        }

        var bytes = [UInt8](repeating: 0, count: size + 1)
        var filled = 0
        while true {
            if filled == bytes.count {
                guard bytes.count <= maxSize else { break }
                bytes.append(contentsOf: repeatElement(0, count: min(max(bytes.count, 4096), maxSize + 1 - bytes.count)))
            }
            let count = bytes.withUnsafeMutableBytes { buffer -> Int in
                guard let base = buffer.baseAddress else { return 0 }
                return Glibc.read(descriptor, base + filled, buffer.count - filled)
            }
            if count < 0 {
                if errno == EINTR { continue }
                throw systemError(path)
            }
            if count == 0 { break }
            filled += count
        }
        guard filled <= maxSize else {
            throw SyncError(.tooLarge, "file grew over the \(ByteSize.format(maxSize)) limit while being read", location: path)
        }
        bytes.removeSubrange(filled...)
        return bytes
    }

    private static func systemError(_ path: String) -> SyncError {
        let code = errno
        let reason = strerror(code).map { String(cString: $0) } ?? "error \(code)"
        return SyncError(.unreadable, reason, location: path)
    }
}
