#if canImport(Glibc)
internal import Glibc
#endif

/// One folder's entries read with `opendir`/`readdir`, and the rules every walk of a folder
/// source applies (the scanner's and the watcher's): `.` and `..` are not entries, hidden
/// names (a leading dot) are never walked into, links to folders are never followed.
struct DirectoryEntries {
    struct Entry {
        var name: String
        /// False when the name's bytes are not valid UTF-8 (`name` then holds a repaired copy).
        var validUTF8: Bool
        /// `d_type`: `DT_DIR`, `DT_REG`, `DT_LNK`, … or `DT_UNKNOWN` where the file system does not say.
        var type: UInt8

        var isHidden: Bool { name.hasPrefix(".") }
    }

    /// Why a folder could not be listed.
    struct Failure: Error {
        var errno: Int32
        /// The folder opened, but reading it failed part way.
        var partway: Bool

        var reason: String {
            let text = String(cString: strerror(errno))
            return partway ? "listing failed: \(text)" : text
        }
    }

    /// The entries, sorted by name.
    var entries: [Entry] = []

    private static let nameOffset = MemoryLayout<dirent>.offset(of: \dirent.d_name)!

    /// Reads `folder`.
    /// - Throws: `Failure` when `opendir` fails or a `readdir` cuts the listing short.
    init(_ folder: String) throws(Failure) {
        guard let directory = opendir(folder) else { throw Failure(errno: errno, partway: false) }
        defer { closedir(directory) }
        while true {
            errno = 0
            guard let entry = readdir(directory) else {
                if errno != 0 { throw Failure(errno: errno, partway: true) }
                break
            }
            // The name is read where it lies: a dirent may be shorter than `struct dirent` (its
            // `d_reclen`), so copying the whole 256-byte `d_name` read past it (ASan).
            let cName = UnsafeRawPointer(entry).advanced(by: Self.nameOffset).assumingMemoryBound(to: CChar.self)
            let bytes = Array(UnsafeRawBufferPointer(start: cName, count: strlen(cName)))
            let name = String(decoding: bytes, as: UTF8.self)
            if name != "." && name != ".." {
                entries.append(Entry(name: name, validUTF8: Array(name.utf8) == bytes, type: entry.pointee.d_type))
            }
        }
        entries.sort { $0.name < $1.name }
    }

    /// The subfolders a walk descends into: not hidden, real folders (a link to one is not).
    func subfolders(of folder: String) -> [String] {
        entries.compactMap { entry in
            guard !entry.isHidden, entry.validUTF8 else { return nil }
            var isFolder = entry.type == UInt8(DT_DIR)
            if entry.type == UInt8(DT_UNKNOWN) {
                var info = stat()
                isFolder = lstat(folder + "/" + entry.name, &info) == 0 && (info.st_mode & S_IFMT) == S_IFDIR
            }
            return isFolder ? entry.name : nil
        }
    }
}
