/// How a document's bytes are turned into an `Article`.
public enum DocumentFormat: String, Sendable {
    /// Plain text: the first non-blank line is the title.
    case text
    /// Markdown: like plain text, with the heading marker dropped from the title.
    case markdown
    /// HTML or XHTML: the main text is extracted from the page, its chrome dropped.
    case html

    /// The format a file name stands for, from its extension (case-insensitive).
    ///
    /// - Parameter name: A file name or path.
    /// - Returns: `.text` for `.txt`, `.markdown` for `.md` and `.markdown`, `.html` for
    ///   `.html`, `.htm` and `.xhtml`; `nil` for anything else, which callers skip.
    init?(fileName name: String) {
        let base = name.split(separator: "/", omittingEmptySubsequences: false).last ?? Substring(name)
        guard let dot = base.lastIndex(of: "."), dot != base.startIndex else { return nil }
        switch base[base.index(after: dot)...].lowercased() {
        case "txt": self = .text
        case "md", "markdown": self = .markdown
        case "html", "htm", "xhtml": self = .html
        default: return nil
        }
    }
}
