import Foundation
import Fingerprint

/// A frozen LSH index in a file, memory-mapped read-only: the persisted base that
/// `LayeredLSHIndex` queries beside its in-memory delta, so a restart maps a file instead of
/// re-banding every stored signature.
///
/// Layout (little-endian, sections 8-byte aligned): a 128-byte header (`Header`), document ids
/// sorted ascending, their signatures (`bands × rows` values each) in the same order, the band
/// keys of every document sorted ascending, the slot (position in the id array) of each key, a
/// directory (for each value of the keys' top `directoryBits` bits, the index of its first key),
/// the ids this file supersedes in the layers below it (`removed`, empty in a base file), and
/// (format 2) a filter of the band keys (`BandKeyFilter`). A lookup asks the filter, then reads
/// two directory words and binary-searches a handful of keys.
///
/// A snapshot is one layer of a stack (`LayeredLSHIndex`): the base (`path`) and layers above it
/// (`path.1`, `path.2`, …), each holding what changed after the one below and naming that one by
/// its `identity` (`below`). Opening the stack (`openLayers`) takes layers while the chain holds,
/// so a layer left behind by a merge that replaced it (a crash before its removal) is ignored.
///
/// The header carries a checksum, the exact file size and what the snapshot reflects (`Stamp`);
/// every offset read from the body is bounds-checked, so a damaged body can cost candidates (which
/// the caller verifies exactly anyway) but cannot crash. Files are written whole to a temporary
/// name, synced and renamed (`write(to:…)`), so a crash leaves the old snapshot or the new one.
public final class LSHSnapshot: @unchecked Sendable {
    /// What state of its store a snapshot reflects; the store decides what the numbers mean.
    public struct Stamp: Sendable, Equatable {
        /// The store's change-log head when the snapshot was taken.
        public var seq: Int64
        /// Identifies the change-log row at `seq`, so a store restored from a backup (the same seq,
        /// another history) is told apart.
        public var change: UInt64
        /// Identifies what the signatures were made with (shingle size, permutations, seed).
        public var parameters: UInt64

        public init(seq: Int64, change: UInt64, parameters: UInt64) {
            self.seq = seq
            self.change = change
            self.parameters = parameters
        }
    }

    /// Why a snapshot file cannot be used.
    public struct Unusable: Error, CustomStringConvertible {
        public let description: String
    }

    public let path: String
    public let banding: LSHBanding
    public let stamp: Stamp
    /// Documents in the snapshot.
    public let count: Int
    /// Names this file: its header checksum (which covers a random nonce).
    public let identity: UInt64
    /// The `identity` of the layer this one was written over; 0 for a base.
    public let below: UInt64
    /// Ids of documents in the layers below that this layer supersedes (replaced or removed).
    public let removed: [Int64]
    let entryCount: Int
    let directoryBits: Int
    let width: Int
    let layout: Layout
    private let fd: Int32
    private let mapping: UnsafeMutableRawPointer?
    private let mappedSize: Int
    let ids: UnsafePointer<Int64>
    let signatures: UnsafePointer<UInt32>
    let keys: UnsafePointer<UInt64>
    let slots: UnsafePointer<UInt32>
    let directory: UnsafePointer<UInt32>
    /// The band-key filter's blocks (`BandKeyFilter`); `nil` in a format-1 file.
    let filter: UnsafePointer<UInt64>?
    let filterBlocks: Int

    static let magic: UInt64 = 0x484C_5344_434E_5953  // "SYNCDLSH"
    /// Written: 2 (with the band-key filter). Read: 1 and 2.
    static let formatVersion: UInt64 = 2
    static let headerSize = 128

    /// Byte offsets of the sections for given counts.
    struct Layout {
        let ids: Int
        let signatures: Int
        let keys: Int
        let slots: Int
        let directory: Int
        let removed: Int
        let filter: Int
        let size: Int

        init(count: Int, width: Int, entries: Int, directoryBits: Int, removed removedCount: Int = 0, filterBlocks: Int = 0) {
            func aligned(_ n: Int) -> Int { (n + 7) & ~7 }
            ids = LSHSnapshot.headerSize
            signatures = ids + count * 8
            keys = aligned(signatures + count * width * 4)
            slots = keys + entries * 8
            directory = aligned(slots + entries * 4)
            // A file without removed ids (every base, and files of format 1) ends at the directory.
            removed = aligned(directory + ((1 << directoryBits) + 1) * 4)
            let end = removedCount == 0 ? directory + ((1 << directoryBits) + 1) * 4 : removed + removedCount * 8
            // The filter's blocks start on a cache line (the mapping starts on a page).
            filter = (end + 63) & ~63
            size = filterBlocks == 0 ? end : filter + filterBlocks * BandKeyFilter.wordsPerBlock * 8
        }
    }

    /// Maps a snapshot file after checking its header.
    /// - Parameters:
    ///   - path: the file.
    ///   - banding: the banding the caller's index uses; another one makes the file unusable.
    ///   - parameters: the caller's `Stamp.parameters`; another value makes the file unusable.
    /// - Throws: `Unusable` saying why (missing, truncated, damaged header, other parameters).
    public init(path: String, banding: LSHBanding, parameters: UInt64) throws(Unusable) {
        self.path = path
        self.banding = banding
        width = banding.bands * banding.rows
        let fd = open(path, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else { throw Unusable(description: errno == ENOENT ? "no snapshot" : "cannot open: \(String(cString: strerror(errno)))") }
        var words = [UInt64](repeating: 0, count: 16)
        let read = words.withUnsafeMutableBytes { pread(fd, $0.baseAddress, LSHSnapshot.headerSize, 0) }
        var info = stat()
        guard read == LSHSnapshot.headerSize, fstat(fd, &info) == 0 else {
            close(fd)
            throw Unusable(description: "truncated header")
        }
        words = words.map { UInt64(littleEndian: $0) }
        func fail(_ reason: String) -> Unusable {
            close(fd)
            return Unusable(description: reason)
        }
        guard words[0] == LSHSnapshot.magic else { throw fail("not a syncd index snapshot") }
        guard words[15] == LSHSnapshot.checksum(words[0..<15]) else { throw fail("header checksum mismatch") }
        guard words[1] == 1 || words[1] == LSHSnapshot.formatVersion else {
            throw fail("format \(words[1]), expected \(LSHSnapshot.formatVersion)")
        }
        // Format 1 has no filter (and a zero word there).
        guard words[14] == 0 || (words[1] == 2 && words[14] == UInt64(BandKeyFilter.blocks(forKeys: Int(words[6])))) else {
            throw fail("inconsistent header")
        }
        guard words[2] == UInt64(banding.bands), words[3] == UInt64(banding.rows) else {
            throw fail("made for \(words[2]) bands of \(words[3]) rows, not \(banding.bands) of \(banding.rows)")
        }
        guard words[9] == parameters else { throw fail("made with other fingerprint parameters") }
        guard words[4] <= 40, words[5] < 1 << 40, words[6] == words[5] * UInt64(banding.bands), words[12] < 1 << 40 else {
            throw fail("inconsistent header")
        }
        directoryBits = Int(words[4])
        count = Int(words[5])
        entryCount = Int(words[6])
        stamp = Stamp(seq: Int64(bitPattern: words[7]), change: words[8], parameters: words[9])
        identity = words[15]
        below = words[11]
        filterBlocks = Int(words[14])
        layout = Layout(
            count: count, width: width, entries: entryCount, directoryBits: directoryBits, removed: Int(words[12]), filterBlocks: filterBlocks)
        guard words[10] == UInt64(layout.size), Int(info.st_size) == layout.size else {
            throw fail("size \(info.st_size) bytes, header says \(words[10]) (a partial write?)")
        }
        guard let mapped = mmap(nil, layout.size, PROT_READ, MAP_SHARED, fd, 0), mapped != MAP_FAILED else {
            throw fail("cannot map: \(String(cString: strerror(errno)))")
        }
        // Lookups touch scattered pages: no read-ahead.
        madvise(mapped, layout.size, MADV_RANDOM)
        let removedCount = Int(words[12])
        let removedAt = mapped.advanced(by: layout.removed)
        var removed = [Int64](repeating: 0, count: removedCount)
        if removedCount > 0 {
            removed.withUnsafeMutableBytes { $0.copyMemory(from: UnsafeRawBufferPointer(start: removedAt, count: removedCount * 8)) }
            removed = removed.map { Int64(littleEndian: $0) }
        }
        self.removed = removed
        self.fd = fd
        mapping = mapped
        mappedSize = layout.size
        ids = UnsafePointer(mapped.advanced(by: layout.ids).assumingMemoryBound(to: Int64.self))
        signatures = UnsafePointer(mapped.advanced(by: layout.signatures).assumingMemoryBound(to: UInt32.self))
        keys = UnsafePointer(mapped.advanced(by: layout.keys).assumingMemoryBound(to: UInt64.self))
        slots = UnsafePointer(mapped.advanced(by: layout.slots).assumingMemoryBound(to: UInt32.self))
        directory = UnsafePointer(mapped.advanced(by: layout.directory).assumingMemoryBound(to: UInt32.self))
        filter = filterBlocks == 0 ? nil : UnsafePointer(mapped.advanced(by: layout.filter).assumingMemoryBound(to: UInt64.self))
        // Every stored property is set: `deinit` unmaps and closes from here on.
        guard directory[0] == 0, Int(directory[1 << directoryBits]) == entryCount else { throw Unusable(description: "damaged directory") }
    }

    deinit {
        if let mapping { munmap(mapping, mappedSize) }
        close(fd)
    }

    /// The file's size in bytes.
    public var size: Int { mappedSize }

    /// Whether `id` is one of the snapshot's documents.
    public func contains(_ id: Int64) -> Bool { slot(of: id) != nil }

    /// The slot of a document, by binary search over the sorted ids.
    func slot(of id: Int64) -> Int? {
        // New documents have ids above every snapshot id: no search for them.
        guard count > 0, id >= ids[0], id <= ids[count - 1] else { return nil }
        var low = 0
        var high = count
        while low < high {
            let middle = (low + high) / 2
            if ids[middle] < id { low = middle + 1 } else { high = middle }
        }
        return low < count && ids[low] == id ? low : nil
    }

    /// Appends the slots whose document has band key `key`.
    @inline(__always)
    func collect(key: UInt64, into found: inout [Int32]) {
        if let filter, !BandKeyFilter.mayContain(key, in: filter, blocks: filterBlocks) { return }
        let prefix = directoryBits == 0 ? 0 : Int(truncatingIfNeeded: key >> UInt64(64 - directoryBits))
        var low = Int(directory[prefix])
        let high = min(Int(directory[prefix + 1]), entryCount)
        guard low < high else { return }
        var upper = high
        while low < upper {
            let middle = (low + upper) / 2
            if keys[middle] < key { low = middle + 1 } else { upper = middle }
        }
        while low < high && keys[low] == key {
            let slot = slots[low]
            if Int(slot) < count { found.append(Int32(slot)) }
            low += 1
        }
    }

    /// Gives the pages lookups have touched back to the page cache: they stay cached by the kernel
    /// (the next lookup finds them without I/O) but leave this process's resident set. The
    /// band-key filter stays: every lookup reads it, and it is small.
    public func releaseResidentPages() {
        guard let mapping else { return }
        let page = Int(sysconf(Int32(_SC_PAGESIZE)))
        let kept = filter == nil ? mappedSize : layout.filter / page * page
        if kept > 0 { madvise(mapping, kept, MADV_DONTNEED) }
    }

    /// Reads `count` values of `T` at byte `offset` of the file into `buffer` (no mapping, so
    /// streaming the whole file leaves the resident set alone).
    func read<T>(_ type: T.Type, at offset: Int, count: Int, into buffer: UnsafeMutableBufferPointer<T>) -> Bool {
        let bytes = count * MemoryLayout<T>.stride
        var done = 0
        let raw = UnsafeMutableRawPointer(buffer.baseAddress!)
        while done < bytes {
            let n = pread(fd, raw + done, bytes - done, off_t(offset + done))
            guard n > 0 else { return false }
            done += n
        }
        return true
    }

    static func checksum(_ words: ArraySlice<UInt64>) -> UInt64 {
        var h: UInt64 = 0x9E37_79B9_7F4A_7C15
        for word in words { h = StableHash.mix(h ^ word) &+ 0x9E37_79B9 }
        return h
    }
}
