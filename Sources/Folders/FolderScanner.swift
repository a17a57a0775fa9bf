#if canImport(Glibc)
internal import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
public import Storage
public import SyncModel

/// One regular file found under a folder source.
public struct ScannedFile: Sendable, Equatable {
    /// Path relative to the folder root, `/`-separated: the document key.
    public var key: String
    public var path: String
    public var stamp: FileStamp
}

/// What a recursive walk of a folder found.
public struct FolderListing: Sendable {
    /// Regular files, sorted by key (arrival order for a first ingest).
    public var files: [ScannedFile] = []
    /// Entries that are not regular files (links to folders, sockets, hidden files, …).
    public var ignored: [String] = []
    /// Sub-folders that could not be listed completely, with the reason; documents under them
    /// are not treated as deleted.
    public var unreadableFolders: [(key: String, reason: String)] = []
    /// Entries that cannot be ingested because of their name, with the reason.
    public var badNames: [(key: String, reason: String)] = []
}

/// Walks a folder recursively with `opendir`/`readdir`, never following links to folders.
public struct FolderScanner: Sendable {
    public init() {}

    /// - Throws: `SyncError(.notFound)` or `.unreadable` when the root itself cannot be listed:
    ///   the caller must then not take its documents for deleted.
    public func scan(root: String) throws(SyncError) -> FolderListing {
        var info = stat()
        guard stat(root, &info) == 0 else {
            throw SyncError(
                errno == ENOENT ? .notFound : .unreadable, "folder is missing or unreachable: \(String(cString: strerror(errno)))", location: root)
        }
        guard (info.st_mode & S_IFMT) == S_IFDIR else {
            throw SyncError(.unreadable, "not a folder", location: root)
        }
        var listing = FolderListing()
        guard walk(root: root, relative: "", into: &listing) else {
            throw SyncError(.unreadable, "cannot list folder: \(listing.unreadableFolders.first?.reason ?? "unknown error")", location: root)
        }
        listing.files.sort { $0.key.utf8.lexicographicallyPrecedes($1.key.utf8) }
        return listing
    }

    /// Lists one folder and recurses. Returns false when the folder could not be listed
    /// completely; it is then recorded in `unreadableFolders` so that nothing under it is taken
    /// for deleted.
    private func walk(root: String, relative: String, into listing: inout FolderListing) -> Bool {
        let folder = relative.isEmpty ? root : root + "/" + relative
        let listed: DirectoryEntries
        do {
            listed = try DirectoryEntries(folder)
        } catch {
            listing.unreadableFolders.append((relative, error.reason))
            return false
        }
        // Entries are looked at relative to the folder: no walk of the whole path per file.
        let folderFD = open(folder, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
        defer { if folderFD >= 0 { close(folderFD) } }
        func look(_ name: String, _ path: String, _ info: inout stat, follow: Bool) -> Int32 {
            if folderFD >= 0 { return fstatat(folderFD, name, &info, follow ? 0 : AT_SYMLINK_NOFOLLOW) }
            return follow ? stat(path, &info) : lstat(path, &info)
        }
        for entry in listed.entries {
            let (name, valid) = (entry.name, entry.validUTF8)
            let key = relative.isEmpty ? name : relative + "/" + name
            let path = root + "/" + key
            if entry.isHidden {
                listing.ignored.append(key)
                continue
            }
            guard valid else {
                listing.badNames.append((key, "file name is not valid UTF-8"))
                continue
            }
            var info = stat()
            guard look(name, path, &info, follow: false) == 0 else {
                let error = errno
                if error == ENOENT { continue }  // vanished since the listing: it is gone
                // The folder can be listed but not searched: nothing under it can be read now.
                listing.unreadableFolders.append((relative, "cannot look into the folder: \(String(cString: strerror(error)))"))
                return false
            }
            var kind = info.st_mode & S_IFMT
            if kind == S_IFLNK {
                // Follow links to files; links to folders could loop and are not followed.
                var target = stat()
                if look(name, path, &target, follow: true) == 0, (target.st_mode & S_IFMT) == S_IFREG {
                    info = target
                    kind = S_IFREG
                }
            }
            switch kind {
            case S_IFDIR:
                _ = walk(root: root, relative: key, into: &listing)
            case S_IFREG:
                let modified = Int64(info.st_mtim.tv_sec) * 1_000_000_000 + Int64(info.st_mtim.tv_nsec)
                listing.files.append(
                    ScannedFile(
                        key: key, path: path,
                        stamp: FileStamp(size: Int64(info.st_size), modifiedNanoseconds: modified, inode: Int64(info.st_ino))))
            default:
                listing.ignored.append(key)
            }
        }
        return true
    }
}
