import Foundation

extension Change {
    private enum CodingKeys: String, CodingKey {
        case seq, op, doc, source, key, version, cluster, canonical, at
    }

    /// Every key is always present (`cluster` is `null` outside a cluster); `at` is RFC 3339 UTC.
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
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        let stamp = try container.decode(String.self, forKey: .at)
        self.init(seq: try container.decode(Int64.self, forKey: .seq), op: try container.decode(ChangeOp.self, forKey: .op),
                  doc: try container.decode(Int64.self, forKey: .doc), source: try container.decode(String.self, forKey: .source),
                  key: try container.decode(String.self, forKey: .key), version: try container.decode(Int.self, forKey: .version),
                  cluster: try container.decodeIfPresent(Int64.self, forKey: .cluster),
                  canonical: try container.decode(Bool.self, forKey: .canonical),
                  at: Timestamp.parseRFC3339(stamp) ?? 0)
    }
}

/// RFC 3339 timestamps in UTC, as every JSON output prints them.
public enum Timestamp {
    public static func rfc3339(_ seconds: Double) -> String {
        Date(timeIntervalSince1970: seconds).ISO8601Format()
    }

    public static func parseRFC3339(_ text: String) -> Double? {
        (try? Date(text, strategy: .iso8601))?.timeIntervalSince1970
    }
}
