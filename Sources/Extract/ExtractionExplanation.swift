import TextEncoding
public import SyncModel

/// How a text document's title and text were found: for a page dump, every block with what
/// was decided about it and why (`syncctl extract --explain`).
public struct ExtractionExplanation: Sendable {
    /// One block of the document and its decision.
    public struct Block: Sendable, Equatable {
        /// The block's text (wrapped lines joined).
        public var text: String
        /// Whether the block is in the extracted title or text.
        public var kept: Bool
        /// `title`, `kicker`, `body` or `chrome`; `text` for clean text.
        public var role: String
        /// Why, in a few words.
        public var reason: String
    }

    /// The extracted article, exactly as `DocumentReader.read` returns it.
    public var article: Article
    /// Whether the document was read as a page dump (else as clean text, or as HTML).
    public var pageDump: Bool
    /// The page dump's blocks in order; empty for clean text and HTML.
    public var blocks: [Block]
}

extension DocumentReader {
    /// Reads a document as `read(bytes:fileName:format:)` does and says how its article was found.
    ///
    /// - Parameters:
    ///   - bytes: The document's bytes.
    ///   - fileName: The name used as the error location.
    ///   - format: How to extract title and text.
    /// - Returns: The article and, for a text or Markdown page dump, its blocks' decisions.
    /// - Throws: What `read(bytes:fileName:format:)` throws.
    public func explain(bytes: [UInt8], fileName: String, format: DocumentFormat) throws(SyncError) -> ExtractionExplanation {
        let article = try read(bytes: bytes, fileName: fileName, format: format)
        guard format != .html, let utf8 = try? TextDecoder.decodeToUTF8(bytes, declaredCharset: nil) else {
            return ExtractionExplanation(article: article, pageDump: false, blocks: [])
        }
        var extractor = textExtractor(markdown: format == .markdown)
        extractor.pageDumps?.classifier.explains = true
        guard let dump = extractor.extractExplained(String(decoding: utf8, as: UTF8.self)).pageDump else {
            return ExtractionExplanation(article: article, pageDump: false, blocks: [])
        }
        let blocks = zip(dump.blocks, dump.decisions).map { block, decision in
            ExtractionExplanation.Block(
                text: String(block.text), kept: decision.role == .title || decision.role == .body,
                role: decision.role.rawValue, reason: decision.reason)
        }
        return ExtractionExplanation(article: article, pageDump: true, blocks: blocks)
    }
}
