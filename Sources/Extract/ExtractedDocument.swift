public import SyncModel

/// A document's article and what its source's chrome model learns from it.
public struct ExtractedDocument: Sendable {
    public var article: Article
    /// For a `.txt` or `.md` file read as a page dump: its lines, each once
    /// (`SourceChromeModel`); `nil` for clean text and HTML.
    public var pageLines: [PageLine]?

    public init(article: Article, pageLines: [PageLine]?) {
        self.article = article
        self.pageLines = pageLines
    }

    /// Whether extraction dropped more than whitespace, so that the input is worth keeping
    /// beside the text to extract it again (`syncctl reextract`): a page dump or an HTML page.
    public func keepsInput(format: DocumentFormat) -> Bool {
        pageLines != nil || format == .html
    }
}
