import Foundation
import Fingerprint

extension LSHSnapshot {
    /// Writes a new snapshot: the documents of `base` not in `masked`, plus every document of
    /// `delta`, streamed (the base is read in chunks, never whole; the delta's band keys are the
    /// only thing sorted in memory). Written to `path.tmp`, synced, renamed over `path`, and the
    /// folder synced: a crash at any point leaves the previous file or the new one, whole.
    /// - Parameters:
    ///   - path: the snapshot file.
    ///   - base: the current snapshot, or `nil`.
    ///   - masked: base documents removed or replaced since it was written.
    ///   - delta: documents added or replaced since.
    ///   - stamp: what the result reflects.
    /// - Throws: `Unusable` when the file cannot be written (the old one is left as it was).
    public static func write(to path: String, base: LSHSnapshot?, masked: Set<Int64>, delta: LSHIndex, stamp: Stamp) throws(Unusable) {
        let banding = delta.banding
        let width = banding.bands * banding.rows
        let temporary = path + ".tmp"
        let fd = open(temporary, O_WRONLY | O_CREAT | O_CLOEXEC, 0o644)
        guard fd >= 0 else { throw Unusable(description: "cannot create \(temporary): \(String(cString: strerror(errno)))") }
        // Another process writing the same snapshot (a `--once` beside the daemon) holds the lock:
        // leave it to that one. Once locked, the name must still be ours (not renamed meanwhile).
        var mine = stat()
        var named = stat()
        guard flock(fd, LOCK_EX | LOCK_NB) == 0, fstat(fd, &mine) == 0, stat(temporary, &named) == 0, mine.st_ino == named.st_ino,
            ftruncate(fd, 0) == 0
        else {
            close(fd)
            throw Unusable(description: "another process is writing \(temporary)")
        }
        let output = BufferedOutput(fd: fd)
        do throws(Unusable) {
            // Which base documents stay, and the delta's documents in id order.
            var baseIDs = [Int64](repeating: 0, count: base?.count ?? 0)
            if let base, base.count > 0 {
                guard baseIDs.withUnsafeMutableBufferPointer({ base.read(Int64.self, at: base.layout.ids, count: base.count, into: $0) }) else {
                    throw Unusable(description: "cannot read \(base.path)")
                }
            }
            let fresh = delta.sortedDocuments()
            // Merge order: new slot of each kept base slot (-1 when masked) and of each delta document.
            var baseSlot = [Int32](repeating: -1, count: baseIDs.count)
            var deltaSlot = [Int32](repeating: 0, count: fresh.ids.count)
            var order: [(fromBase: Bool, index: Int)] = []
            order.reserveCapacity(baseIDs.count + fresh.ids.count)
            var j = 0
            for (i, id) in baseIDs.enumerated() {
                while j < fresh.ids.count && fresh.ids[j] < id {
                    deltaSlot[j] = Int32(order.count)
                    order.append((false, j))
                    j += 1
                }
                if masked.contains(id) || (j < fresh.ids.count && fresh.ids[j] == id) { continue }
                baseSlot[i] = Int32(order.count)
                order.append((true, i))
            }
            while j < fresh.ids.count {
                deltaSlot[j] = Int32(order.count)
                order.append((false, j))
                j += 1
            }
            let count = order.count
            let entries = count * banding.bands
            guard entries < Int(UInt32.max) else { throw Unusable(description: "too many band keys for one snapshot (\(entries))") }
            var bits = 0
            while bits < 30 && (1 << bits) * 4 < entries { bits += 1 }
            let layout = Layout(count: count, width: width, entries: entries, directoryBits: bits)
            var header = [UInt64](repeating: 0, count: 16)
            header[0] = magic
            header[1] = formatVersion
            header[2] = UInt64(banding.bands)
            header[3] = UInt64(banding.rows)
            header[4] = UInt64(bits)
            header[5] = UInt64(count)
            header[6] = UInt64(entries)
            header[7] = UInt64(bitPattern: stamp.seq)
            header[8] = stamp.change
            header[9] = stamp.parameters
            header[10] = UInt64(layout.size)
            header[15] = checksum(header[0..<15])
            header.withUnsafeBufferPointer { output.append($0) }
            // Ids, then signatures, in merge order.
            for step in order {
                output.append(step.fromBase ? baseIDs[step.index] : fresh.ids[step.index])
            }
            try copySignatures(order: order, base: base, fresh: fresh.signatures, width: width, into: output)
            output.pad(to: layout.keys)
            // Band keys: the base's (already sorted) merged with the delta's, sorted here.
            var added: [(key: UInt64, slot: UInt32)] = []
            added.reserveCapacity(fresh.ids.count * banding.bands)
            withUnsafeTemporaryAllocation(of: UInt64.self, capacity: banding.bands) { keys in
                for (i, slot) in deltaSlot.enumerated() {
                    banding.fillKeys(of: Array(fresh.signatures[(i * width)..<((i + 1) * width)]), into: keys)
                    for key in keys { added.append((key, UInt32(slot))) }
                }
            }
            added.sort { $0.key < $1.key }
            var counts = [UInt32](repeating: 0, count: (1 << bits) + 1)
            try mergeEntries(base: base, baseSlot: baseSlot, added: added) { key, _ in
                counts[bits == 0 ? 0 : Int(truncatingIfNeeded: key >> UInt64(64 - bits))] += 1
                output.append(key)
            }
            try mergeEntries(base: base, baseSlot: baseSlot, added: added) { _, slot in output.append(slot) }
            output.pad(to: layout.directory)
            var running: UInt32 = 0
            for prefix in counts.indices {
                let n = counts[prefix]
                counts[prefix] = running
                running &+= n
            }
            counts.withUnsafeBufferPointer { output.append($0) }
            try output.flush()
            guard output.written == layout.size else { throw Unusable(description: "wrote \(output.written) bytes, expected \(layout.size)") }
            guard fsync(fd) == 0 else { throw Unusable(description: "cannot sync \(temporary): \(String(cString: strerror(errno)))") }
        } catch {
            close(fd)
            unlink(temporary)
            throw error
        }
        // Renamed while still locked, so no other writer can take the file over in between.
        defer { close(fd) }
        guard rename(temporary, path) == 0 else {
            let reason = String(cString: strerror(errno))
            unlink(temporary)
            throw Unusable(description: "cannot rename \(temporary): \(reason)")
        }
        let folder = open(
            (path as NSString).deletingLastPathComponent.isEmpty ? "." : (path as NSString).deletingLastPathComponent, O_RDONLY | O_CLOEXEC)
        if folder >= 0 {
            fsync(folder)
            close(folder)
        }
    }

    private static func copySignatures(
        order: [(fromBase: Bool, index: Int)], base: LSHSnapshot?, fresh: [UInt32], width: Int, into output: BufferedOutput
    ) throws(Unusable) {
        let chunk = 4096
        var buffer = [UInt32](repeating: 0, count: chunk * width)
        var loaded = -1  // first base slot in `buffer`
        for step in order {
            if !step.fromBase {
                fresh.withUnsafeBufferPointer { output.append(UnsafeBufferPointer(rebasing: $0[(step.index * width)..<((step.index + 1) * width)])) }
                continue
            }
            guard let base else { continue }
            if loaded < 0 || step.index >= loaded + chunk {
                loaded = step.index - step.index % chunk
                let n = min(chunk, base.count - loaded)
                guard
                    buffer.withUnsafeMutableBufferPointer({
                        base.read(UInt32.self, at: base.layout.signatures + loaded * width * 4, count: n * width, into: $0)
                    })
                else { throw Unusable(description: "cannot read \(base.path)") }
            }
            let start = (step.index - loaded) * width
            buffer.withUnsafeBufferPointer { output.append(UnsafeBufferPointer(rebasing: $0[start..<(start + width)])) }
        }
    }

    /// Calls `body` with every kept entry (key, new slot) in key order: the base's entries read in
    /// chunks, merged with `added`.
    private static func mergeEntries(
        base: LSHSnapshot?, baseSlot: [Int32], added: [(key: UInt64, slot: UInt32)], _ body: (UInt64, UInt32) -> Void
    ) throws(Unusable) {
        var next = 0
        if let base, base.entryCount > 0 {
            let chunk = 65536
            var keys = [UInt64](repeating: 0, count: chunk)
            var slots = [UInt32](repeating: 0, count: chunk)
            var start = 0
            while start < base.entryCount {
                let n = min(chunk, base.entryCount - start)
                guard keys.withUnsafeMutableBufferPointer({ base.read(UInt64.self, at: base.layout.keys + start * 8, count: n, into: $0) }),
                    slots.withUnsafeMutableBufferPointer({ base.read(UInt32.self, at: base.layout.slots + start * 4, count: n, into: $0) })
                else { throw Unusable(description: "cannot read \(base.path)") }
                for i in 0..<n {
                    let old = Int(slots[i])
                    guard old < baseSlot.count, baseSlot[old] >= 0 else { continue }
                    while next < added.count && added[next].key < keys[i] {
                        body(added[next].key, added[next].slot)
                        next += 1
                    }
                    body(keys[i], UInt32(baseSlot[old]))
                }
                start += n
            }
        }
        while next < added.count {
            body(added[next].key, added[next].slot)
            next += 1
        }
    }
}

/// Appends to a file descriptor through a 1 MiB buffer. A failed write is remembered (and what
/// follows dropped) until `flush` reports it.
final class BufferedOutput {
    let fd: Int32
    private let buffer = UnsafeMutableRawBufferPointer.allocate(byteCount: 1 << 20, alignment: 8)
    private var used = 0
    private var failure: String?
    /// Bytes handed to the file so far, and buffered.
    var written: Int { flushed + used }
    private var flushed = 0

    init(fd: Int32) { self.fd = fd }

    deinit { buffer.deallocate() }

    @inline(__always)
    func append<T: BitwiseCopyable>(_ value: T) {
        if used + MemoryLayout<T>.size > buffer.count { drain() }
        buffer.storeBytes(of: value, toByteOffset: used, as: T.self)
        used += MemoryLayout<T>.size
    }

    func append<T>(_ values: UnsafeBufferPointer<T>) {
        var bytes = UnsafeRawBufferPointer(values)
        while !bytes.isEmpty {
            if used == buffer.count { drain() }
            let n = min(bytes.count, buffer.count - used)
            UnsafeMutableRawBufferPointer(rebasing: buffer[used..<(used + n)]).copyMemory(from: UnsafeRawBufferPointer(rebasing: bytes[0..<n]))
            used += n
            bytes = UnsafeRawBufferPointer(rebasing: bytes[n...])
        }
    }

    func pad(to offset: Int) {
        while written < offset { append(UInt8(0)) }
    }

    private func drain() {
        var done = 0
        while failure == nil && done < used {
            let n = write(fd, buffer.baseAddress! + done, used - done)
            if n > 0 { done += n } else { failure = "cannot write: \(String(cString: strerror(errno)))" }
        }
        flushed += used
        used = 0
    }

    /// Writes what is buffered.
    /// - Throws: the first write that failed.
    func flush() throws(LSHSnapshot.Unusable) {
        drain()
        if let failure { throw LSHSnapshot.Unusable(description: failure) }
    }
}
