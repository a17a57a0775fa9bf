/// Turns normalized text (space-separated tokens) into the set of word-shingle hashes.
public struct Shingler: Sendable {
    /// Words per shingle.
    public let size: Int

    public init(size: Int) {
        precondition(size >= 1, "shingle size must be at least 1")
        self.size = size
    }

    /// Hashes of every token, in order: `StableHash.hash(bytes:)` of each space-separated
    /// token, computed eight bytes at a time while finding the spaces with bit tricks (SWAR).
    public func tokenHashes(_ normalized: [UInt8]) -> [UInt64] {
        var hashes: [UInt64] = []
        hashes.reserveCapacity(normalized.count / 4 + 1)
        normalized.withUnsafeBytes { bytes in
            let n = bytes.count
            let spaces: UInt64 = 0x2020_2020_2020_2020
            let ones: UInt64 = 0x0101_0101_0101_0101
            let highs: UInt64 = 0x8080_8080_8080_8080
            var position = 0
            var h = StableHash.wordSeed
            var length = 0
            while position < n {
                var word: UInt64
                if position + 8 <= n {
                    word = UInt64(littleEndian: bytes.loadUnaligned(fromByteOffset: position, as: UInt64.self))
                } else {
                    word = spaces  // pad the tail with spaces so the last token ends
                    for i in 0..<(n - position) {
                        word = (word & ~(0xFF << UInt64(8 * i))) | UInt64(bytes[position + i]) << UInt64(8 * i)
                    }
                }
                let x = word ^ spaces
                let found = (x &- ones) & ~x & highs
                if found == 0 {
                    h = StableHash.absorb(h, word)
                    length += 8
                    position += 8
                    continue
                }
                let index = found.trailingZeroBitCount >> 3  // bytes before the first space
                if index > 0 {
                    h = StableHash.absorb(h, word & ((1 << UInt64(index * 8)) &- 1))
                    length += index
                }
                if length > 0 { hashes.append(StableHash.finish(h, length: length)) }
                h = StableHash.wordSeed
                length = 0
                position += index + 1
            }
            if length > 0 { hashes.append(StableHash.finish(h, length: length)) }
        }
        return hashes
    }

    /// The sorted, de-duplicated shingle hashes. A text shorter than one shingle yields a
    /// single shingle of all its tokens; an empty text yields none.
    public func shingles(_ normalized: [UInt8]) -> [UInt64] {
        shingles(tokenHashes: tokenHashes(normalized))
    }

    public func shingles(tokenHashes tokens: [UInt64]) -> [UInt64] {
        if tokens.isEmpty { return [] }
        let width = min(size, tokens.count)
        var result: [UInt64] = []
        result.reserveCapacity(tokens.count - width + 1)
        tokens.withUnsafeBufferPointer { buffer in
            for start in 0...(buffer.count - width) {
                result.append(StableHash.combine(UnsafeBufferPointer(rebasing: buffer[start..<(start + width)])))
            }
        }
        result.sortUniformHashes()
        result.removeAdjacentDuplicates()
        return result
    }

    /// The first `limit` shingle hashes in reading order, repeats kept (the same hashes
    /// `shingles(tokenHashes:)` makes, before sorting).
    public func leadingShingles(tokenHashes tokens: [UInt64], limit: Int) -> [UInt64] {
        if tokens.isEmpty || limit <= 0 { return [] }
        let width = min(size, tokens.count)
        let count = min(limit, tokens.count - width + 1)
        var result: [UInt64] = []
        result.reserveCapacity(count)
        tokens.withUnsafeBufferPointer { buffer in
            for start in 0..<count {
                result.append(StableHash.combine(UnsafeBufferPointer(rebasing: buffer[start..<(start + width)])))
            }
        }
        return result
    }
}

extension Array where Element == UInt64 {
    /// Sorts well-mixed hashes in linear time: a counting scatter on the top bits into about one
    /// bucket per element, then insertion sort inside each (nearly empty) bucket.
    mutating func sortUniformHashes() {
        let n = count
        guard n > 32 else {
            sort()
            return
        }
        let bits = UInt64(Int.bitWidth - (n - 1).leadingZeroBitCount)
        let buckets = 1 << bits
        let shift = 64 - bits
        withUnsafeTemporaryAllocation(of: Int.self, capacity: buckets + 1) { counts in
            counts.initialize(repeating: 0)
            withUnsafeTemporaryAllocation(of: UInt64.self, capacity: n) { scratch in
                withUnsafeMutableBufferPointer { values in
                    for value in values { counts[Int(value >> shift) + 1] += 1 }
                    for b in 1...buckets { counts[b] += counts[b - 1] }
                    for value in values {
                        let b = Int(value >> shift)
                        scratch[counts[b]] = value
                        counts[b] += 1
                    }
                    // counts[b] now holds the end of bucket b; sort each bucket in place.
                    var start = 0
                    for b in 0..<buckets {
                        let end = counts[b]
                        if end - start > 1 {
                            for i in (start + 1)..<end {
                                let value = scratch[i]
                                var j = i - 1
                                while j >= start && scratch[j] > value {
                                    scratch[j + 1] = scratch[j]
                                    j -= 1
                                }
                                scratch[j + 1] = value
                            }
                        }
                        start = end
                    }
                    for i in 0..<n { values[i] = scratch[i] }
                }
            }
        }
    }

    /// Removes adjacent repeats in place (a sorted array becomes a set).
    mutating func removeAdjacentDuplicates() {
        guard count > 1 else { return }
        let kept = withUnsafeMutableBufferPointer { buffer -> Int in
            var write = 1
            for read in 1..<buffer.count where buffer[read] != buffer[write - 1] {
                buffer[write] = buffer[read]
                write += 1
            }
            return write
        }
        removeSubrange(kept...)
    }
}
