import Foundation
import Fingerprint

extension LSHSnapshot {
    /// Writes a new base snapshot: the documents of `base` not in `masked`, plus every document of
    /// `delta` (see `write(to:layers:…)`).
    public static func write(to path: String, base: LSHSnapshot?, masked: Set<Int64>, delta: LSHIndex, stamp: Stamp) throws(Unusable) {
        try write(to: path, layers: base.map { [$0] } ?? [], hidden: [[]], masked: masked, delta: delta, removed: [], below: 0, stamp: stamp)
    }

    /// Writes a new snapshot merging `layers` (oldest first) with `delta`: the documents of each
    /// layer not in its `hidden` set nor in `masked`, plus every document of `delta`, a document
    /// in several of them taken from the newest. Streamed: the layers are read in chunks, never
    /// whole; the delta's band keys are the only thing sorted in memory. Written to `path.tmp`,
    /// synced, renamed over `path`, and the folder synced: a crash at any point leaves the previous
    /// file or the new one, whole.
    /// - Parameters:
    ///   - path: the snapshot file.
    ///   - layers: the snapshots merged into it (none for a delta alone).
    ///   - hidden: for each layer, its ids superseded by a layer above it (absent: none).
    ///   - masked: documents of the layers removed or replaced since they were written.
    ///   - delta: documents added or replaced since.
    ///   - removed: ids the new file supersedes in the layers below it (`LSHSnapshot.removed`).
    ///   - below: the `identity` of the layer below it, 0 for a base.
    ///   - stamp: what the result reflects.
    /// - Throws: `Unusable` when the file cannot be written (the old one is left as it was).
    public static func write(
        to path: String, layers: [LSHSnapshot], hidden: [Set<Int64>], masked: Set<Int64>, delta: LSHIndex, removed: [Int64],
        below: UInt64, stamp: Stamp
    ) throws(Unusable) {
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
            // Which layer documents stay, and the delta's documents in id order.
            var layerIDs: [[Int64]] = []
            for layer in layers {
                var ids = [Int64](repeating: 0, count: layer.count)
                if layer.count > 0 {
                    guard ids.withUnsafeMutableBufferPointer({ layer.read(Int64.self, at: layer.layout.ids, count: layer.count, into: $0) }) else {
                        throw Unusable(description: "cannot read \(layer.path)")
                    }
                }
                layerIDs.append(ids)
            }
            let fresh = delta.sortedDocuments()
            let (order, layerSlots, deltaSlot) = mergeOrder(layerIDs: layerIDs, hidden: hidden, masked: masked, fresh: fresh.ids)
            let count = order.count
            let entries = count * banding.bands
            guard entries < Int(UInt32.max) else { throw Unusable(description: "too many band keys for one snapshot (\(entries))") }
            var bits = 0
            while bits < 30 && (1 << bits) * 4 < entries { bits += 1 }
            let filterBlocks = BandKeyFilter.blocks(forKeys: entries)
            let layout = Layout(
                count: count, width: width, entries: entries, directoryBits: bits, removed: removed.count, filterBlocks: filterBlocks)
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
            header[11] = below
            header[12] = UInt64(removed.count)
            header[13] = UInt64.random(in: 1...UInt64.max)
            header[14] = UInt64(filterBlocks)
            header[15] = checksum(header[0..<15])
            header.withUnsafeBufferPointer { output.append($0) }
            // Ids, then signatures, in merge order.
            for step in order {
                output.append(step.source < 0 ? fresh.ids[Int(step.index)] : layerIDs[Int(step.source)][Int(step.index)])
            }
            try copySignatures(order: order, layers: layers, fresh: fresh.signatures, width: width, into: output)
            output.pad(to: layout.keys)
            // Band keys: the layers' (each already sorted) merged with the delta's, sorted here.
            var added: [(key: UInt64, slot: UInt32)] = []
            added.reserveCapacity(fresh.ids.count * banding.bands)
            withUnsafeTemporaryAllocation(of: UInt64.self, capacity: banding.bands) { keys in
                for (i, slot) in deltaSlot.enumerated() {
                    banding.fillKeys(of: Array(fresh.signatures[(i * width)..<((i + 1) * width)]), into: keys)
                    for key in keys { added.append((key, UInt32(slot))) }
                }
            }
            BandKeySort.sort(&added)
            var counts = [UInt32](repeating: 0, count: (1 << bits) + 1)
            var filter = [UInt64](repeating: 0, count: filterBlocks * BandKeyFilter.wordsPerBlock)
            try mergeEntries(layers: layers, layerSlots: layerSlots, added: added) { key, _ in
                counts[bits == 0 ? 0 : Int(truncatingIfNeeded: key >> UInt64(64 - bits))] += 1
                BandKeyFilter.insert(key, into: &filter, blocks: filterBlocks)
                output.append(key)
            }
            try mergeEntries(layers: layers, layerSlots: layerSlots, added: added) { _, slot in output.append(slot) }
            output.pad(to: layout.directory)
            var running: UInt32 = 0
            for prefix in counts.indices {
                let n = counts[prefix]
                counts[prefix] = running
                running &+= n
            }
            counts.withUnsafeBufferPointer { output.append($0) }
            if !removed.isEmpty {
                output.pad(to: layout.removed)
                removed.withUnsafeBufferPointer { output.append($0) }
            }
            if filterBlocks > 0 {
                output.pad(to: layout.filter)
                filter.withUnsafeBufferPointer { output.append($0) }
            }
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

    /// Where each kept document goes: the merge order of the layers' ids (skipping hidden and
    /// masked ones) and the delta's, the newest source winning an id found in several; the new
    /// slot of each layer slot (-1 when dropped) and of each delta document.
    private static func mergeOrder(
        layerIDs: [[Int64]], hidden: [Set<Int64>], masked: Set<Int64>, fresh: [Int64]
    ) -> (order: [(source: Int32, index: Int32)], layerSlots: [[Int32]], deltaSlot: [Int32]) {
        var order: [(source: Int32, index: Int32)] = []
        order.reserveCapacity(layerIDs.reduce(fresh.count) { $0 + $1.count })
        var layerSlots = layerIDs.map { [Int32](repeating: -1, count: $0.count) }
        var deltaSlot = [Int32](repeating: 0, count: fresh.count)
        var cursors = [Int](repeating: 0, count: layerIDs.count)
        var j = 0
        while true {
            // The smallest next id; on a tie the delta, then the newest layer, wins.
            var best = Int64.max
            var winner = -2
            if j < fresh.count {
                best = fresh[j]
                winner = -1
            }
            for l in layerIDs.indices.reversed() {
                let ids = layerIDs[l]
                while cursors[l] < ids.count, masked.contains(ids[cursors[l]]) || (l < hidden.count && hidden[l].contains(ids[cursors[l]])) {
                    cursors[l] += 1
                }
                if cursors[l] < ids.count && ids[cursors[l]] < best {
                    best = ids[cursors[l]]
                    winner = l
                }
            }
            guard winner != -2 else { break }
            let slot = Int32(order.count)
            if winner == -1 {
                deltaSlot[j] = slot
                order.append((-1, Int32(j)))
                j += 1
            } else {
                layerSlots[winner][cursors[winner]] = slot
                order.append((Int32(winner), Int32(cursors[winner])))
                cursors[winner] += 1
            }
            // The same id in an older source is superseded.
            for l in layerIDs.indices where cursors[l] < layerIDs[l].count && layerIDs[l][cursors[l]] == best { cursors[l] += 1 }
        }
        return (order, layerSlots, deltaSlot)
    }

    private static func copySignatures(
        order: [(source: Int32, index: Int32)], layers: [LSHSnapshot], fresh: [UInt32], width: Int, into output: BufferedOutput
    ) throws(Unusable) {
        let chunk = 1024
        var buffers = layers.map { _ in [UInt32](repeating: 0, count: chunk * width) }
        var loaded = [Int](repeating: -1, count: layers.count)  // first layer slot in each buffer
        for step in order {
            let index = Int(step.index)
            guard step.source >= 0 else {
                fresh.withUnsafeBufferPointer { output.append(UnsafeBufferPointer(rebasing: $0[(index * width)..<((index + 1) * width)])) }
                continue
            }
            let l = Int(step.source)
            let layer = layers[l]
            if loaded[l] < 0 || index >= loaded[l] + chunk || index < loaded[l] {
                loaded[l] = index - index % chunk
                let n = min(chunk, layer.count - loaded[l])
                guard
                    buffers[l].withUnsafeMutableBufferPointer({
                        layer.read(UInt32.self, at: layer.layout.signatures + loaded[l] * width * 4, count: n * width, into: $0)
                    })
                else { throw Unusable(description: "cannot read \(layer.path)") }
            }
            let start = (index - loaded[l]) * width
            buffers[l].withUnsafeBufferPointer { output.append(UnsafeBufferPointer(rebasing: $0[start..<(start + width)])) }
        }
    }

    /// Calls `body` with every kept entry (key, new slot) in key order: each layer's entries read
    /// in chunks, merged with `added`.
    private static func mergeEntries(
        layers: [LSHSnapshot], layerSlots: [[Int32]], added: [(key: UInt64, slot: UInt32)], _ body: (UInt64, UInt32) -> Void
    ) throws(Unusable) {
        var streams: [EntryStream] = []
        for (l, layer) in layers.enumerated() where layer.entryCount > 0 {
            let stream = EntryStream(layer: layer, newSlot: layerSlots[l])
            try stream.advance()
            streams.append(stream)
        }
        var next = 0
        while true {
            var best: EntryStream?
            for stream in streams where !stream.isDone {
                if best == nil || stream.key < best!.key { best = stream }
            }
            guard let best else { break }
            while next < added.count && added[next].key < best.key {
                body(added[next].key, added[next].slot)
                next += 1
            }
            body(best.key, best.slot)
            try best.advance()
        }
        while next < added.count {
            body(added[next].key, added[next].slot)
            next += 1
        }
    }
}

/// One layer's kept band-key entries in key order, read in chunks, with their new slots.
private final class EntryStream {
    let layer: LSHSnapshot
    let newSlot: [Int32]
    private let chunk = 65536
    private var keys: [UInt64]
    private var slots: [UInt32]
    private var start = 0
    private var loaded = 0
    private var position = 0
    private(set) var key: UInt64 = 0
    private(set) var slot: UInt32 = 0
    private(set) var isDone = false

    init(layer: LSHSnapshot, newSlot: [Int32]) {
        self.layer = layer
        self.newSlot = newSlot
        keys = [UInt64](repeating: 0, count: chunk)
        slots = [UInt32](repeating: 0, count: chunk)
    }

    /// Moves to the next kept entry (or to the end).
    func advance() throws(LSHSnapshot.Unusable) {
        while true {
            if position == loaded {
                start += loaded
                guard start < layer.entryCount else {
                    isDone = true
                    return
                }
                let n = min(chunk, layer.entryCount - start)
                guard
                    keys.withUnsafeMutableBufferPointer({ layer.read(UInt64.self, at: layer.layout.keys + start * 8, count: n, into: $0) }),
                    slots.withUnsafeMutableBufferPointer({ layer.read(UInt32.self, at: layer.layout.slots + start * 4, count: n, into: $0) })
                else { throw LSHSnapshot.Unusable(description: "cannot read \(layer.path)") }
                loaded = n
                position = 0
            }
            let old = Int(slots[position])
            position += 1
            if old < newSlot.count, newSlot[old] >= 0 {
                key = keys[position - 1]
                slot = UInt32(newSlot[old])
                return
            }
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
