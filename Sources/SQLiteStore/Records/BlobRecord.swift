internal import GRDB
import Foundation
import Storage

/// A row of `blob`: a body stored once by the SHA-256 of its UTF-8 text, compressed by
/// `BlobCodec` (zstd frames; zlib in stores written before).
struct BlobRecord: Equatable {
    var hash: Data
    /// Bytes of the uncompressed UTF-8 text.
    var size: Int
    var data: Data
}

extension BlobRecord: FetchableRecord, PersistableRecord {
    static let databaseTableName = "blob"

    enum Columns: String, ColumnExpression, CaseIterable {
        case hash, size, data
    }

    init(row: Row) {
        hash = row[Columns.hash]
        size = row[Columns.size]
        data = row[Columns.data]
    }

    func encode(to container: inout PersistenceContainer) {
        container[Columns.hash] = hash
        container[Columns.size] = size
        container[Columns.data] = data
    }
}

extension BlobRecord {
    /// The stored text, decompressed.
    /// - Throws: `SyncError(.store)` for a body that does not decompress to `size` bytes.
    func text() throws -> String {
        String(decoding: try BlobCodec.decompress([UInt8](data), size: size), as: UTF8.self)
    }
}
