public import Extract
public import SyncModel

extension DocumentReader {
    /// Reads the file at `path`, in the format its extension names.
    ///
    /// The size is checked with `stat` before reading, so a file over the limit is never read.
    ///
    /// - Parameter path: The file to read.
    /// - Returns: The article's title and text.
    /// - Throws: `SyncError` with `location` = `path`: `.unsupported` for an extension
    ///   `format(forFileName:)` does not know, `.unreadable` when it cannot be opened or
    ///   read (or is not a regular file), `.tooLarge`, and everything
    ///   `read(bytes:fileName:format:)` throws.
    public func read(path: String) throws(SyncError) -> Article {
        guard let format = Self.format(forFileName: path) else {
            throw SyncError(.unsupported, "not a text, Markdown or HTML file", location: path)
        }
        let bytes = try FileLoader.load(path: path, maxSize: maxFileSize)
        return try read(bytes: bytes, fileName: path, format: format)
    }
}

extension DocumentReader {
    /// Reads the file at `path` as `read(path:)` does, returning its bytes too (kept beside the
    /// text when extraction dropped more than whitespace).
    /// - Throws: What `read(path:)` throws.
    public func document(path: String) throws(SyncError) -> (bytes: [UInt8], format: DocumentFormat, document: ExtractedDocument) {
        guard let format = Self.format(forFileName: path) else {
            throw SyncError(.unsupported, "not a text, Markdown or HTML file", location: path)
        }
        let bytes = try FileLoader.load(path: path, maxSize: maxFileSize)
        return (bytes, format, try document(bytes: bytes, fileName: path, format: format))
    }
}
