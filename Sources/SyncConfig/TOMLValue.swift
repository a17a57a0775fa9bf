/// A parsed TOML value together with the 1-based line where it starts, so that configuration
/// errors can point at the exact place a value was written.
struct TOMLValue: Sendable, Equatable {
    /// The TOML types, named as error messages print them.
    enum Kind: String, Sendable {
        case string, integer, float, boolean, array, table
        case datetime = "date-time"
    }

    enum Content: Sendable, Equatable {
        case string(String)
        case integer(Int64)
        case float(Double)
        case boolean(Bool)
        /// Offset date-times, local date-times, local dates and local times, kept as written.
        case datetime(String)
        case array([TOMLValue])
        case table(TOMLTable)
    }

    var content: Content
    var line: Int

    init(_ content: Content, line: Int) {
        self.content = content
        self.line = line
    }

    var kind: Kind {
        switch content {
        case .string: .string
        case .integer: .integer
        case .float: .float
        case .boolean: .boolean
        case .datetime: .datetime
        case .array: .array
        case .table: .table
        }
    }

    var string: String? {
        if case .string(let value) = content { value } else { nil }
    }

    var integer: Int64? {
        if case .integer(let value) = content { value } else { nil }
    }

    var float: Double? {
        if case .float(let value) = content { value } else { nil }
    }

    var boolean: Bool? {
        if case .boolean(let value) = content { value } else { nil }
    }

    var datetime: String? {
        if case .datetime(let value) = content { value } else { nil }
    }

    var array: [TOMLValue]? {
        if case .array(let value) = content { value } else { nil }
    }

    var table: TOMLTable? {
        if case .table(let value) = content { value } else { nil }
    }

    /// True for a non-empty array whose elements are all tables, which is what `[[name]]`
    /// headers produce (an inline `name = [{...}]` is the same thing in TOML).
    var isArrayOfTables: Bool {
        guard let array, !array.isEmpty else { return false }
        return array.allSatisfy { $0.kind == .table }
    }
}
