/// The text a source yields for one document: what is stored and fingerprinted.
public struct Article: Sendable, Equatable {
    public var title: String
    public var text: String
    /// What the source says about the article (author, dates, canonical URL...). Stored
    /// beside each version; never part of `storedText`, so it never changes a fingerprint.
    public var metadata: ArticleMetadata

    public init(title: String, text: String, metadata: ArticleMetadata = ArticleMetadata()) {
        self.title = title
        self.text = text
        self.metadata = metadata
    }

    /// The stored form: the title on the first line, a blank line, then the text.
    public var storedText: String {
        title.isEmpty ? text : title + "\n\n" + text
    }
}
