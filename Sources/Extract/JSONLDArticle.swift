internal import Foundation

/// The schema.org article a page describes in its `<script type="application/ld+json">`
/// blocks: the first object typed `NewsArticle`, `Article`, `BlogPosting` (or another article
/// type Readability.js recognises), at the top level, in a top-level array or in `@graph`.
/// `{"@id": ...}` references to authors and publishers are followed within the same block.
///
/// Blocks are parsed with `JSONSerialization`; their size is bounded by `PageSignals`.
struct JSONLDArticle: Equatable {
    var authors: [String] = []
    var published: Date?
    var modified: Date?
    var publisher: String?
    var description: String?
    var language: String?
    var url: String?

    static let articleTypes: Set<String> = [
        "article", "advertisercontentarticle", "newsarticle", "analysisnewsarticle", "askpublicnewsarticle",
        "backgroundnewsarticle", "opinionnewsarticle", "reportagenewsarticle", "reviewnewsarticle", "report",
        "satiricalarticle", "scholarlyarticle", "medicalscholarlyarticle", "socialmediaposting", "blogposting",
        "liveblogposting", "discussionforumposting", "techarticle", "apireference",
    ]

    /// The first article found in `blocks`, or `nil`.
    static func first(in blocks: [String]) -> JSONLDArticle? {
        for block in blocks {
            guard let root = parse(block) else { continue }
            var objects: [[String: Any]] = []
            collect(root, into: &objects, depth: 0)
            var byID: [String: [String: Any]] = [:]
            for object in objects {
                if let id = object["@id"] as? String, byID[id] == nil { byID[id] = object }
            }
            if let article = objects.first(where: isArticle) {
                return JSONLDArticle(article, byID: byID)
            }
        }
        return nil
    }

    private init(_ object: [String: Any], byID: [String: [String: Any]]) {
        func resolved(_ value: Any) -> Any {
            if let reference = value as? [String: Any], reference.count == 1, let id = reference["@id"] as? String,
                let target = byID[id]
            {
                return target
            }
            return value
        }
        func name(_ value: Any) -> String? {
            if let text = value as? String {
                return Self.isURL(text) ? nil : Self.nonEmpty(text)
            }
            guard let person = resolved(value) as? [String: Any] else { return nil }
            if let text = person["name"] as? String { return Self.nonEmpty(text) }
            if let names = person["name"] as? [Any] { return names.lazy.compactMap { $0 as? String }.first.flatMap(Self.nonEmpty) }
            return nil
        }
        if let author = object["author"] {
            let people = author as? [Any] ?? [author]
            for person in people.prefix(32) {
                if let personName = name(person), !authors.contains(personName) { authors.append(personName) }
            }
        }
        published = Self.string(object["datePublished"]).flatMap(MetadataDate.parse)
        modified = Self.string(object["dateModified"]).flatMap(MetadataDate.parse)
        publisher = object["publisher"].flatMap(name)
        description = Self.string(object["description"])
        language = Self.string(object["inLanguage"])
        url = Self.string(object["url"]).flatMap { Self.isURL($0) ? $0 : nil }
    }

    private static func parse(_ block: String) -> Any? {
        var text = Substring(block)
        // CDATA markers and HTML comments some sites wrap the JSON in.
        for (open, close) in [("<![CDATA[", "]]>"), ("<!--", "-->")] {
            let trimmed = text.drop(while: \.isWhitespace)
            if trimmed.hasPrefix(open) {
                text = trimmed.dropFirst(open.count)
                if let end = text.range(of: close, options: .backwards) { text = text[..<end.lowerBound] }
            }
        }
        return try? JSONSerialization.jsonObject(with: Data(text.utf8), options: [.fragmentsAllowed])
    }

    /// Top-level objects, the items of a top-level array and of `@graph`, in order.
    private static func collect(_ value: Any, into objects: inout [[String: Any]], depth: Int) {
        guard depth < 3 else { return }
        if let array = value as? [Any] {
            for item in array.prefix(256) { collect(item, into: &objects, depth: depth + 1) }
        } else if let object = value as? [String: Any] {
            objects.append(object)
            if let graph = object["@graph"] { collect(graph, into: &objects, depth: depth + 1) }
        }
    }

    private static func isArticle(_ object: [String: Any]) -> Bool {
        let types = object["@type"].map { $0 as? [Any] ?? [$0] } ?? []
        return types.contains { type in
            guard var name = (type as? String)?.lowercased() else { return false }
            if let slash = name.lastIndex(where: { $0 == "/" || $0 == ":" }) { name = String(name[name.index(after: slash)...]) }
            return articleTypes.contains(name)
        }
    }

    private static func string(_ value: Any?) -> String? {
        (value as? String).flatMap(nonEmpty)
    }

    /// Collapsed, with HTML references decoded (script text is raw, so `&amp;` stays in it).
    private static func nonEmpty(_ text: String) -> String? {
        let collapsed = text.contains("&") ? HTMLText.plainText(text) : Whitespace.collapsed(text)
        return collapsed.isEmpty ? nil : collapsed
    }

    private static func isURL(_ text: String) -> Bool {
        text.hasPrefix("http://") || text.hasPrefix("https://") || text.hasPrefix("//")
    }
}
