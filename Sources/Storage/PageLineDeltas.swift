public import SyncModel

/// Changes to a store's per-source page-line counts (`SourceChromeModel`'s input) made by one
/// transaction, written together when it ends: a source's chrome lines recur in most of its page
/// dumps, so a batch writes each line's count once rather than once per document. Both backends
/// keep one per write transaction.
public struct PageLineDeltas: Sendable {
    public struct Key: Hashable, Comparable, Sendable {
        public var source: Int64
        public var hash: UInt64
        public static func < (a: Key, b: Key) -> Bool { (a.source, a.hash) < (b.source, b.hash) }
    }

    /// Per line: its word count (from the first document that counted it) and the change.
    public private(set) var changes: [Key: (words: Int, delta: Int)] = [:]

    public init() {}

    public var isEmpty: Bool { changes.isEmpty }

    /// The changes that are not zero, in key order (so two writers lock rows in one order).
    public var nonZero: [(key: Key, words: Int, delta: Int)] {
        changes.filter { $0.value.delta != 0 }.sorted { $0.key < $1.key }.map { ($0.key, $0.value.words, $0.value.delta) }
    }

    /// Replaces a document's counted lines `old` (sorted hashes) with `lines` (none when `nil`):
    /// the lines gone count one less, the new ones one more.
    /// - Returns: the document's new sorted hashes, `nil` when they are the same as `old`.
    public mutating func replace(_ old: [UInt64], with lines: [PageLine]?, source: Int64) -> [UInt64]? {
        let wanted = Dictionary((lines ?? []).map { ($0.hash, $0.words) }, uniquingKeysWith: { first, _ in first })
        let new = wanted.keys.sorted()
        guard old != new else { return nil }
        let oldSet = Set(old)
        for hash in old where wanted[hash] == nil { add(Key(source: source, hash: hash), words: 0, delta: -1) }
        for hash in new where !oldSet.contains(hash) { add(Key(source: source, hash: hash), words: wanted[hash] ?? 0, delta: 1) }
        return new
    }

    private mutating func add(_ key: Key, words: Int, delta: Int) {
        changes[key, default: (words, 0)].delta += delta
    }
}
