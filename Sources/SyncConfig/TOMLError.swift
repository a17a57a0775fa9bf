/// A TOML document that is malformed (with a column) or redefines something (line only).
struct TOMLError: Error, Equatable, Sendable {
    var line: Int
    /// Set for syntax errors, `nil` for semantic ones such as a key defined twice.
    var column: Int?
    var message: String

    init(line: Int, column: Int? = nil, _ message: String) {
        self.line = line
        self.column = column
        self.message = message
    }

    /// `FILE:LINE:COL` for syntax errors, `FILE:LINE` otherwise.
    func location(in file: String) -> String {
        column.map { "\(file):\(line):\($0)" } ?? "\(file):\(line)"
    }
}
