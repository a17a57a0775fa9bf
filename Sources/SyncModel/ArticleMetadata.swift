public import Foundation

/// What a page or a feed entry says about an article besides its text: where it lives, in
/// which language, who wrote it, when, on which site. Stored with each version, never part of
/// the stored text or the fingerprint, so two copies of a story with different metadata are
/// still duplicates.
///
/// Encoded as a JSON object whose nil fields (and an empty `authors`) are left out; dates are
/// RFC 3339 UTC strings (`2004-01-01T19:48:21Z`).
public struct ArticleMetadata: Sendable, Equatable, Hashable, Codable {
    /// The article's own address: `<link rel="canonical">`, `og:url`, or a feed entry's link.
    public var canonicalURL: String?
    /// A BCP 47 language tag (`ar`, `en-US`) as the page or the feed declares it.
    public var language: String?
    /// `ltr`, `rtl` or `auto`, from a `dir` attribute around the text.
    public var direction: String?
    /// Author names, in the order the source gives them.
    public var authors: [String]
    public var published: Date?
    public var modified: Date?
    /// The publication: `og:site_name`, JSON-LD `publisher.name`.
    public var siteName: String?
    /// The page's summary: meta `description`, `og:description`.
    public var description: String?

    public init(
        canonicalURL: String? = nil, language: String? = nil, direction: String? = nil, authors: [String] = [],
        published: Date? = nil, modified: Date? = nil, siteName: String? = nil, description: String? = nil
    ) {
        self.canonicalURL = canonicalURL
        self.language = language
        self.direction = direction
        self.authors = authors
        self.published = published
        self.modified = modified
        self.siteName = siteName
        self.description = description
    }

    /// Whether no field is set.
    public var isEmpty: Bool { self == ArticleMetadata() }

    private enum CodingKeys: String, CodingKey {
        case canonicalURL, language, direction, authors, published, modified, siteName, description
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        canonicalURL = try container.decodeIfPresent(String.self, forKey: .canonicalURL)
        language = try container.decodeIfPresent(String.self, forKey: .language)
        direction = try container.decodeIfPresent(String.self, forKey: .direction)
        authors = try container.decodeIfPresent([String].self, forKey: .authors) ?? []
        published = try container.decodeIfPresent(String.self, forKey: .published)
            .flatMap(Timestamp.parseRFC3339).map(Date.init(timeIntervalSince1970:))
        modified = try container.decodeIfPresent(String.self, forKey: .modified)
            .flatMap(Timestamp.parseRFC3339).map(Date.init(timeIntervalSince1970:))
        siteName = try container.decodeIfPresent(String.self, forKey: .siteName)
        description = try container.decodeIfPresent(String.self, forKey: .description)
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encodeIfPresent(canonicalURL, forKey: .canonicalURL)
        try container.encodeIfPresent(language, forKey: .language)
        try container.encodeIfPresent(direction, forKey: .direction)
        if !authors.isEmpty { try container.encode(authors, forKey: .authors) }
        try container.encodeIfPresent(published.map { Timestamp.rfc3339($0) }, forKey: .published)
        try container.encodeIfPresent(modified.map { Timestamp.rfc3339($0) }, forKey: .modified)
        try container.encodeIfPresent(siteName, forKey: .siteName)
        try container.encodeIfPresent(description, forKey: .description)
    }

    /// The stored form: compact JSON with sorted keys, `nil` when there is nothing to store.
    public var storedJSON: String? {
        guard !isEmpty else { return nil }
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return (try? encoder.encode(self)).map { String(decoding: $0, as: UTF8.self) }
    }

    /// Reads the stored form; `nil` or unreadable JSON gives empty metadata (a column written
    /// by a later release with fields this one does not know still reads).
    public init(storedJSON: String?) {
        guard let storedJSON, let decoded = try? JSONDecoder().decode(ArticleMetadata.self, from: Data(storedJSON.utf8)) else {
            self.init()
            return
        }
        self = decoded
    }
}
