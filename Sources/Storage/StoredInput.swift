public import SyncModel

/// A live folder document's latest input as the store keeps it: what `syncctl reextract`
/// extracts again without the file.
public struct StoredInput: Sendable {
    public var doc: Int64
    public var key: String
    public var version: Int
    public var stamp: FileStamp?
    /// SHA-256 of the current stored text (`Article.storedText`).
    public var bodyHash: [UInt8]
    /// The bytes the current text was extracted from, compressed (`BlobCodec`); `nil` when none
    /// were kept (clean text, whose stored text is its file but for whitespace, and documents
    /// stored before inputs were kept).
    public var compressedOriginal: [UInt8]?
    public var originalSize: Int
    /// The line hashes the source's chrome model counts for the document; `nil` when none.
    public var pageLines: Set<UInt64>?

    public init(
        doc: Int64, key: String, version: Int, stamp: FileStamp?, bodyHash: [UInt8], compressedOriginal: [UInt8]?, originalSize: Int,
        pageLines: Set<UInt64>?
    ) {
        self.doc = doc
        self.key = key
        self.version = version
        self.stamp = stamp
        self.bodyHash = bodyHash
        self.compressedOriginal = compressedOriginal
        self.originalSize = originalSize
        self.pageLines = pageLines
    }

    /// The original bytes, decompressed; `nil` when none were kept.
    /// - Throws: `SyncError(.store)` when the stored blob is corrupt.
    public func original() throws(SyncError) -> [UInt8]? {
        guard let compressedOriginal else { return nil }
        return try BlobCodec.decompress(compressedOriginal, size: originalSize)
    }
}
