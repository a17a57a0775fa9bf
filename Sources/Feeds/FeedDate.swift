public import Foundation
import SyncModel

/// Parses the dates feeds carry (RFC 822 and its broken variants, RFC 3339, ISO 8601 and
/// W3CDTF) by hand: `DateFormatter` is slow, locale-bound and rejects most real-world
/// variants. Every result is an absolute UTC instant.
public enum FeedDate {
    /// The instant `text` names, or `nil` when it is not a date we recognise.
    public static func parse(_ text: String) -> Date? {
        let trimmed = text.trimmingCharacters(in: .whitespacesAndNewlines)
        guard !trimmed.isEmpty, trimmed.utf8.count < 100 else { return nil }
        let bytes = Array(trimmed.utf8)
        if bytes.count >= 4, bytes[0..<4].allSatisfy(isDigit) {
            if let date = parseW3C(bytes) { return date }
        }
        return parseRFC822(trimmed)
    }

    // MARK: - W3CDTF / ISO 8601

    private static func isDigit(_ byte: UInt8) -> Bool { byte >= 0x30 && byte <= 0x39 }

    /// `2003`, `2003-12`, `2003-12-31`, `2003-12-31T10:14:55.123-08:00`, `20031231T101455Z`,
    /// with a space instead of `T` and `±hhmm` zones accepted.
    private static func parseW3C(_ bytes: [UInt8]) -> Date? {
        var index = 0
        func number(_ count: Int) -> Int? {
            guard index + count <= bytes.count else { return nil }
            var value = 0
            for offset in 0..<count {
                let byte = bytes[index + offset]
                guard isDigit(byte) else { return nil }
                value = value * 10 + Int(byte - 0x30)
            }
            index += count
            return value
        }
        func skip(_ byte: UInt8) -> Bool {
            if index < bytes.count, bytes[index] == byte { index += 1; return true }
            return false
        }
        guard let year = number(4) else { return nil }
        var month = 1, day = 1, hour = 0, minute = 0, second = 0.0, offset = 0
        let extended = skip(0x2D)
        if index < bytes.count {
            guard let parsedMonth = number(2) else { return nil }
            month = parsedMonth
            if extended ? skip(0x2D) : index < bytes.count && isDigit(bytes[index]) {
                guard let parsedDay = number(2) else { return nil }
                day = parsedDay
            }
        }
        if index < bytes.count, bytes[index] == 0x54 || bytes[index] == 0x74 || bytes[index] == 0x20 {
            index += 1
            guard let parsedHour = number(2) else { return nil }
            hour = parsedHour
            let colon = skip(0x3A)
            guard let parsedMinute = number(2) else { return nil }
            minute = parsedMinute
            if colon ? skip(0x3A) : index < bytes.count && isDigit(bytes[index]) {
                guard let whole = number(2) else { return nil }
                second = Double(whole)
                if skip(0x2E) || skip(0x2C) {
                    var scale = 0.1
                    while index < bytes.count, isDigit(bytes[index]) {
                        second += Double(bytes[index] - 0x30) * scale
                        scale /= 10
                        index += 1
                    }
                }
            }
            while index < bytes.count, bytes[index] == 0x20 { index += 1 }
            if skip(0x5A) || skip(0x7A) {
                offset = 0
            } else if index < bytes.count, bytes[index] == 0x2B || bytes[index] == 0x2D {
                let sign = bytes[index] == 0x2D ? -1 : 1
                index += 1
                guard let zoneHours = number(2) else { return nil }
                _ = skip(0x3A)
                let zoneMinutes = number(2) ?? 0
                offset = sign * (zoneHours * 3600 + zoneMinutes * 60)
            }
        }
        guard index == bytes.count else { return nil }
        return makeDate(year: year, month: month, day: day, hour: hour, minute: minute, second: second, offset: offset)
    }

    // MARK: - RFC 822

    private static let months: [String: Int] = [
        "jan": 1, "feb": 2, "mar": 3, "apr": 4, "may": 5, "jun": 6, "jul": 7, "aug": 8,
        "sep": 9, "oct": 10, "nov": 11, "dec": 12,
    ]

    /// Offsets in hours; the military letters follow feedparser's table.
    private static let zones: [String: Int] = [
        "ut": 0, "utc": 0, "gmt": 0, "z": 0, "adt": -3, "ast": -4, "at": -4, "edt": -4, "est": -5,
        "et": -5, "cdt": -5, "cst": -6, "ct": -6, "mdt": -6, "mst": -7, "mt": -7, "pdt": -7,
        "pst": -8, "pt": -8, "met": 1, "mest": 2, "cet": 1, "cest": 2, "bst": 1, "eet": 2, "eest": 3,
    ]

    private static func militaryOffset(_ letter: Character) -> Int? {
        guard let ascii = letter.asciiValue else { return nil }
        switch ascii {
        case 0x61...0x69: return -Int(ascii - 0x60)  // a…i: -1…-9
        case 0x6B...0x6D: return -Int(ascii - 0x61)  // k…m: -10…-12
        case 0x6E...0x79: return Int(ascii - 0x6D)  // n…y: +1…+12
        case 0x7A: return 0
        default: return nil
        }
    }

    /// `Thu, 01 Jan 2004 19:48:21 GMT` and the variants real feeds send: no day name,
    /// two-digit years, single-digit days, no seconds, named or numeric zones, stray commas,
    /// the month before the day, any letter case.
    private static func parseRFC822(_ text: String) -> Date? {
        let tokens = text.lowercased()
            .split(whereSeparator: { $0 == " " || $0 == "," || $0 == "\t" || $0 == "\n" })
            .map(String.init)
        var day: Int?, month: Int?, year: Int?
        var hour = 0, minute = 0, second = 0.0
        var offset = 0
        var sawTime = false
        for var token in tokens {
            if token.hasSuffix(".") { token.removeLast() }
            if token.contains(":"), !sawTime, token.first?.isNumber == true {
                // A time, possibly with a zone glued on (`19:48:21+0100`, `19:48Z`).
                var timePart = token
                if let zoneStart = token.firstIndex(where: { $0 == "+" || $0 == "-" || $0.isLetter }) {
                    timePart = String(token[..<zoneStart])
                    guard let zone = zoneOffset(String(token[zoneStart...])) else { return nil }
                    offset = zone
                }
                let parts = timePart.split(separator: ":", omittingEmptySubsequences: false)
                guard parts.count >= 2, parts.count <= 3, let h = Int(parts[0]), let m = Int(parts[1]) else { return nil }
                hour = h
                minute = m
                if parts.count == 3 { guard let s = Double(parts[2]) else { return nil }; second = s }
                sawTime = true
            } else if token.first == "+" || token.first == "-" {
                guard let zone = zoneOffset(token) else { return nil }
                offset = zone
            } else if let value = Int(token) {
                if token.count >= 3 || (day != nil && month != nil) || (day != nil && value > 31) {
                    guard year == nil else { continue }
                    year = token.count <= 2 ? (value < 50 ? 2000 + value : 1900 + value) : value
                } else if day == nil {
                    day = value
                } else if year == nil {
                    year = value < 50 ? 2000 + value : 1900 + value
                }
            } else if let found = months[String(token.prefix(3))], month == nil, token.count <= 9 {
                month = found
            } else if sawTime, let zone = zoneOffset(token) {
                offset = zone
            } else if token.first == "(" {
                continue
            } else if month == nil, day == nil, token.allSatisfy(\.isLetter) {
                continue  // day name
            } else if token.first == "+" || token.first == "-" || token.allSatisfy(\.isLetter) {
                if let zone = zoneOffset(token) { offset = zone }
            } else {
                return nil
            }
        }
        guard let day, let month, let year else { return nil }
        return makeDate(year: year, month: month, day: day, hour: hour, minute: minute, second: second, offset: offset)
    }

    /// `+0100`, `-05:00`, `+1`, `GMT`, `EST`, `GMT+2`, military letters; seconds east of UTC.
    private static func zoneOffset(_ raw: String) -> Int? {
        var token = raw.lowercased()
        if let hours = zones[token] { return hours * 3600 }
        if token.count == 1, let letter = token.first, let hours = militaryOffset(letter) { return hours * 3600 }
        for prefix in ["gmt", "utc", "ut"] where token.hasPrefix(prefix) && token.count > prefix.count {
            token.removeFirst(prefix.count)
            break
        }
        guard let signCharacter = token.first, signCharacter == "+" || signCharacter == "-" else { return nil }
        let sign = signCharacter == "-" ? -1 : 1
        let digits = token.dropFirst().filter { $0 != ":" }
        guard !digits.isEmpty, digits.count <= 4, let value = Int(digits) else { return nil }
        let (hours, minutes) = digits.count <= 2 ? (value, 0) : (value / 100, value % 100)
        guard hours <= 14, minutes < 60 else { return nil }
        return sign * (hours * 3600 + minutes * 60)
    }

    // MARK: - Calendar arithmetic

    private static func makeDate(year: Int, month: Int, day: Int, hour: Int, minute: Int, second: Double, offset: Int) -> Date? {
        guard (1...12).contains(month), day >= 1, day <= daysIn(month: month, year: year),
            (0...23).contains(hour) || (hour == 24 && minute == 0 && second == 0), (0...59).contains(minute),
            second >= 0, second < 62, (1...9999).contains(year)
        else { return nil }
        let days = CivilDate.daysSince1970(year: Int64(year), month: Int64(month), day: Int64(day))
        let seconds = Double(days * 86_400 + Int64(hour * 3600 + minute * 60 - offset)) + min(second, 59.999_999)
        // The zone shift must not carry the instant out of years 1–9999 (not RFC 3339 then).
        let first = Double(CivilDate.daysSince1970(year: 1, month: 1, day: 1) * 86_400)
        let last = Double(CivilDate.daysSince1970(year: 10_000, month: 1, day: 1) * 86_400)
        guard seconds >= first, seconds < last else { return nil }
        return Date(timeIntervalSince1970: seconds)
    }

    private static func daysIn(month: Int, year: Int) -> Int {
        switch month {
        case 2: return (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 ? 29 : 28
        case 4, 6, 9, 11: return 30
        default: return 31
        }
    }

}
