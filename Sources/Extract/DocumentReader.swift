import TextEncoding
public import SyncModel

/// Turns a document's bytes into an `Article`: checks its size, decodes it and extracts title
/// and text according to its format. Reading files is `Folders`' business
/// (`DocumentReader.read(path:)`).
///
/// Every error it throws is a `SyncError` whose `location` is the path (or file name) and
/// whose message says what is wrong: "file is 12.3 MiB, over the 10 MiB limit",
/// "binary content (NUL byte at offset 123)", "empty file", "no text after extraction",
/// "not valid UTF-8 (first bad byte at offset 77) and no charset declared", or the
/// system's reason ("Permission denied").
public struct DocumentReader: Sendable {
    /// Files larger than this many bytes are refused without being read.
    public let maxFileSize: Int
    /// Hashes of the lines the document's source is known to repeat as chrome
    /// (`SourceChromeModel.knownChrome`), dropped from page dumps; empty for none.
    public var knownChrome: Set<UInt64>

    /// Creates a reader.
    ///
    /// - Parameters:
    ///   - maxFileSize: The largest file accepted, in bytes (callers pass 10 MiB).
    ///   - knownChrome: The source's known chrome lines, for page dumps.
    public init(maxFileSize: Int, knownChrome: Set<UInt64> = []) {
        self.maxFileSize = maxFileSize
        self.knownChrome = knownChrome
    }

    /// The format a file name stands for, by extension, case-insensitive.
    ///
    /// - Parameter name: A file name or path.
    /// - Returns: `.text` for `.txt`, `.markdown` for `.md`/`.markdown`, `.html` for
    ///   `.html`/`.htm`/`.xhtml`; `nil` for files that are skipped.
    public static func format(forFileName name: String) -> DocumentFormat? {
        DocumentFormat(fileName: name)
    }

    /// Decodes and extracts a document already in memory.
    ///
    /// - Parameters:
    ///   - bytes: The document's bytes.
    ///   - fileName: The name used as the error location.
    ///   - format: How to extract title and text.
    /// - Returns: The article's title and text.
    /// - Throws: `SyncError` with `location` = `fileName`: `.tooLarge` over `maxFileSize`;
    ///   `.empty` for a file without any non-whitespace ("empty file") or without text once
    ///   extracted ("no text after extraction"); `.binary` for NUL bytes outside UTF-16;
    ///   `.undecodable` for bytes that are neither UTF-8 nor valid in a declared charset.
    public func read(bytes: [UInt8], fileName: String, format: DocumentFormat) throws(SyncError) -> Article {
        try document(bytes: bytes, fileName: fileName, format: format).article
    }

    /// Decodes and extracts a document as `read(bytes:fileName:format:)` does, and says whether
    /// it was a page dump and which lines it had (what its source's chrome model counts).
    /// - Throws: What `read(bytes:fileName:format:)` throws.
    public func document(bytes: [UInt8], fileName: String, format: DocumentFormat) throws(SyncError) -> ExtractedDocument {
        if bytes.count > maxFileSize {
            throw SyncError(.tooLarge, ByteSize.overLimitMessage(size: bytes.count, limit: maxFileSize), location: fileName)
        }
        return try extract(bytes, format: format, location: fileName)
    }

    /// The extractor of `.txt` and `.md` files, with the source's known chrome.
    func textExtractor(markdown: Bool) -> PlainTextExtractor {
        PlainTextExtractor(markdown: markdown, pageDumps: PageDumpExtractor(knownChrome: knownChrome))
    }

    private func extract(_ bytes: [UInt8], format: DocumentFormat, location: String) throws(SyncError) -> ExtractedDocument {
        if bytes.allSatisfy({ $0 == 0x20 || $0 == 0x09 || $0 == 0x0A || $0 == 0x0D || $0 == 0x0C }) {
            throw SyncError(.empty, "empty file", location: location)
        }
        // Text is decoded straight to a String (validated once); HTML to the bytes libxml2 reads.
        enum Decoded {
            case text(String)
            case html([UInt8])
        }
        let decoded: Decoded
        do throws(SyncError) {
            decoded =
                format == .html
                ? .html(try TextDecoder.decodeToUTF8(bytes, declaredCharset: CharsetSniffer.declaredCharset(in: bytes)))
                : .text(try TextDecoder.decode(bytes, declaredCharset: nil))
        } catch {
            throw SyncError(error.code, error.message, location: location, cause: error.cause)
        }
        let article: Article
        var lines: [PageLine]?
        switch decoded {
        case .text(let text):
            guard Whitespace.hasContent(text) else { throw SyncError(.empty, "empty file", location: location) }
            let (extracted, pageDump) = textExtractor(markdown: format == .markdown).extractExplained(text)
            article = extracted
            lines = pageDump.map { SourceChromeModel.lines(of: $0.blocks) }
        case .html(let utf8):
            guard Whitespace.hasContent(utf8) else { throw SyncError(.empty, "empty file", location: location) }
            article = HTMLExtractor().extract(utf8: utf8)
        }
        let hasText = format == .html ? !article.text.isEmpty : !(article.text.isEmpty && article.title.isEmpty)
        guard hasText else {
            throw SyncError(.empty, "no text after extraction", location: location)
        }
        return ExtractedDocument(article: article, pageLines: lines)
    }
}
