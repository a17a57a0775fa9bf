import Extract
@testable import Feeds
@testable import Folders
@testable import TextEncoding
import SyncModel
import Testing

@Suite("Plain text and Markdown")
struct PlainTextExtractionTests {
    let reader = DocumentReader(maxFileSize: 1 << 20)

    func read(_ text: String, _ format: DocumentFormat) throws -> Article {
        try reader.read(bytes: Array(text.utf8), fileName: "doc", format: format)
    }

    @Test("lines are tidied: trailing whitespace trimmed, blank runs collapsed, blank ends dropped")
    func tidy() throws {
        let article = try read("Title\t \n\n\n\nOne  \ntwo\t\n\n\n\nthree\n\n\n", .text)
        #expect(article == Article(title: "Title", text: "One\ntwo\n\nthree"))
    }

    @Test("a single line is a title without text")
    func titleOnly() throws {
        #expect(try read("  Just a title  ", .text) == Article(title: "Just a title", text: ""))
    }

    @Test(
        "Markdown drops the heading marker from the title",
        arguments: [
            ("# عنوان\n\nنص", "عنوان"), ("### Deep heading ###\ntext", "Deep heading"), ("#hashtag\ntext", "#hashtag"),
            ("Setext title\n============\n\ntext", "Setext title"), ("####### seven\ntext", "####### seven"),
        ])
    func markdownTitle(source: String, title: String) throws {
        let article = try read(source, .markdown)
        #expect(article.title == title)
        #expect(article.text == "text" || article.text == "نص")
    }

    @Test("a text file keeps its leading # in the title")
    func textKeepsHash() throws {
        #expect(try read("# not markdown\nbody", .text).title == "# not markdown")
    }

    @Test("Markdown front matter is skipped and its title used")
    func frontMatter() throws {
        let article = try read("---\ntitle: \"From front matter\"\ndate: 2024-01-01\n---\n\n# Heading\n\nBody text.", .markdown)
        #expect(article == Article(title: "From front matter", text: "# Heading\n\nBody text."))
    }
}
