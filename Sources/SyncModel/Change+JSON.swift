public import Foundation

extension Change {
    private enum CodingKeys: String, CodingKey {
        case seq, op, doc, source, key, version, cluster, canonical, at, node
    }

    /// Every key is always present (`cluster` is `null` outside a cluster); `at` is RFC 3339 UTC;
    /// `node`, the node that wrote the change, only on a store several nodes share.
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(seq, forKey: .seq)
        try container.encode(op, forKey: .op)
        try container.encode(doc, forKey: .doc)
        try container.encode(source, forKey: .source)
        try container.encode(key, forKey: .key)
        try container.encode(version, forKey: .version)
        try container.encode(cluster, forKey: .cluster)
        try container.encode(canonical, forKey: .canonical)
        try container.encode(Timestamp.rfc3339(at), forKey: .at)
        try container.encodeIfPresent(node, forKey: .node)
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        let stamp = try container.decode(String.self, forKey: .at)
        self.init(
            seq: try container.decode(Int64.self, forKey: .seq), op: try container.decode(ChangeOp.self, forKey: .op),
            doc: try container.decode(Int64.self, forKey: .doc), source: try container.decode(String.self, forKey: .source),
            key: try container.decode(String.self, forKey: .key), version: try container.decode(Int.self, forKey: .version),
            cluster: try container.decodeIfPresent(Int64.self, forKey: .cluster),
            canonical: try container.decode(Bool.self, forKey: .canonical),
            at: Timestamp.parseRFC3339(stamp) ?? 0, node: try container.decodeIfPresent(String.self, forKey: .node))
    }
}

/// RFC 3339 timestamps in UTC, as every JSON output prints them (change log, status, feeds).
public enum Timestamp {
    /// `2004-01-01T19:48:21Z`: whole seconds, rounded down; years 1–9999.
    /// Instants outside years 0000...9999 (or not finite) are clamped to that range: a date a
    /// server sent must never crash a formatter.
    public static func rfc3339(_ seconds: Double) -> String {
        let bounded = seconds.isNaN ? 0 : min(max(seconds, -62_167_219_200), 253_402_300_799)
        let total = Int64(bounded.rounded(.down))
        let days = total >= 0 ? total / 86_400 : (total - 86_399) / 86_400
        let inDay = total - days * 86_400
        let (year, month, day) = civil(fromDays: days)
        func two(_ value: Int64) -> String { value < 10 ? "0\(value)" : "\(value)" }
        var yearText = String(year)
        while yearText.count < 4 { yearText = "0" + yearText }
        return "\(yearText)-\(two(month))-\(two(day))T\(two(inDay / 3600)):\(two(inDay % 3600 / 60)):\(two(inDay % 60))Z"
    }

    public static func rfc3339(_ date: Date) -> String { rfc3339(date.timeIntervalSince1970) }

    /// Year, month and day of a day count since 1970-01-01 (Howard Hinnant's algorithm).
    static func civil(fromDays days: Int64) -> (year: Int64, month: Int64, day: Int64) {
        let z = days + 719_468
        let era = (z >= 0 ? z : z - 146_096) / 146_097
        let dayOfEra = z - era * 146_097
        let yearOfEra = (dayOfEra - dayOfEra / 1460 + dayOfEra / 36524 - dayOfEra / 146_096) / 365
        let dayOfYear = dayOfEra - (365 * yearOfEra + yearOfEra / 4 - yearOfEra / 100)
        let mp = (5 * dayOfYear + 2) / 153
        let day = dayOfYear - (153 * mp + 2) / 5 + 1
        let month = mp < 10 ? mp + 3 : mp - 9
        return (yearOfEra + era * 400 + (month <= 2 ? 1 : 0), month, day)
    }

    public static func parseRFC3339(_ text: String) -> Double? {
        (try? Date(text, strategy: .iso8601))?.timeIntervalSince1970
    }
}
