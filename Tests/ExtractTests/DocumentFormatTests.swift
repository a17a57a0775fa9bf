import Extract
@testable import Feeds
@testable import Folders
@testable import TextEncoding
import Testing

@Suite("Document formats")
struct DocumentFormatTests {
    @Test(
        "extensions map to formats, case-insensitively",
        arguments: [
            ("a.txt", DocumentFormat.text), ("A.TXT", .text), ("notes.md", .markdown), ("x.Markdown", .markdown),
            ("page.html", .html), ("page.HTM", .html), ("doc.xhtml", .html), ("dir/sub.d/news.Html", .html),
            ("أخبار/خبر.TXT", .text), ("ملف.مد.md", .markdown),
        ])
    func known(name: String, format: DocumentFormat) {
        #expect(DocumentReader.format(forFileName: name) == format)
    }

    @Test(
        "other files are skipped",
        arguments: ["a.pdf", "README", ".txt", "archive.txt.gz", "x.html~", "dir.md/file", "", "a.", "a.tx", "a.txtt", "dir/.md", "خبر.نص"])
    func skipped(name: String) {
        #expect(DocumentReader.format(forFileName: name) == nil)
    }
}
