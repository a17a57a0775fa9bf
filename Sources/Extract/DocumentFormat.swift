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
        // On the bytes, without copies: a walk asks this of every file it lists.
        let bytes = name.utf8
        let base = bytes.lastIndex(of: UInt8(ascii: "/")).map { bytes.index(after: $0) } ?? bytes.startIndex
        guard let dot = bytes[base...].lastIndex(of: UInt8(ascii: ".")), dot != base else { return nil }
        let suffix = bytes[bytes.index(after: dot)...]
        func isExtension(_ candidate: StaticString) -> Bool {
            guard suffix.count == candidate.utf8CodeUnitCount else { return false }
            var i = 0
            for byte in suffix {
                // ASCII letters compared case-insensitively; anything else must match exactly.
                let lower = byte >= 0x41 && byte <= 0x5A ? byte | 0x20 : byte
                if lower != candidate.utf8Start[i] { return false }
                i += 1
            }
            return true
        }
        if isExtension("txt") {
            self = .text
        } else if isExtension("md") || isExtension("markdown") {
            self = .markdown
        } else if isExtension("html") || isExtension("htm") || isExtension("xhtml") {
            self = .html
        } else {
            return nil
        }
    }
}
