/// 64-bit hashes that are the same in every process and on every machine (unlike Swift's
/// `Hasher`, which is seeded per process). They are persisted, so never change them: a change
/// invalidates every stored signature.
public enum StableHash {
    /// Hash of a byte string, eight bytes at a time (little-endian words, the last one
    /// zero-padded), the length mixed in at the end, then the MurmurHash3 finalizer.
    /// `Shingler.tokenHashes` computes exactly this while it splits tokens.
    @inlinable
    public static func hash(bytes: UnsafeRawBufferPointer) -> UInt64 {
        var h = wordSeed
        var offset = 0
        while offset + 8 <= bytes.count {
            h = absorb(h, UInt64(littleEndian: bytes.loadUnaligned(fromByteOffset: offset, as: UInt64.self)))
            offset += 8
        }
        if offset < bytes.count {
            var word: UInt64 = 0
            var shift: UInt64 = 0
            while offset < bytes.count {
                word |= UInt64(bytes[offset]) << shift
                shift += 8
                offset += 1
            }
            h = absorb(h, word)
        }
        return finish(h, length: bytes.count)
    }

    public static let wordSeed: UInt64 = 0xCBF2_9CE4_8422_2325

    /// One 8-byte step of `hash(bytes:)`.
    @inlinable @inline(__always)
    public static func absorb(_ h: UInt64, _ word: UInt64) -> UInt64 {
        let x = (h ^ word) &* 0xBF58_476D_1CE4_E5B9
        return x ^ (x >> 29)
    }

    /// The last step of `hash(bytes:)`.
    @inlinable @inline(__always)
    public static func finish(_ h: UInt64, length: Int) -> UInt64 {
        mix(h ^ (UInt64(length) &* 0x9E37_79B9_7F4A_7C15))
    }

    /// Hash of a byte array (see `hash(bytes:)` for raw buffers).
    @inlinable
    public static func hash(bytes: [UInt8]) -> UInt64 {
        bytes.withUnsafeBytes { hash(bytes: $0) }
    }

    /// Order-sensitive combination of a window of token hashes into one shingle hash.
    @inlinable
    public static func combine(_ hashes: UnsafeBufferPointer<UInt64>) -> UInt64 {
        var h: UInt64 = 0x9E37_79B9_7F4A_7C15
        for value in hashes {
            h = (h ^ value) &* 0xBF58_476D_1CE4_E5B9
            h = (h << 31) | (h >> 33)
        }
        return mix(h ^ UInt64(hashes.count))
    }

    /// MurmurHash3's 64-bit finalizer.
    @inlinable
    public static func mix(_ value: UInt64) -> UInt64 {
        var h = value
        h ^= h >> 33
        h &*= 0xFF51_AFD7_ED55_8CCD
        h ^= h >> 33
        h &*= 0xC4CE_B9FE_1A85_EC53
        h ^= h >> 33
        return h
    }

    /// SplitMix64: the deterministic generator behind the MinHash coefficients.
    @inlinable
    public static func splitMix(_ state: inout UInt64) -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}
