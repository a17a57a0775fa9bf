/// One column value of a stored row as a store exports or imports it (`syncctl migrate`).
public enum StoreValue: Sendable, Equatable {
    case null
    case integer(Int64)
    case real(Double)
    case text(String)
    case bytes([UInt8])
}
