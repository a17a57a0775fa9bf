/// Booleans, integers, floats and date-times: the unquoted values, classified from their text.
extension TOMLParser {
    struct ScalarError: Error {
        var message: String
    }

    /// Classifies and validates an unquoted value such as `true`, `-0x1F` (invalid: no sign on
    /// hex), `1_000`, `6.626e-34`, `-inf`, `1979-05-27T07:32:00Z` or `07:32:00`.
    static func scalar(_ token: String) throws(ScalarError) -> TOMLValue.Content {
        switch token {
        case "true": return .boolean(true)
        case "false": return .boolean(false)
        case "inf", "+inf": return .float(.infinity)
        case "-inf": return .float(-.infinity)
        case "nan", "+nan", "-nan": return .float(.nan)
        default: break
        }
        if token.contains(":") || looksLikeDate(token) {
            guard isDateTime(token) else { throw ScalarError(message: "invalid date-time '\(token)'") }
            return .datetime(token)
        }
        guard let first = token.unicodeScalars.first, first == "+" || first == "-" || ("0"..."9").contains(first) else {
            throw ScalarError(message: "invalid value '\(token)' (strings must be quoted)")
        }
        for (prefix, radix) in [("0x", 16), ("0o", 8), ("0b", 2)] where token.hasPrefix(prefix) {
            guard let digits = digits(token.dropFirst(2), radix: radix) else {
                throw ScalarError(message: "invalid integer '\(token)'")
            }
            guard let value = Int64(digits, radix: radix) else {
                throw ScalarError(message: "integer '\(token)' does not fit in 64 bits")
            }
            return .integer(value)
        }
        if token.contains(where: { $0 == "." || $0 == "e" || $0 == "E" }) {
            return .float(try float(token))
        }
        return .integer(try integer(token))
    }

    private static func integer(_ token: String) throws(ScalarError) -> Int64 {
        let (sign, body) = splitSign(token[...])
        guard let digits = decimalIntegerPart(body) else {
            let hint = digits(body, radix: 10) != nil ? " (leading zeros are not allowed)" : ""
            throw ScalarError(message: "invalid integer '\(token)'\(hint)")
        }
        guard let value = Int64(sign + digits) else {
            throw ScalarError(message: "integer '\(token)' does not fit in 64 bits")
        }
        return value
    }

    private static func float(_ token: String) throws(ScalarError) -> Double {
        let invalid = ScalarError(message: "invalid float '\(token)'")
        let (sign, body) = splitSign(token[...])
        let exponentStart = body.firstIndex { $0 == "e" || $0 == "E" }
        let mantissa = body[..<(exponentStart ?? body.endIndex)]
        let integerText = mantissa.prefix { $0 != "." }
        guard let integerDigits = decimalIntegerPart(integerText) else { throw invalid }
        var text = sign + integerDigits
        if integerText.endIndex < mantissa.endIndex {
            guard let fraction = digits(mantissa[mantissa.index(after: integerText.endIndex)...], radix: 10) else { throw invalid }
            text += "." + fraction
        }
        if let exponentStart {
            let (exponentSign, exponentBody) = splitSign(body[body.index(after: exponentStart)...])
            guard let exponent = digits(exponentBody, radix: 10) else { throw invalid }
            text += "e" + exponentSign + exponent
        }
        guard let value = Double(text) else { throw invalid }
        return value
    }

    private static func splitSign(_ text: Substring) -> (sign: String, body: Substring) {
        guard let first = text.first, first == "+" || first == "-" else { return ("", text) }
        return (first == "-" ? "-" : "", text.dropFirst())
    }

    /// The digits of a decimal integer part, which may not have leading zeros.
    private static func decimalIntegerPart(_ text: Substring) -> String? {
        guard let digits = digits(text, radix: 10), digits == "0" || !digits.hasPrefix("0") else { return nil }
        return digits
    }

    /// Removes the underscores of `1_000`, which must each sit between two digits.
    static func digits(_ text: Substring, radix: Int) -> String? {
        var result = ""
        var previousWasDigit = false
        for scalar in text.unicodeScalars {
            if scalar == "_" {
                guard previousWasDigit else { return nil }
                previousWasDigit = false
            } else {
                guard digitValue(scalar, radix: radix) != nil else { return nil }
                result.unicodeScalars.append(scalar)
                previousWasDigit = true
            }
        }
        return previousWasDigit ? result : nil
    }

    /// ASCII digits only: Swift's own helpers also accept fullwidth forms.
    static func digitValue(_ scalar: Unicode.Scalar, radix: Int) -> Int? {
        let value: Int
        switch scalar {
        case "0"..."9": value = Int(scalar.value - 48)
        case "a"..."f": value = Int(scalar.value - 87)
        case "A"..."F": value = Int(scalar.value - 55)
        default: return nil
        }
        return value < radix ? value : nil
    }

    // MARK: Date-times

    /// Four digits and a dash: meant as a date, even if it is not a valid one.
    private static func looksLikeDate(_ token: String) -> Bool {
        let bytes = Array(token.utf8.prefix(5))
        return bytes.count == 5 && bytes[4] == UInt8(ascii: "-") && bytes[..<4].allSatisfy { (48...57).contains($0) }
    }

    /// `YYYY-MM-DD`, the start of every date-time that has a date.
    static func isLocalDate(_ text: some StringProtocol) -> Bool {
        let bytes = Array(text.utf8)
        var reader = DateTimeReader(bytes: bytes)
        return reader.readDate() && reader.isAtEnd
    }

    /// Offset date-time, local date-time, local date or local time, as TOML 1.0 writes them.
    static func isDateTime(_ text: String) -> Bool {
        var reader = DateTimeReader(bytes: Array(text.utf8))
        if text.utf8.count >= 10, Array(text.utf8)[4] == UInt8(ascii: "-") {
            guard reader.readDate() else { return false }
            if reader.isAtEnd { return true }
            guard reader.take(["T", "t", " "]), reader.readTime() else { return false }
            if reader.isAtEnd { return true }
            guard reader.readOffset() else { return false }
        } else {
            guard reader.readTime() else { return false }
        }
        return reader.isAtEnd
    }
}

/// Reads the fixed-width fields of a date-time and checks their ranges.
private struct DateTimeReader {
    let bytes: [UInt8]
    var index = 0

    var isAtEnd: Bool { index == bytes.count }

    mutating func take(_ characters: [Unicode.Scalar]) -> Bool {
        guard index < bytes.count, characters.contains(Unicode.Scalar(bytes[index])) else { return false }
        index += 1
        return true
    }

    mutating func number(_ width: Int) -> Int? {
        guard index + width <= bytes.count else { return nil }
        var value = 0
        for byte in bytes[index..<(index + width)] {
            guard (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(byte) else { return nil }
            value = value * 10 + Int(byte - UInt8(ascii: "0"))
        }
        index += width
        return value
    }

    mutating func readDate() -> Bool {
        guard let year = number(4), take(["-"]), let month = number(2), take(["-"]), let day = number(2),
            (1...12).contains(month)
        else { return false }
        let isLeap = year % 4 == 0 && (year % 100 != 0 || year % 400 == 0)
        let days = [31, isLeap ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31][month - 1]
        return (1...days).contains(day)
    }

    /// `HH:MM:SS` with optional fractional seconds; TOML 1.0 requires the seconds.
    mutating func readTime() -> Bool {
        guard let hour = number(2), take([":"]), let minute = number(2), take([":"]), let second = number(2),
            hour < 24, minute < 60, second <= 60
        else { return false }
        if take(["."]) {
            let start = index
            while number(1) != nil {}
            return index > start
        }
        return true
    }

    /// `Z` or `+HH:MM` / `-HH:MM`.
    mutating func readOffset() -> Bool {
        if take(["Z", "z"]) { return true }
        guard take(["+", "-"]), let hour = number(2), take([":"]), let minute = number(2) else { return false }
        return hour < 24 && minute < 60
    }
}
