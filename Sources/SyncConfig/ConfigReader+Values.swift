import SyncModel

/// Typed access to configuration values; each mismatch names the key, the expected and the
/// actual type, at the value's line.
extension ConfigReader {
    func error(_ message: String, line: Int) -> SyncError {
        SyncError(.invalidConfig, message, location: "\(file):\(line)")
    }

    func mismatch(_ name: String, _ expected: String, _ value: TOMLValue) -> SyncError {
        error("\(name) must be \(expected), found \(value.kind.rawValue)", line: value.line)
    }

    /// Refuses keys other than `allowed`; a sub-table is reported as an unknown table.
    /// - Parameters:
    ///   - tableName: the table's name as its header spells it, e.g. `store`.
    ///   - description: how messages name the table; `[tableName]` by default.
    func checkKeys(_ table: TOMLTable, allowed: [String], in tableName: String, describedAs description: String? = nil) throws(SyncError) {
        for entry in table.entries where !allowed.contains(entry.key) {
            if entry.value.kind == .table {
                throw error("unknown table [\(tableName).\(entry.key)]", line: entry.line)
            }
            let list = allowed.joined(separator: ", ")
            throw error("unknown key \"\(entry.key)\" in \(description ?? "[\(tableName)]") (allowed: \(list))", line: entry.line)
        }
    }

    func string(_ key: String, in table: TOMLTable, as name: String) throws(SyncError) -> (value: String, line: Int)? {
        guard let value = table[key] else { return nil }
        guard let string = value.string else { throw mismatch(name, "a string", value) }
        return (string, value.line)
    }

    func boolean(_ key: String, in table: TOMLTable, as name: String) throws(SyncError) -> (value: Bool, line: Int)? {
        guard let value = table[key] else { return nil }
        guard let boolean = value.boolean else { throw mismatch(name, "a boolean (true or false)", value) }
        return (boolean, value.line)
    }

    func float(_ key: String, in table: TOMLTable, as name: String) throws(SyncError) -> (value: Double, line: Int)? {
        guard let value = table[key] else { return nil }
        guard let float = value.float else { throw mismatch(name, "a float", value) }
        return (float, value.line)
    }

    /// - Parameter range: the allowed values, if the caller does not check them itself.
    func integer(_ key: String, in table: TOMLTable, as name: String, range: ClosedRange<Int>? = nil) throws(SyncError) -> (value: Int, line: Int)? {
        guard let value = table[key] else { return nil }
        // A switch rather than `value.integer.map(Int.init)`: the latter crashes the 6.3.1
        // optimizer (CopyPropagation ownership error) in release builds.
        let integer: Int
        switch value.content {
        case .integer(let raw): integer = Int(raw)
        default: throw mismatch(name, "an integer", value)
        }
        if let range, !range.contains(integer) {
            throw error("\(name) must be between \(range.lowerBound) and \(range.upperBound), found \(integer)", line: value.line)
        }
        return (integer, value.line)
    }

    /// A positive byte count: an integer, or a string such as `"10MiB"`.
    func size(_ key: String, in table: TOMLTable, as name: String) throws(SyncError) -> Int? {
        guard let value = table[key] else { return nil }
        let bytes: Int
        switch value.content {
        case .integer(let integer):
            bytes = Int(integer)
        case .string(let text):
            guard let parsed = ByteSize.bytes(text) else {
                throw error(
                    "\(name): invalid size \"\(text)\" (write a whole number with a unit: \(ByteSize.unitList), e.g. \"10MiB\")", line: value.line)
            }
            bytes = parsed
        default:
            throw mismatch(name, "an integer (bytes) or a string like \"10MiB\"", value)
        }
        guard bytes > 0 else { throw error("\(name) must be greater than 0, found \(bytes)", line: value.line) }
        return bytes
    }
}
