import Extract
public import Foundation
internal import SyncModel

/// What a feed says about itself and its entries, whatever its format.
///
/// Encoded as JSON with dates as RFC 3339 UTC strings (`2004-01-01T19:48:21Z`).
public struct ParsedFeed: Codable, Sendable, Equatable {
    /// What the document is: `RSS 2.0`, `RSS 0.91`, `RSS 1.0`, `RSS 0.90`, `RSS` (no version
    /// given), `Atom 1.0`, `Atom 0.3`, `JSON Feed 1.1`, `JSON Feed 1.0` or `JSON Feed`.
    public var format: String?
    public var title: String?
    public var link: String?
    public var language: String?
    /// When the feed last changed: Atom `updated` (0.3: `modified`), RSS `lastBuildDate`, `dc:date`.
    public var updated: Date?
    /// RSS `<ttl>`: minutes the feed may be cached; stretches the polling interval.
    public var ttl: Int?
    /// Whether the feed needed repair (undeclared entities, stray ampersands, a wrong
    /// charset) or the XML parser recovered from an error; the entries are still usable.
    public var bozo: Bool
    /// Why `bozo` is set.
    public var bozoReason: String?
    public var entries: [ParsedEntry]

    public init(
        title: String? = nil, link: String? = nil, language: String? = nil, updated: Date? = nil,
        bozo: Bool = false, bozoReason: String? = nil, entries: [ParsedEntry] = []
    ) {
        self.title = title
        self.link = link
        self.language = language
        self.updated = updated
        self.bozo = bozo
        self.bozoReason = bozoReason
        self.entries = entries
    }

    private enum CodingKeys: String, CodingKey {
        case format, title, link, language, updated, ttl, bozo, bozoReason, entries
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        format = try container.decodeIfPresent(String.self, forKey: .format)
        title = try container.decodeIfPresent(String.self, forKey: .title)
        link = try container.decodeIfPresent(String.self, forKey: .link)
        language = try container.decodeIfPresent(String.self, forKey: .language)
        updated = try ParsedEntry.decodeDate(container, .updated)
        ttl = try container.decodeIfPresent(Int.self, forKey: .ttl)
        bozo = try container.decodeIfPresent(Bool.self, forKey: .bozo) ?? false
        bozoReason = try container.decodeIfPresent(String.self, forKey: .bozoReason)
        entries = try container.decodeIfPresent([ParsedEntry].self, forKey: .entries) ?? []
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encodeIfPresent(format, forKey: .format)
        try container.encodeIfPresent(title, forKey: .title)
        try container.encodeIfPresent(link, forKey: .link)
        try container.encodeIfPresent(language, forKey: .language)
        try container.encodeIfPresent(updated.map { Timestamp.rfc3339($0) }, forKey: .updated)
        try container.encodeIfPresent(ttl, forKey: .ttl)
        try container.encode(bozo, forKey: .bozo)
        try container.encodeIfPresent(bozoReason, forKey: .bozoReason)
        try container.encode(entries, forKey: .entries)
    }
}

/// One item of a feed. `summary` and `content` keep the HTML (or text) as the feed gives
/// it; `summaryText` and `contentText` are the same with tags stripped, for fingerprinting.
public struct ParsedEntry: Codable, Sendable, Equatable {
    public var id: String?
    public var title: String?
    public var link: String?
    public var published: Date?
    public var updated: Date?
    /// Authors as the feed writes them (Atom: `Name (email)`; RSS: the element's text).
    public var authors: [String]
    /// The same authors split into name, email and URL (an RSS `me@example.com (Jane Doe)` too).
    public var authorDetails: [FeedPerson] = []
    public var summary: String?
    public var content: String?

    public init(
        id: String? = nil, title: String? = nil, link: String? = nil, published: Date? = nil,
        updated: Date? = nil, authors: [String] = [], summary: String? = nil, content: String? = nil
    ) {
        self.id = id
        self.title = title
        self.link = link
        self.published = published
        self.updated = updated
        self.authors = authors
        self.summary = summary
        self.content = content
    }

    /// `summary` as plain text.
    public var summaryText: String? { summary.map(HTMLText.plainText) }
    /// `content` as plain text.
    public var contentText: String? { content.map(HTMLText.plainText) }

    private enum CodingKeys: String, CodingKey {
        case id, title, link, published, updated, authors, authorDetails, summary, content
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        id = try container.decodeIfPresent(String.self, forKey: .id)
        title = try container.decodeIfPresent(String.self, forKey: .title)
        link = try container.decodeIfPresent(String.self, forKey: .link)
        published = try Self.decodeDate(container, .published)
        updated = try Self.decodeDate(container, .updated)
        authors = try container.decodeIfPresent([String].self, forKey: .authors) ?? []
        authorDetails = try container.decodeIfPresent([FeedPerson].self, forKey: .authorDetails) ?? []
        summary = try container.decodeIfPresent(String.self, forKey: .summary)
        content = try container.decodeIfPresent(String.self, forKey: .content)
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(id, forKey: .id)
        try container.encode(title, forKey: .title)
        try container.encode(link, forKey: .link)
        try container.encode(published.map { Timestamp.rfc3339($0) }, forKey: .published)
        try container.encode(updated.map { Timestamp.rfc3339($0) }, forKey: .updated)
        try container.encode(authors, forKey: .authors)
        if !authorDetails.isEmpty { try container.encode(authorDetails, forKey: .authorDetails) }
        try container.encode(summary, forKey: .summary)
        try container.encode(content, forKey: .content)
    }

    static func decodeDate<Key: CodingKey>(_ container: KeyedDecodingContainer<Key>, _ key: Key) throws -> Date? {
        guard let text = try container.decodeIfPresent(String.self, forKey: key) else { return nil }
        guard let date = FeedDate.parse(text) else {
            throw DecodingError.dataCorruptedError(forKey: key, in: container, debugDescription: "not an RFC 3339 date: \(text)")
        }
        return date
    }
}
