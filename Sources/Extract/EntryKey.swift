/// A stable identity for an entry, so a re-fetched feed does not re-import what it already
/// delivered: its guid/id, else its link, else a hash of its title and content.
///
/// - Parameters:
///   - entry: The parsed entry.
///   - index: Its position in the feed; unused for identity (positions shift as entries are
///     added) and kept so callers can later disambiguate feeds with duplicate GUIDs.
/// - Returns: A non-empty key.
public func entryKey(_ entry: ParsedEntry, index: Int) -> String {
    if let id = entry.id?.trimmed, !id.isEmpty { return id }
    if let link = entry.link?.trimmed, !link.isEmpty { return link }
    var hash = FNV1a64()
    hash.add(entry.title ?? "")
    hash.add("\u{0}")
    hash.add(entry.content ?? entry.summary ?? "")
    return "hash:" + hash.hexDigest
}

/// 64-bit FNV-1a: stable across runs and platforms (unlike `Hasher`), no crypto needed.
struct FNV1a64 {
    private(set) var value: UInt64 = 0xcbf2_9ce4_8422_2325

    mutating func add(_ text: String) {
        for byte in text.utf8 {
            value ^= UInt64(byte)
            value = value &* 0x0000_0100_0000_01B3
        }
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
}
