/// Turns normalized text (space-separated tokens) into the set of word-shingle hashes.
public struct Shingler: Sendable {
    /// Words per shingle.
    public let size: Int

    public init(size: Int) {
        precondition(size >= 1, "shingle size must be at least 1")
        self.size = size
    }

    /// Hashes of every token, in order.
    public func tokenHashes(_ normalized: [UInt8]) -> [UInt64] {
        var hashes: [UInt64] = []
        hashes.reserveCapacity(normalized.count / 5)
        normalized.withUnsafeBufferPointer { bytes in
            var start = 0
            for i in 0...bytes.count {
                if i == bytes.count || bytes[i] == 0x20 {
                    if i > start {
                        hashes.append(StableHash.hash(bytes: UnsafeBufferPointer(rebasing: bytes[start..<i])))
                    }
                    start = i + 1
                }
            }
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
        result.sort()
        return result.uniqued()
    }
}

extension Array where Element == UInt64 {
    /// Removes adjacent repeats of a sorted array.
    func uniqued() -> [UInt64] {
        guard count > 1 else { return self }
        var out = self
        var write = 1
        out.withUnsafeMutableBufferPointer { buffer in
            for read in 1..<buffer.count where buffer[read] != buffer[write - 1] {
                buffer[write] = buffer[read]
                write += 1
            }
        }
        out.removeLast(out.count - write)
        return out
    }
}
