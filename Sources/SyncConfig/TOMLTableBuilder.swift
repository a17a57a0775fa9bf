/// A table while the document is being parsed. Unlike `TOMLTable` it can still gain keys from
/// later lines, and it remembers how it was created, because TOML decides from that what may
/// still be added to it (a `[header]` may complete a table made implicitly by `[a.b]`, but not
/// one made by dotted keys or by another header).
final class TOMLTableBuilder {
    enum Origin {
        /// Created as the parent of a header, e.g. `a` by `[a.b]`; a later `[a]` may define it.
        case implicit
        /// Defined by its own `[header]` (or the root table).
        case header
        /// Created by a dotted key such as `a.b = 1`; more dotted keys may extend it.
        case dotted
        /// An inline table `{ ... }`; complete once its closing brace is read.
        case inline
        /// One element of an array of tables, opened by `[[header]]`.
        case arrayElement
    }

    enum Slot {
        case value(TOMLValue)
        case table(TOMLTableBuilder)
        case tables([TOMLTableBuilder])
    }

    var origin: Origin
    /// The line that defined the table: its header, its dotted key or its opening brace.
    var line: Int
    private var keys: [String] = []
    private var slots: [String: (slot: Slot, line: Int)] = [:]

    init(origin: Origin, line: Int) {
        self.origin = origin
        self.line = line
    }

    /// The slot stored under `key` and the line of the key that defined it.
    subscript(key: String) -> (slot: Slot, line: Int)? {
        slots[key]
    }

    func set(_ key: String, _ slot: Slot, line: Int) {
        if slots[key] == nil { keys.append(key) }
        slots[key] = (slot, line)
    }

    func build() -> TOMLTable {
        TOMLTable(
            entries: keys.map { key in
                let (slot, line) = slots[key]!
                switch slot {
                case .value(let value):
                    return TOMLTable.Entry(key: key, line: line, value: value)
                case .table(let table):
                    return TOMLTable.Entry(key: key, line: line, value: TOMLValue(.table(table.build()), line: table.line))
                case .tables(let tables):
                    let elements = tables.map { TOMLValue(.table($0.build()), line: $0.line) }
                    return TOMLTable.Entry(key: key, line: line, value: TOMLValue(.array(elements), line: line))
                }
            })
    }
}
