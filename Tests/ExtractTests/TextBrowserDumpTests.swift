@testable import Extract
import SyncModel
import Testing

/// Pages saved by a text browser (`w3m -dump`, 80 columns): menus as list items, search boxes
/// and buttons in brackets, paragraphs wrapped at the width.
@Suite("Text-browser page dumps")
struct TextBrowserDumpTests {
    /// Words wrapped at `width` columns, as w3m wraps a paragraph.
    static func wrap(_ paragraph: String, width: Int = 79) -> [String] {
        var lines: [String] = []
        var line = ""
        for word in paragraph.split(separator: " ") {
            if !line.isEmpty, line.count + 1 + word.count > width {
                lines.append(line)
                line = ""
            }
            line += line.isEmpty ? String(word) : " " + word
        }
        if !line.isEmpty { lines.append(line) }
        return lines
    }

    /// A page as w3m dumps it: the site's name, a menu, the logo and a search box, the
    /// headline, the paragraphs wrapped, a share menu.
    static func page(
        site: String, menu: [String], search: String, headline: String, paragraphs: [String], share: [String]
    )
        -> String
    {
        var lines = [site, ""] + menu.map { "  • " + $0 } + ["", "[logo]", search, "", headline, ""]
        for paragraph in paragraphs { lines += wrap(paragraph) + [""] }
        lines += ["Share:", ""] + share.map { "  • " + $0 }
        return lines.joined(separator: "\n") + "\n"
    }

    static let english = [
        "The city council voted on Tuesday to close the old harbour bridge for repairs that are expected to "
            + "last until the end of next year, and it asked the regional government to pay for a temporary ferry "
            + "service for the people who cross it every day.",
        "The mayor said that the bridge had been inspected twice in the last month and that the engineers "
            + "found cracks in two of its supports, which is why the council decided not to wait for the summer "
            + "before starting the work.",
    ]
    static let arabic = [
        "قرر المجلس البلدي يوم الثلاثاء غلق الجسر القديم في الميناء من أجل أشغال صيانة من المنتظر أن تتواصل "
            + "إلى نهاية السنة القادمة، وطلب من الحكومة الجهوية تمويل خدمة عبارة مؤقتة للمواطنين الذين يعبرونه كل "
            + "يوم.",
        "وقال رئيس البلدية إن الجسر خضع للمعاينة مرتين خلال الشهر الماضي وإن المهندسين وجدوا شقوقا في اثنين "
            + "من أعمدته، وهو ما دفع المجلس إلى عدم انتظار فصل الصيف قبل بدء الأشغال.",
    ]

    @Test("a page with list items and bracketed fields among its first blocks is a page dump, though it opens like a title over a paragraph")
    func renderedControls() {
        let pages = [
            (
                Self.page(
                    site: "Harbour Town News", menu: ["Home", "Politics"], search: "Search: [                    ] [Search]",
                    headline: "Council closes the harbour bridge for repairs", paragraphs: Self.english, share: ["Twitter", "Facebook"]),
                "Council closes the harbour bridge for repairs", Self.english
            ),
            (
                Self.page(
                    site: "أخبار المدينة اليوم", menu: ["الرئيسية", "سياسة"], search: "بحث: [                    ] [بحث]",
                    headline: "المجلس البلدي يغلق جسر الميناء من أجل الصيانة", paragraphs: Self.arabic, share: ["فيسبوك", "تويتر"]),
                "المجلس البلدي يغلق جسر الميناء من أجل الصيانة", Self.arabic
            ),
        ]
        for (page, headline, paragraphs) in pages {
            let article = PlainTextExtractor(markdown: false).extract(page)
            #expect(article.title == headline)
            // The wrapped lines are joined back: each paragraph is one.
            #expect(article.text == paragraphs.joined(separator: "\n\n"))
        }
    }

    @Test("bracketed footnote numbers are no page controls; fields, buttons, checkboxes and images are")
    func controls() {
        for line: Substring in ["[                    ]", "[ ] Notify me of new posts", "Search: [     ] [Go]", "[logo]", "• Home", "□ Sub-menu"] {
            #expect(DumpBlock.showsControl(line), "\(line)")
        }
        for line: Substring in ["As shown in [1] and [23], the method works.", "Plain words only.", "[12]", "* a typed list item", "- another"] {
            #expect(!DumpBlock.showsControl(line), "\(line)")
        }
    }

    @Test("clean text with a bracket or a single list item keeps its first line as the title")
    func cleanTextStaysClean() {
        let paragraph = Self.english[0]
        for text in [
            "Harbour bridge repairs\n\nSee [1] for the report.\n\n" + paragraph + "\n\n" + Self.english[1],
            "Harbour bridge repairs\n\n• one point\n\n" + paragraph + "\n\n" + Self.english[1],
        ] {
            let article = PlainTextExtractor(markdown: false).extract(text)
            #expect(article == PlainTextExtractor(markdown: false, pageDumps: nil).extract(text))
        }
    }

    @Test("a paragraph wrapped at 80 columns is joined even when menu items make most of the page's lines")
    func wrappedAmongMenus() {
        let menu = (0..<40).map { "  • Section \($0)" }
        let lines = Self.wrap(Self.english[0] + " " + Self.english[1])
        #expect(lines.count >= 4)
        let blocks = DumpBlock.blocks(of: (menu + [""] + lines + [""] + menu).map { Substring($0) }[...])
        #expect(blocks.contains { $0.text == Substring(Self.english[0] + " " + Self.english[1]) })
    }

    @Test("the wrap width is found past a line no browser could wrap (a long URL) and under a long menu over a short post")
    func wrapWidthPastOutliersAndMenus() {
        let headline = "Council closes the harbour bridge for repairs"
        let menu = (0..<60).map { "  • Section \($0)" }
        let teasers = (0..<20).map { "  • Ferry timetables for the islands and the harbour, part \($0)" }
        var lines = ["Harbour Town News", ""] + menu + ["", "[logo]", "Search: [          ] [Search]", "", headline, ""]
        for paragraph in Self.english { lines += Self.wrap(paragraph) + [""] }
        lines += ["Read next:", ""] + teasers + [""]
        let url = "https://harbour-town-news.example.org/2024/05/council-closes-the-harbour-bridge-for-repairs-until-next-year"
        for page in [lines, lines + [url]] {
            let article = PlainTextExtractor(markdown: false).extract(page.joined(separator: "\n") + "\n")
            #expect(article.title == headline)
            #expect(article.text == Self.english.joined(separator: "\n\n"))
        }
    }

    @Test("lines of a page with a paragraph per line are not joined at the width of its headline list")
    func noWrapWidthFromHeadlines() {
        let headlines = [
            "The council closes the old harbour bridge for a year of repairs", "The ferry service will run every hour during the works",
            "Cyclists may take the ferry for free until the bridge reopens", "Engineers found cracks in two supports of the old bridge",
            "Shops near the harbour fear losing customers during the works", "The regional government has not agreed to pay yet",
        ]
        let lines = ["Menu", "Search"] + headlines + [Self.english[0] + " " + Self.english[1], "Share", "Twitter"] + headlines
        let blocks = DumpBlock.blocks(of: lines.map { Substring($0) }[...])
        #expect(blocks.map(\.text) == lines.map { Substring($0) })
    }

    @Test("in a language without a stop-word list, the paragraphs are the text (Polish)")
    func unlistedLanguage() {
        let polish = [
            "Ostra debata w Sejmie przybliżyła Polskę do zatwierdzenia decyzji o zasobach własnych Unii "
                + "Europejskiej, a Koalicji Obywatelskiej nie udało się przełożyć głosowania na kolejne posiedzenie "
                + "izby, choć jej posłowie długo o to zabiegali.",
            "Ostatecznie większość posłów głosowała za rządowym projektem ustawy w tej sprawie, przeciwko było "
                + "tylko kilkudziesięciu, a ponad stu wstrzymało się od głosu, co zamknęło wielotygodniowy spór między "
                + "rządem a opozycją.",
            "Ciężar dyskusji przeniesie się teraz na monitorowanie wydawania środków europejskich przez "
                + "specjalnie powołany komitet monitorujący, w którym mają zasiąść przedstawiciele samorządów, "
                + "organizacji pozarządowych oraz pracodawców.",
        ]
        let page = Self.page(
            site: "REKLAMA", menu: ["Wydarzenia", "Ekonomia", "Prawo"], search: "Szukaj: [          ]",
            headline: "Sejm zagłosował za unijnymi funduszami", paragraphs: polish, share: ["Facebook", "Twitter"])
        let article = PlainTextExtractor(markdown: false).extract(page)
        #expect(article.text == polish.joined(separator: "\n\n"))
    }

    @Test("the article ends at its comment section: the comments' paragraphs are not the text, a Related box inside a long story ends nothing")
    func articleEnd() {
        let comment =
            "I cross that bridge every morning on my way to work and I have noticed the cracks myself, so I am glad "
            + "that the council finally decided to do something about it before the summer."
        var lines = [
            "Harbour Town News", "", "  • Home", "  • Politics", "", "[logo]", "Search: [          ] [Search]", "",
            "Council closes the harbour bridge for repairs", "",
        ]
        for paragraph in Self.english { lines += Self.wrap(paragraph) + [""] }
        lines += ["3 Comments", "", "Anna Smith", "12 May 2024 at 10:15", ""] + Self.wrap(comment) + ["", "Reply", ""]
        lines += ["Leave a Reply Cancel reply", "", "[                    ]", "[Post Comment]"]
        let article = PlainTextExtractor(markdown: false).extract(lines.joined(separator: "\n") + "\n")
        #expect(article.title == "Council closes the harbour bridge for repairs")
        #expect(article.text == Self.english.joined(separator: "\n\n"))

        // Without the heading, the first comment's text above its Reply link is cut too.
        let noHeading = lines.filter { $0 != "3 Comments" }
        #expect(
            PlainTextExtractor(markdown: false).extract(noHeading.joined(separator: "\n") + "\n").text
                == Self.english.joined(separator: "\n\n"))

        // A Related box between paragraphs, with more of the story below it than above.
        var story = Array(lines.prefix(10)) + Self.wrap(Self.english[0]) + ["", "Related posts", "", "  • Ferry timetable", ""]
        for paragraph in Self.english.reversed() + [Self.english[1]] { story += Self.wrap(paragraph) + [""] }
        let long = PlainTextExtractor(markdown: false).extract(story.joined(separator: "\n") + "\n")
        #expect(long.text.hasSuffix(Self.english[1]))
    }

    @Test("a cookie notice above the article is chrome; a list standing between two paragraphs is text")
    func cookieNoticeAndList() {
        let cookie =
            "Our website uses cookies to improve your experience and to show you relevant offers; by using the site you "
            + "accept our privacy policy and the use of cookies."
        var lines = ["Harbour Town News", "", "  • Home", "  • Politics", "", "[logo]", ""] + Self.wrap(cookie) + ["", "[OK]", ""]
        lines += ["Council closes the harbour bridge for repairs", ""] + Self.wrap(Self.english[0])
        lines += ["", "  • the ferry runs every hour", "  • bikes ride free", "  • the bridge reopens next year", ""]
        lines += Self.wrap(Self.english[1]) + ["", "Share:", "", "  • Twitter"]
        let article = PlainTextExtractor(markdown: false).extract(lines.joined(separator: "\n") + "\n")
        #expect(!article.text.contains("cookies"))
        #expect(article.text.contains("• bikes ride free"))
        #expect(article.text.hasSuffix(Self.english[1]))
    }
}
