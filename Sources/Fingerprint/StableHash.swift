/// 64-bit hashes that are the same in every process and on every machine (unlike Swift's
/// `Hasher`, which is seeded per process). They are persisted, so never change them: a change
/// invalidates every stored signature.
public enum StableHash {
    /// FNV-1a over the bytes, then the MurmurHash3 finalizer for avalanche.
    @inlinable
    public static func hash<C: Collection>(bytes: C) -> UInt64 where C.Element == UInt8 {
        var h: UInt64 = 0xCBF2_9CE4_8422_2325
        for byte in bytes {
            h ^= UInt64(byte)
            h &*= 0x0000_0100_0000_01B3
        }
        return mix(h)
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
