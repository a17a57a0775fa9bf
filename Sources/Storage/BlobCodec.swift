internal import CZlib
public import SyncModel

/// zlib compression of stored bodies.
public enum BlobCodec {
    /// A zlib stream (any zlib reader, `uncompress` included, decodes it) at level 1 with an
    /// 8 KiB window and a small hash table: articles are a few KiB, and setting up zlib's
    /// default 256 KiB of state per body cost more than compressing it.
    public static func compress(_ bytes: [UInt8]) -> [UInt8] {
        var stream = z_stream()
        var status = deflateInit2_(&stream, 1, Z_DEFLATED, 13, 3, Z_DEFAULT_STRATEGY, zlibVersion(), Int32(MemoryLayout<z_stream>.size))
        precondition(status == Z_OK, "zlib deflateInit2 failed with \(status)")
        defer { deflateEnd(&stream) }
        let bound = Int(deflateBound(&stream, uLong(bytes.count)))
        var out = [UInt8](repeating: 0, count: bound)
        var produced = 0
        bytes.withUnsafeBufferPointer { src in
            out.withUnsafeMutableBufferPointer { dst in
                stream.next_in = UnsafeMutablePointer(mutating: src.baseAddress)
                stream.avail_in = uInt(src.count)
                stream.next_out = dst.baseAddress
                stream.avail_out = uInt(dst.count)
                status = deflate(&stream, Z_FINISH)
                produced = dst.count - Int(stream.avail_out)
            }
        }
        precondition(status == Z_STREAM_END, "zlib deflate failed with \(status)")
        out.removeLast(out.count - produced)
        return out
    }

    /// - Throws: `SyncError(.store)` when the data is not the zlib stream of `size` bytes.
    public static func decompress(_ bytes: [UInt8], size: Int) throws(SyncError) -> [UInt8] {
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
