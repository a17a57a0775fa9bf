internal import Foundation
import SyncModel

/// The dates pages put in their metadata: ISO 8601 as `article:published_time`, JSON-LD and
/// `<time datetime>` write them (`2018-07-02T14:59:00+00:00`, `2015-04-29T10:36:40.000Z`,
/// `2014-03-18`, `2014-03-18 09:30`). A time without a zone is read as UTC.
enum MetadataDate {
    /// The instant `text` names, or `nil` when it is not an ISO 8601 date.
    static func parse(_ text: String) -> Date? {
        let trimmed = Whitespace.collapsed(text)
        let bytes = Array(trimmed.utf8)
        guard bytes.count >= 10, bytes.count <= 40, bytes[0..<4].allSatisfy(isDigit), bytes[4] == 0x2D,
            bytes[7] == 0x2D
        else { return nil }
        var fields: [Int] = []
        var index = 0
        func number(_ count: Int) -> Int? {
            guard index + count <= bytes.count, bytes[index..<(index + count)].allSatisfy(isDigit) else { return nil }
            let value = bytes[index..<(index + count)].reduce(0) { $0 * 10 + Int($1 - 0x30) }
            index += count
            return value
        }
        // YYYY-MM-DD
        for (count, separator) in [(4, UInt8(0x2D)), (2, UInt8(0x2D)), (2, UInt8(0))] {
            guard let value = number(count) else { return nil }
            fields.append(value)
            if separator != 0 { index += 1 }
        }
        var hour = 0, minute = 0, second = 0
        var offset = 0
        if index < bytes.count, bytes[index] == 0x54 || bytes[index] == 0x74 || bytes[index] == 0x20 {
            index += 1
            guard let h = number(2), index < bytes.count, bytes[index] == 0x3A else { return nil }
            index += 1
            guard let m = number(2) else { return nil }
            (hour, minute) = (h, m)
            if index < bytes.count, bytes[index] == 0x3A {
                index += 1
                guard let s = number(2) else { return nil }
                second = s
                if index < bytes.count, bytes[index] == 0x2E || bytes[index] == 0x2C {
                    index += 1
                    while index < bytes.count, isDigit(bytes[index]) { index += 1 }
                }
            }
            while index < bytes.count, bytes[index] == 0x20 { index += 1 }
            if index < bytes.count {
                switch bytes[index] {
                case 0x5A, 0x7A:  // Z
                    index += 1
                case 0x2B, 0x2D:  // + or -
                    let sign = bytes[index] == 0x2D ? -1 : 1
                    index += 1
                    guard let zoneHours = number(2) else { return nil }
                    if index < bytes.count, bytes[index] == 0x3A { index += 1 }
                    let zoneMinutes = number(2) ?? 0
                    offset = sign * (zoneHours * 3600 + zoneMinutes * 60)
                default:
                    return nil
                }
            }
        }
        guard index == bytes.count else { return nil }
        let (year, month, day) = (fields[0], fields[1], fields[2])
        guard (1...12).contains(month), (1...31).contains(day), hour < 24, minute < 60, second < 61 else { return nil }
        let days = Int(CivilDate.daysSince1970(year: Int64(year), month: Int64(month), day: Int64(day)))
        let seconds = days * 86_400 + hour * 3600 + minute * 60 + second - offset
        return Date(timeIntervalSince1970: Double(seconds))
    }

    private static func isDigit(_ byte: UInt8) -> Bool { byte >= 0x30 && byte <= 0x39 }

}
