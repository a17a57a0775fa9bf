import Foundation
import NIOCore
import PostgresNIO

/// A value bound to a statement's `$n` parameter. Bytes go as `bytea` and `Int64s` as `int8[]`;
/// `nil` as an untyped NULL (the server infers its type from the statement).
protocol PGBindable {
    func bind(into bindings: inout PostgresBindings)
}

extension Int64: PGBindable {
    func bind(into bindings: inout PostgresBindings) { bindings.append(self) }
}

extension Int: PGBindable {
    func bind(into bindings: inout PostgresBindings) { bindings.append(Int64(self)) }
}

extension Double: PGBindable {
    func bind(into bindings: inout PostgresBindings) { bindings.append(self) }
}

extension Bool: PGBindable {
    func bind(into bindings: inout PostgresBindings) { bindings.append(self) }
}

extension String: PGBindable {
    func bind(into bindings: inout PostgresBindings) { bindings.append(self) }
}

extension Array: PGBindable where Element == UInt8 {
    func bind(into bindings: inout PostgresBindings) { bindings.append(ByteBuffer(bytes: self)) }
}

/// An `int8[]` parameter (band keys, document ids).
struct Int64s: PGBindable {
    var values: [Int64]
    init(_ values: [Int64]) { self.values = values }
    func bind(into bindings: inout PostgresBindings) { bindings.append(values) }
}

/// A `text[]` parameter.
struct Texts: PGBindable {
    var values: [String]
    init(_ values: [String]) { self.values = values }
    func bind(into bindings: inout PostgresBindings) { bindings.append(values) }
}

/// One result row, read by column position.
struct PGRow {
    private let cells: PostgresRandomAccessRow

    init(_ row: PostgresRow) { cells = row.makeRandomAccess() }

    private func isNull(_ index: Int) -> Bool { cells[index].bytes == nil }
    func cellDecode<T: PostgresDecodable>(_ index: Int, _ type: T.Type) throws -> T { try cells[index].decode(T.self) }

    func int64(_ index: Int) throws -> Int64 { try cells[index].decode(Int64.self) }
    func int(_ index: Int) throws -> Int { Int(try cells[index].decode(Int64.self)) }
    func optionalInt64(_ index: Int) throws -> Int64? { isNull(index) ? nil : try int64(index) }
    func optionalInt(_ index: Int) throws -> Int? { isNull(index) ? nil : try int(index) }
    func double(_ index: Int) throws -> Double { try cells[index].decode(Double.self) }
    func optionalDouble(_ index: Int) throws -> Double? { isNull(index) ? nil : try double(index) }
    func bool(_ index: Int) throws -> Bool { try cells[index].decode(Bool.self) }
    func text(_ index: Int) throws -> String { try cells[index].decode(String.self) }
    func optionalText(_ index: Int) throws -> String? { isNull(index) ? nil : try text(index) }
    func bytes(_ index: Int) throws -> [UInt8] {
        guard var buffer = cells[index].bytes else { return [] }
        return buffer.readBytes(length: buffer.readableBytes) ?? []
    }
    func optionalBytes(_ index: Int) throws -> [UInt8]? { isNull(index) ? nil : try bytes(index) }
}

/// A `float8[]` parameter.
struct Doubles: PGBindable {
    var values: [Double]
    init(_ values: [Double]) { self.values = values }
    func bind(into bindings: inout PostgresBindings) { bindings.append(values) }
}

/// A `bool[]` parameter.
struct Bools: PGBindable {
    var values: [Bool]
    init(_ values: [Bool]) { self.values = values }
    func bind(into bindings: inout PostgresBindings) { bindings.append(values) }
}

extension PGRow {
    /// A `text[]` column.
    func texts(_ index: Int) throws -> [String] { try cellDecode(index, [String].self) }
}
