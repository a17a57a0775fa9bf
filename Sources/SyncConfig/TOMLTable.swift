/// A TOML table: its keys in the order they first appeared, each with the line it was written on.
struct TOMLTable: Sendable, Equatable {
    struct Entry: Sendable, Equatable {
        var key: String
        /// Line of the key; for tables defined by a `[header]` or `[[header]]`, the header's line.
        var line: Int
        var value: TOMLValue
    }

    var entries: [Entry]

    init(entries: [Entry] = []) {
        self.entries = entries
    }

    var keys: [String] { entries.map(\.key) }

    subscript(key: String) -> TOMLValue? {
        entry(key)?.value
    }

    func entry(_ key: String) -> Entry? {
        entries.first { $0.key == key }
    }
}
