/// What identifies an entry across fetches, so a re-fetched feed does not re-import what it
/// already delivered: its guid/id, else its link, else a digest of its title and content.
extension ParsedEntry {
    /// The guid (RSS) or id (Atom, JSON Feed), trimmed; `nil` when absent or blank.
    public var identityGUID: String? { id?.trimmed.nonEmpty }

    /// The entry's link, trimmed; `nil` when absent or blank.
    public var identityLink: String? { link?.trimmed.nonEmpty }

    /// 16 hex digits of a stable hash (FNV-1a, not `Hasher`) of the title and the content.
    public var digest: String {
        var hash = FNV1a64()
        hash.add(title ?? "")
        hash.add("\u{0}")
        hash.add(content ?? summary ?? "")
        return hash.hexDigest
    }
}

/// 64-bit FNV-1a: stable across runs and platforms (unlike `Hasher`), no crypto needed.
struct FNV1a64 {
    private(set) var value: UInt64 = 0xcbf2_9ce4_8422_2325

    mutating func add(_ text: String) {
        // Over the contiguous UTF-8 buffer: iterating `String.UTF8View` costs a check per byte.
        var text = text
        var hash = value
        text.withUTF8 { bytes in
            for byte in bytes {
                hash ^= UInt64(byte)
                hash = hash &* 0x0000_0100_0000_01B3
            }
        }
        value = hash
    }

    var hexDigest: String {
        let hex = String(value, radix: 16)
        return String(repeating: "0", count: 16 - hex.count) + hex
    }
}

extension String {
    fileprivate var trimmed: String {
        var scalars = Substring(self)
        while let first = scalars.first, first.isWhitespace { scalars.removeFirst() }
        while let last = scalars.last, last.isWhitespace { scalars.removeLast() }
        return String(scalars)
    }

    fileprivate var nonEmpty: String? { isEmpty ? nil : self }
}
