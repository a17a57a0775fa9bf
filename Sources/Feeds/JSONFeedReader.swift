internal import Foundation
internal import SyncModel

/// Reads JSON Feed 1.0 and 1.1 (https://jsonfeed.org/version/1.1).
enum JSONFeedReader {
    /// - Throws: `SyncError` `.undecodable` when the bytes are not JSON, `.unsupported` when
    ///   the JSON is not an object with an `items` array.
    static func read(_ utf8: [UInt8], baseURL: String?) throws(SyncError) -> ParsedFeed {
        let object: Any
        do {
            object = try JSONSerialization.jsonObject(with: Data(utf8), options: [.fragmentsAllowed])
        } catch {
            throw SyncError(.undecodable, "not valid JSON: \(error.localizedDescription)")
        }
        guard let root = object as? [String: Any] else {
            throw SyncError(.unsupported, "JSON but not a JSON Feed (top level is not an object)")
        }
        let version = root["version"] as? String
        guard root["items"] is [Any] || version?.contains("jsonfeed.org") == true else {
            throw SyncError(.unsupported, "JSON but not a JSON Feed (no version or items)")
        }
        let feedURL = (root["feed_url"] as? String) ?? baseURL
        var feed = ParsedFeed()
        let number = version?.split(separator: "/").last.flatMap { $0.allSatisfy { $0.isNumber || $0 == "." } ? $0 : nil }
        feed.format = number.map { "JSON Feed \($0)" } ?? "JSON Feed"
        feed.title = string(root["title"])
        feed.link = string(root["home_page_url"]).map { RelativeURIResolver.resolve($0, against: feedURL) }
        feed.language = string(root["language"])
        let feedAuthors = authors(root)
        for case let item as [String: Any] in root["items"] as? [Any] ?? [] {
            var entry = ParsedEntry()
            entry.id = string(item["id"]) ?? (item["id"] as? NSNumber).map { $0.stringValue }
            entry.title = string(item["title"])
            entry.link = (string(item["url"]) ?? string(item["external_url"])).map { RelativeURIResolver.resolve($0, against: feedURL) }
            entry.published = string(item["date_published"]).flatMap(FeedDate.parse)
            entry.updated = string(item["date_modified"]).flatMap(FeedDate.parse)
            let itemAuthors = authors(item)
            entry.authorDetails = itemAuthors.isEmpty ? feedAuthors : itemAuthors
            entry.authors = entry.authorDetails.compactMap { $0.name ?? $0.url }
            entry.summary = string(item["summary"])
            entry.content = string(item["content_html"]) ?? string(item["content_text"])
            feed.entries.append(entry)
        }
        return feed
    }

    /// 1.1's `authors` array, else 1.0's `author` object.
    private static func authors(_ object: [String: Any]) -> [FeedPerson] {
        var people = object["authors"] as? [Any] ?? []
        if people.isEmpty, let author = object["author"] { people = [author] }
        return people.compactMap { person in
            guard let person = person as? [String: Any] else { return nil }
            let detail = FeedPerson(name: string(person["name"]), url: string(person["url"]))
            return detail.name == nil && detail.url == nil ? nil : detail
        }
    }

    private static func string(_ value: Any?) -> String? {
        guard let text = value as? String else { return nil }
        let trimmed = text.trimmingCharacters(in: .whitespacesAndNewlines)
        return trimmed.isEmpty ? nil : trimmed
    }
}
