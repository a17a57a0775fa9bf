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

    /// Whether the input is worth keeping beside the text, to extract it again with what its
    /// source learns later (`syncctl reextract`): a page dump. Clean text is its stored text but
    /// for whitespace; HTML pages are not kept (on the benchmark's folder, a fifth of it HTML,
    /// keeping them cost ~5% more CPU per ingest and a fifth more store), and the model does
    /// not apply to them.
    public var keepsInput: Bool { pageLines != nil }
}
