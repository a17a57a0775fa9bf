public import SyncModel

extension ParsedEntry {
    /// What the entry says about its article, stored beside each version: the authors' names,
    /// the published and updated times, the entry's link as its canonical URL, and the feed's
    /// language.
    ///
    /// - Parameter language: The feed's language (`<language>`, `xml:lang`, JSON Feed `language`).
    public func metadata(language: String?) -> ArticleMetadata {
        var names: [String] = []
        for person in authorDetails {
            if let name = person.displayName, !names.contains(name) { names.append(name) }
        }
        if names.isEmpty { names = authors }
        return ArticleMetadata(canonicalURL: link, language: language, authors: names, published: published, modified: updated)
    }
}
