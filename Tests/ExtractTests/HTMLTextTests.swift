import Foundation
@testable import Extract
import Testing

/// A feed entry's HTML as text: the fragments with paragraphs and line breaks only are read
/// without libxml2, and must come out exactly as the parser gives them.
@Suite("Entry HTML as text")
struct HTMLTextTests {
    static let paragraphs: [String] = [
        "<p>قال المتحدث إن الحملة مستمرة</p>",
        "<p>الفقرة الأولى.</p><p>الفقرة الثانية،   مع\tمسافات\nوأسطر</p>",
        "  <p>a</p>\n\n<p>b</p>  ",
        "before<p>inside</p>after",
        "<p>one<br>two<br/>three<br />four</p>",
        "<p></p><p>   </p><p>x</p>",
        "<p>a > b, c</p>",
        "<p>unclosed<p>nested",
        "</p>stray close<p>",
        "<p>line\r\nbreaks\rand\u{00A0}nbsp\u{200B}zero width</p>",
        "<p>\u{2028}separator\u{3000}ideographic</p>",
        "<br>",
        "<p>emoji 🙂 and 中文 text</p>",
    ]

    @Test("paragraphs and line breaks read without the parser give the parser's text", arguments: paragraphs)
    func sameAsParser(_ html: String) throws {
        let fast = try #require(HTMLText.paragraphsText(Array(html.utf8)), "read without the parser")
        #expect(fast == HTMLText.parsedText(Array(html.utf8)))
        #expect(HTMLText.plainText(html) == fast)
    }

    static let others: [String] = [
        "<p>a &amp; b</p>", "<p>a <b>bold</b> b</p>", "<P>upper</P>", "<p class=\"x\">attribute</p>", "<p>a<script>x()</script></p>",
        "<p>bell\u{07}</p>", "<p>\u{FEFF}mark</p>", "<p>c1\u{0085}control</p>", "<p>nonchar\u{FFFF}</p>", "<p>a < b</p>", "<!-- c --><p>x</p>",
    ]

    @Test("any other markup, a reference or a character the parser may change goes through the parser", arguments: others)
    func otherMarkupParsed(_ html: String) {
        #expect(HTMLText.paragraphsText(Array(html.utf8)) == nil)
        #expect(HTMLText.plainText(html) == HTMLText.parsedText(Array(html.utf8)))
    }
}
