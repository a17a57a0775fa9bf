/// Accumulates text as UTF-8 with whitespace runs collapsed to one space and invisible
/// formatting and control characters dropped (`UTF8Scan`), working on bytes (iterating `unicodeScalars` was the extractor's
/// hot spot).
struct CollapsingBuffer {
    private(set) var bytes: [UInt8] = []
    private var pendingSpace = false

    var isEmpty: Bool { bytes.isEmpty }

    mutating func append(_ text: String) {
        var text = text
        text.withUTF8 { append(utf8: $0) }
    }

    mutating func append(utf8 text: UnsafeBufferPointer<UInt8>) {
        guard !text.isEmpty else { return }
        // Copy, then compact the copy in place, moving runs of ordinary bytes at once. A space
        // still owed from the previous text goes in first, and comes out again if no
        // character follows it.
        let owesSpace = pendingSpace
        if owesSpace {
            bytes.append(0x20)
            pendingSpace = false
        }
        let readStart = bytes.count
        var write = readStart
        bytes.append(contentsOf: text)
        Self.ordinaryBytes.withUnsafeBufferPointer { ordinary in
            bytes.withUnsafeMutableBufferPointer { buffer in
                guard let base = buffer.baseAddress else { return }
                var read = readStart
                let end = buffer.count
                while read < end {
                    let runStart = read
                    while read < end, ordinary[Int(base[read])] { read += 1 }
                    if read > runStart {
                        if pendingSpace {
                            base[write] = 0x20
                            write += 1
                            pendingSpace = false
                        }
                        if write != runStart { (base + write).update(from: base + runStart, count: read - runStart) }
                        write += read - runStart
                    }
                    guard read < end else { break }
                    if base[read] == 0x20 {  // the common case, without the full classification
                        pendingSpace = write > 0 && !(owesSpace && write == readStart)
                        read += 1
                        continue
                    }
                    let (length, kind) = UTF8Scan.character(in: UnsafeBufferPointer(buffer), at: read)
                    switch kind {
                    case .space:
                        pendingSpace = write > 0 && !(owesSpace && write == readStart)
                    case .invisible:
                        break
                    case .comma, .other:
                        if pendingSpace {
                            base[write] = 0x20
                            write += 1
                            pendingSpace = false
                        }
                        for offset in 0..<length { base[write + offset] = base[read + offset] }
                        write += length
                    }
                    read += length
                }
            }
        }
        if owesSpace, write == readStart {
            write -= 1
            pendingSpace = true
        }
        bytes.removeSubrange(write...)
    }

    /// Bytes that never start whitespace, invisible formatting or a comma: ASCII other
    /// than spaces, controls and `,`; continuation bytes; lead bytes other than those of
    /// U+0080–U+00BF (NBSP, soft hyphen), U+1680, U+2000–U+206F, U+3000–U+303F, U+FEFF/U+FF0C.
    private static let ordinaryBytes: [Bool] = (0...255).map { byte in
        switch byte {
        case 0...0x20, 0x2C, 0x7F, 0xC2, 0xE1, 0xE2, 0xE3, 0xEF: false
        default: true
        }
    }

    /// The collapsed text; the buffer is empty afterwards.
    mutating func take() -> String {
        defer { reset() }
        return String(decoding: bytes, as: UTF8.self)
    }

    mutating func reset() {
        bytes.removeAll(keepingCapacity: true)
        pendingSpace = false
    }
}
