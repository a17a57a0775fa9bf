/// Sorts band-key entries by key, then slot, in linear time: band keys are hashes, spread evenly
/// over 64 bits, so one counting pass over their top bits leaves buckets of a few entries each,
/// finished by insertion sort (a bucket larger than that, from many equal keys, by the standard
/// sort). The comparison sort it replaces was the largest part of writing a snapshot.
enum BandKeySort {
    typealias Entry = (key: UInt64, slot: UInt32)

    /// Sorts `entries` ascending by `key`, then by `slot`.
    static func sort(_ entries: inout [Entry]) {
        let count = entries.count
        guard count > 64 else {
            entries.sort(by: precedes)
            return
        }
        // About two entries per bucket.
        let bits = min(24, Int.bitWidth - count.leadingZeroBitCount - 1)
        let shift = UInt64(64 - bits)
        var starts = [Int](repeating: 0, count: (1 << bits) + 1)
        for entry in entries { starts[Int(truncatingIfNeeded: entry.key >> shift) + 1] += 1 }
        for bucket in 1..<starts.count { starts[bucket] += starts[bucket - 1] }
        var sorted = [Entry](unsafeUninitializedCapacity: count) { buffer, initialized in
            var next = starts
            for entry in entries {
                let bucket = Int(truncatingIfNeeded: entry.key >> shift)
                (buffer.baseAddress! + next[bucket]).initialize(to: entry)
                next[bucket] += 1
            }
            initialized = count
        }
        sorted.withUnsafeMutableBufferPointer { buffer in
            for bucket in 0..<(starts.count - 1) {
                let range = starts[bucket]..<starts[bucket + 1]
                if range.count < 2 { continue }
                if range.count > 32 {
                    buffer[range].sort(by: precedes)
                    continue
                }
                for i in (range.lowerBound + 1)..<range.upperBound {
                    let entry = buffer[i]
                    var j = i
                    while j > range.lowerBound && precedes(entry, buffer[j - 1]) {
                        buffer[j] = buffer[j - 1]
                        j -= 1
                    }
                    buffer[j] = entry
                }
            }
        }
        entries = sorted
    }

    @inline(__always)
    private static func precedes(_ a: Entry, _ b: Entry) -> Bool {
        a.key < b.key || (a.key == b.key && a.slot < b.slot)
    }
}
