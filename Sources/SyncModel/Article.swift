/// The text a source yields for one document: what is stored and fingerprinted.
public struct Article: Sendable, Equatable {
    public var title: String
    public var text: String

    public init(title: String, text: String) {
        self.title = title
        self.text = text
    }

    /// The stored form: the title on the first line, a blank line, then the text.
    public var storedText: String {
        title.isEmpty ? text : title + "\n\n" + text
    }
}
