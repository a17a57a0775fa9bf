internal import CZlib
import SyncModel

/// zlib compression of stored bodies.
enum BlobCodec {
    static func compress(_ bytes: [UInt8]) -> [UInt8] {
        var capacity = compressBound(uLong(bytes.count))
        var out = [UInt8](repeating: 0, count: Int(capacity))
        let status = out.withUnsafeMutableBufferPointer { dst in
            bytes.withUnsafeBufferPointer { src in
                compress2(dst.baseAddress, &capacity, src.baseAddress, uLong(src.count), 1)
            }
        }
        precondition(status == Z_OK, "zlib compress2 failed with \(status)")
        out.removeLast(out.count - Int(capacity))
        return out
    }

    /// - Throws: `SyncError(.store)` when the data is not the zlib stream of `size` bytes.
    static func decompress(_ bytes: [UInt8], size: Int) throws(SyncError) -> [UInt8] {
        var length = uLong(size)
        var out = [UInt8](repeating: 0, count: max(size, 1))
        let status = out.withUnsafeMutableBufferPointer { dst in
            bytes.withUnsafeBufferPointer { src in
                uncompress(dst.baseAddress, &length, src.baseAddress, uLong(src.count))
            }
        }
        guard status == Z_OK, Int(length) == size else {
            throw SyncError(.store, "stored body is corrupt (zlib status \(status), \(length) of \(size) bytes)")
        }
        out.removeLast(out.count - size)
        return out
    }
}
