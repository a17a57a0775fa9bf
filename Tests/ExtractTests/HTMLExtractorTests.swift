import Extract
@testable import Feeds
@testable import Folders
@testable import TextEncoding
import SyncModel
import Testing

@Suite("HTML extraction rules")
struct HTMLExtractorTests {
    let extractor = HTMLExtractor()

    func extract(_ html: String) -> Article {
        extractor.extract(html: Array(html.utf8), charset: nil)
    }

    static let paragraphs = [
        "The council met on Tuesday evening to discuss the new budget, which has been delayed twice this year.",
        "Members argued about the cost of road repairs, the school roof, and the long-promised library extension.",
        "After three hours, they agreed to postpone the vote until the auditors, who were absent, could report.",
    ]

    static var body: String { paragraphs.map { "<p>\($0)</p>" }.joined(separator: "\n") }

    @Test("og:title wins over h1 and title")
    func openGraphTitle() {
        let article = extract(
            """
            <html><head><title>Site | Page</title><meta property="og:title" content="  The  OG   title "></head>
            <body><h1>The heading</h1><article>\(Self.body)</article></body></html>
            """)
        #expect(article.title == "The OG title")
        #expect(article.text == Self.paragraphs.joined(separator: "\n\n"))
    }

    @Test("the h1 inside the content wins over an earlier one (a logo)")
    func headingInContent() {
        let article = extract(
            """
            <html><head><title>Budget delayed - Example News</title></head><body>
            <div class="logo"><h1><a href="/">Example News</a></h1></div>
            <div class="story"><h1>Budget   vote
            postponed</h1>\(Self.body)</div></body></html>
            """)
        #expect(article.title == "Budget vote postponed")
        #expect(article.text == Self.paragraphs.joined(separator: "\n\n"))
    }

    @Test("without og:title or h1, the title element")
    func titleElement() {
        let article = extract("<html><head><title> Budget\ndelayed </title></head><body><div>\(Self.body)</div></body></html>")
        #expect(article.title == "Budget delayed")
    }

    @Test("the title is not repeated as the first paragraph")
    func titleNotRepeated() {
        let article = extract(
            """
            <html><head><meta property="og:title" content="Budget vote postponed"></head><body>
            <div class="content"><p>Budget vote postponed</p>\(Self.body)</div></body></html>
            """)
        #expect(article.text == Self.paragraphs.joined(separator: "\n\n"))
    }

    @Test("headline lists, related links, share bars and footers stay out")
    func chrome() {
        let links = (1...8).map { "<li><a href=\"/n/\($0)\">Other headline number \($0) about something</a></li>" }.joined()
        let article = extract(
            """
            <html><body>
            <div id="mainMenu"><ul>\(links)</ul></div>
            <div class="breadcrumbs"><a href="/">Home</a> › <a href="/city">City</a></div>
            <div class="article-body">
              <div class="share-bar">Share this on Facebook, Twitter and WhatsApp</div>
              \(Self.body)
              <ul>\(links)</ul>
              <div class="newsletter">Subscribe to our newsletter, it is free, weekly and useful.</div>
            </div>
            <div class="sidebar"><h3>Most read</h3><p>A long sidebar teaser that talks, at some length, about another story entirely.</p></div>
            <div id="footer">© 2024 Example News, Main Street 1, Example City. All rights reserved.</div>
            </body></html>
            """)
        #expect(article.text == Self.paragraphs.joined(separator: "\n\n"))
    }

    @Test("list items, subheadings, quotes and table cells inside the content are kept, in order")
    func blocks() {
        let article = extract(
            """
            <html><body><article>
            <p>\(Self.paragraphs[0])</p>
            <h2>What   was decided</h2>
            <ul><li>Road repairs: postponed</li><li>School roof: approved</li></ul>
            <blockquote>"We cannot wait another winter," said the mayor, clearly annoyed.</blockquote>
            <table><tr><td>Cost</td><td>1.2 million</td></tr></table>
            <p>\(Self.paragraphs[1])</p>
            </article></body></html>
            """)
        #expect(
            article.text
                == [
                    Self.paragraphs[0], "What was decided", "Road repairs: postponed", "School roof: approved",
                    "\"We cannot wait another winter,\" said the mayor, clearly annoyed.", "Cost", "1.2 million", Self.paragraphs[1],
                ].joined(separator: "\n\n"))
    }

    @Test("a heading over a dropped headline list goes with it")
    func orphanHeading() {
        let related = (1...5).map { "<li><a href=\"/r/\($0)\">Related story \($0) with a long headline</a></li>" }.joined()
        let article = extract("<html><body><div class=\"text\">\(Self.body)<h3>More on this</h3><ul>\(related)</ul></div></body></html>")
        #expect(article.text == Self.paragraphs.joined(separator: "\n\n"))
    }

    @Test("bylines and update stamps before the text are dropped")
    func dateLines() {
        let article = extract(
            """
            <html><body><div class="post"><div>Updated 12.03.2024, 10:45</div>\(Self.body)<p>Posted 2024-03-12</p></div></body></html>
            """)
        #expect(article.text == Self.paragraphs.joined(separator: "\n\n"))
    }

    @Test("entities are decoded, whitespace collapsed, invisible characters dropped")
    func whitespace() {
        let article = extract(
            """
            <html><body><div class="content"><p>Caf&eacute; &amp; bar:\u{00A0}\u{00A0} a\u{00AD}ble  \n\t to\u{200B}day,
            the owners said, &#x645;&#x631;&#x62D;&#x628;&#x627; and more text to make this a paragraph.</p></div></body></html>
            """)
        #expect(article.text == "Café & bar: able today, the owners said, مرحبا and more text to make this a paragraph.")
    }

    @Test("a page without a clear content block falls back to its non-link text")
    func fallback() {
        let article = extract("<html><body>Short note.<br><a href=\"/a\">a link</a><br>Another line.</body></html>")
        #expect(article.text == "Short note.\n\nAnother line.")
    }

    @Test("content only served in noscript is used when the page has nothing else")
    func noscriptFallback() {
        let article = extract("<html><body><div id=\"app\"></div><noscript><div>\(Self.body)</div></noscript></body></html>")
        #expect(article.text == Self.paragraphs.joined(separator: "\n\n"))
    }

    @Test("scripts, styles, forms and hidden elements never show")
    func invisible() {
        let article = extract(
            """
            <html><head><style>p { color: red }</style></head><body><div class="entry">
            <script>document.write("script text")</script>\(Self.body)
            <div style="display: none">hidden text that is long enough to count as a paragraph, surely.</div>
            <div hidden>also hidden, and also long enough to be a paragraph of its own.</div>
            <form><label>Name</label><input value="x"><button>Send</button><select><option>One</option></select></form>
            <svg><text>svg text</text></svg><template><p>template text</p></template>
            </div></body></html>
            """)
        #expect(article.text == Self.paragraphs.joined(separator: "\n\n"))
    }

    @Test("Arabic text keeps its commas and the Arabic comma counts toward scoring")
    func arabic() {
        let text = "قال المرصد السوري لحقوق الإنسان، وهو هيئة معارضة مقرها لندن، إن مقاتلين سيطروا على مستودعات للذخيرة، وذلك بعد اشتباكات عنيفة."
        let links = (1...6).map { "<li><a href=\"/a/\($0)\">عنوان خبر آخر رقم \($0) في القائمة</a></li>" }.joined()
        let article = extract(
            """
            <html dir="rtl"><body><div class="menu"><ul>\(links)</ul></div>
            <div><div>\(text)</div><div>\(text)</div></div><div><ul>\(links)</ul></div></body></html>
            """)
        #expect(article.text == "\(text)\n\n\(text)")
    }
}
