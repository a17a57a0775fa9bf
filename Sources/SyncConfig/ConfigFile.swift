internal import Foundation
internal import Glibc
public import SyncModel

/// Edits the configuration file as text, so that its comments, layout and every key the edit
/// does not touch stay exactly as they were: nothing is re-serialized. The edited text must be
/// a valid configuration (the one reader decides), and it replaces the file atomically.
public enum ConfigFile {
    /// Appends `text` at the end of the file, after a blank line.
    /// - Parameters:
    ///   - text: whole lines of TOML, e.g. `SourceDraft.block(...)`.
    ///   - path: the configuration file.
    ///   - dryRun: only check that the result would be valid; write nothing.
    /// - Returns: the configuration the file now holds (or would hold).
    /// - Throws: `SyncError` as `edit` does.
    @discardableResult
    public static func append(_ text: String, to path: String, dryRun: Bool = false) throws(SyncError) -> SyncdConfig {
        try edit(path, dryRun: dryRun) { original in
            let separator = original.isEmpty || original.hasSuffix("\n\n") ? "" : original.hasSuffix("\n") ? "\n" : "\n\n"
            return original + separator + text
        }
    }

    /// Replaces the file's text with `transform(text)` when the result is a valid configuration:
    /// it is written to a temporary file in the same folder (same mode and owner), flushed to
    /// disk, and renamed over the file (the target of a symbolic link), so a reader sees the old
    /// file or the new one, never a mix. On any failure the file is left untouched.
    /// - Parameters:
    ///   - path: the configuration file.
    ///   - dryRun: only check that the result would be valid; write nothing.
    ///   - transform: the file's text (byte order mark included) to the new text.
    /// - Returns: the configuration the file now holds (or would hold).
    /// - Throws: `SyncError` `.invalidConfig` when the file cannot be read or the edited text is
    ///   not a valid configuration (located at the line that is wrong), `.unwritable` when the
    ///   new file cannot be written; or what `transform` throws.
    @discardableResult
    public static func edit(
        _ path: String, dryRun: Bool = false, _ transform: (String) throws(SyncError) -> String
    ) throws(SyncError) -> SyncdConfig {
        let file = ConfigPath.absolute(path)
        guard let data = FileManager.default.contents(atPath: file) else {
            _ = try SyncdConfig.load(path: file)  // throws why the file cannot be read
            throw SyncError(.invalidConfig, "cannot read config file", location: file)
        }
        guard let original = String(data: data, encoding: .utf8) else {
            throw SyncError(.invalidConfig, "config file is not valid UTF-8", location: file)
        }
        let edited = try transform(original)
        let config: SyncdConfig
        do {
            var text = edited
            if text.unicodeScalars.first == "\u{FEFF}" { text.unicodeScalars.removeFirst() }
            config = try SyncdConfig.parse(text, path: file)
        } catch {
            throw SyncError(
                error.code, "not written, the result would be invalid: \(error.message) (the file is unchanged)", location: error.location)
        }
        if !dryRun { try replace(file, with: Array(edited.utf8)) }
        return config
    }

    /// Writes `bytes` to a temporary file beside `file`'s target, fsyncs it, renames it over the
    /// target and fsyncs the folder.
    private static func replace(_ file: String, with bytes: [UInt8]) throws(SyncError) {
        let target = resolvedTarget(file)
        let folder = ConfigPath.folder(of: target)
        var original = stat()
        let hasOriginal = stat(target, &original) == 0
        var template = Array((folder + "/." + (target.split(separator: "/").last.map(String.init) ?? "syncd.toml") + ".XXXXXX").utf8CString)
        let descriptor = template.withUnsafeMutableBufferPointer { mkstemp($0.baseAddress!) }
        guard descriptor >= 0 else { throw failure("cannot create a temporary file in \(folder)", at: file) }
        let temporary = template.withUnsafeBufferPointer { String(cString: $0.baseAddress!) }
        var written = false
        defer { if !written { unlink(temporary) } }
        if hasOriginal {
            _ = fchmod(descriptor, original.st_mode & 0o7777)
            // Only root may give the file away; anyone else writes a file of their own.
            _ = fchown(descriptor, original.st_uid, original.st_gid)
        }
        var offset = 0
        while offset < bytes.count {
            let count = bytes[offset...].withUnsafeBytes { write(descriptor, $0.baseAddress, $0.count) }
            if count < 0 && errno == EINTR { continue }
            guard count > 0 else {
                let error = failure("cannot write \(temporary)", at: file)
                close(descriptor)
                throw error
            }
            offset += count
        }
        guard fsync(descriptor) == 0 else {
            let error = failure("cannot flush \(temporary) to disk", at: file)
            close(descriptor)
            throw error
        }
        close(descriptor)
        guard rename(temporary, target) == 0 else { throw failure("cannot rename \(temporary) over the file", at: file) }
        written = true
        let folderDescriptor = open(folder, O_RDONLY | O_DIRECTORY)
        if folderDescriptor >= 0 {
            _ = fsync(folderDescriptor)
            close(folderDescriptor)
        }
    }

    /// The file a symbolic link points at (replacing the link itself would cut it off), else `file`.
    private static func resolvedTarget(_ file: String) -> String {
        guard let resolved = realpath(file, nil) else { return file }
        defer { free(resolved) }
        return String(cString: resolved)
    }

    private static func failure(_ message: String, at file: String) -> SyncError {
        SyncError(.unwritable, "\(message): \(String(cString: strerror(errno))) (the file is unchanged)", location: file)
    }
}
