import Fingerprint

/// A blocked Bloom filter over a snapshot's band keys, kept in the file after its other sections
/// (format 2), so that a lookup of a key the snapshot does not hold (nearly every band of a new,
/// distinct document) is answered from one 64-byte block instead of the directory and key pages.
///
/// Those pages are scattered over a file of about a kilobyte per document, and the store gives
/// them back to the page cache every few hundred lookups (`releaseResidentPages`), so at half a
/// million documents each lookup faulted them in again: most of a merge's CPU. The filter is
/// about 1.25 bytes per key (10 bits), stays resident, and errs only one way: "maybe" for about
/// 1–2% of absent keys (the normal lookup then answers), never "no" for a key it holds.
///
/// Each key picks one block (512 bits) and sets six bits in it; both come from `StableHash.mix`,
/// so a file means the same on every machine.
enum BandKeyFilter {
    static let bitsPerKey = 10
    static let wordsPerBlock = 8
    static let probes = 6

    /// Blocks for `keys` keys (0 for none).
    static func blocks(forKeys keys: Int) -> Int {
        keys == 0 ? 0 : (keys * bitsPerKey + 511) / 512
    }

    /// The block of `key` and the mask of its bits in each of the block's eight words.
    @inline(__always)
    static func place(_ key: UInt64, blocks: Int) -> (block: Int, masks: SIMD8<UInt64>) {
        let h = StableHash.mix(key ^ 0x5BD1_E995_5BD1_E995)
        let block = Int((UInt64(UInt32(truncatingIfNeeded: h >> 32)) &* UInt64(blocks)) >> 32)
        var bits = StableHash.mix(h)
        var masks = SIMD8<UInt64>(repeating: 0)
        for _ in 0..<probes {
            let bit = Int(bits & 511)
            masks[bit >> 6] |= 1 << UInt64(bit & 63)
            bits >>= 9
        }
        return (block, masks)
    }

    /// Adds `key` to the filter in `words` (`blocks × 8` words, host order while being built).
    static func insert(_ key: UInt64, into words: inout [UInt64], blocks: Int) {
        let (block, masks) = place(key, blocks: blocks)
        for i in 0..<wordsPerBlock { words[block * wordsPerBlock + i] |= masks[i] }
    }

    /// Whether `key` may be in the filter stored at `words` (little-endian, as in the file).
    @inline(__always)
    static func mayContain(_ key: UInt64, in words: UnsafePointer<UInt64>, blocks: Int) -> Bool {
        let (block, masks) = place(key, blocks: blocks)
        let base = words + block * wordsPerBlock
        for i in 0..<wordsPerBlock where UInt64(littleEndian: base[i]) & masks[i] != masks[i] { return false }
        return true
    }
}
