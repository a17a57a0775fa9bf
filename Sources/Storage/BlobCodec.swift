internal import CZlib
internal import CZstd
public import SyncModel
internal import Synchronization

/// Compression of stored bodies.
///
/// New bodies are zstd frames at level 1: on this project's corpora they are as small as zlib's
/// level 1 and compress three times faster, which is a tenth of a folder scan's CPU. Stores
/// written before hold zlib streams; `decompress` tells the two apart by zstd's magic number
/// (a zlib stream starts with `0x78`), so both read back and nothing is migrated.
public enum BlobCodec {
    private static let zstdMagic: [UInt8] = [0x28, 0xB5, 0x2F, 0xFD]

    /// Compression contexts for reuse: `ZSTD_compress` allocates a context's tables and frees
    /// them again on every call; a reused context only resets them.
    private static let contexts = Mutex<[CompressionContext]>([])

    /// A `ZSTD_CCtx`, used by one thread at a time (taken from and given back to `contexts`).
    private struct CompressionContext: @unchecked Sendable {
        let pointer: OpaquePointer
    }

    public static func compress(_ bytes: [UInt8]) -> [UInt8] {
        let bound = ZSTD_compressBound(bytes.count)
        var out = [UInt8](repeating: 0, count: bound)
        guard let context = contexts.withLock({ $0.popLast() }) ?? ZSTD_createCCtx().map(CompressionContext.init) else {
            preconditionFailure("zstd could not allocate a compression context")
        }
        defer { contexts.withLock { if $0.count < 16 { $0.append(context) } else { ZSTD_freeCCtx(context.pointer) } } }
        let produced = out.withUnsafeMutableBufferPointer { dst in
            bytes.withUnsafeBufferPointer { src in
                ZSTD_compressCCtx(context.pointer, dst.baseAddress, dst.count, src.baseAddress, src.count, 1)
            }
        }
        // Compressing into a buffer of ZSTD_compressBound bytes cannot fail but by running out
        // of memory.
        precondition(ZSTD_isError(produced) == 0, "zstd compression failed: \(String(cString: ZSTD_getErrorName(produced)))")
        out.removeLast(out.count - produced)
        return out
    }

    /// - Throws: `SyncError(.store)` when the data is not the zstd frame or zlib stream of
    ///   `size` bytes.
    public static func decompress(_ bytes: [UInt8], size: Int) throws(SyncError) -> [UInt8] {
        var out = [UInt8](repeating: 0, count: max(size, 1))
        if bytes.starts(with: zstdMagic) {
            let produced = out.withUnsafeMutableBufferPointer { dst in
                bytes.withUnsafeBufferPointer { src in
                    ZSTD_decompress(dst.baseAddress, size, src.baseAddress, src.count)
                }
            }
            guard ZSTD_isError(produced) == 0, produced == size else {
                let reason = ZSTD_isError(produced) != 0 ? String(cString: ZSTD_getErrorName(produced)) : "\(produced) bytes"
                throw SyncError(.store, "stored body is corrupt (zstd: \(reason); expected \(size) bytes)")
            }
        } else {
            var length = uLong(size)
            let status = out.withUnsafeMutableBufferPointer { dst in
                bytes.withUnsafeBufferPointer { src in
                    uncompress(dst.baseAddress, &length, src.baseAddress, uLong(src.count))
                }
            }
            guard status == Z_OK, Int(length) == size else {
                throw SyncError(.store, "stored body is corrupt (zlib status \(status), \(length) of \(size) bytes)")
            }
        }
        out.removeLast(out.count - size)
        return out
    }
}
