@testable import SyncConfig

func toml(_ text: String) throws -> TOMLTable {
    try TOMLParser.parse(text)
}

/// The error a document raises, or `nil` if it parses.
func tomlError(_ text: String) -> TOMLError? {
    do {
        _ = try TOMLParser.parse(text)
        return nil
    } catch {
        return error
    }
}

extension TOMLTable {
    /// The value at a dotted path of plain keys, e.g. `"fruits.physical.color"`.
    func value(at path: String) -> TOMLValue? {
        var table: TOMLTable? = self
        var value: TOMLValue?
        for key in path.split(separator: ".") {
            value = table?[String(key)]
            table = value?.table
        }
        return value
    }

    func string(at path: String) -> String? { value(at: path)?.string }
    func integer(at path: String) -> Int64? { value(at: path)?.integer }
    func float(at path: String) -> Double? { value(at: path)?.float }
    func datetime(at path: String) -> String? { value(at: path)?.datetime }
}
