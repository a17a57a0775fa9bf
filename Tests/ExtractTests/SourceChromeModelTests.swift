@testable import Extract
import Foundation
import SyncModel
import TestSupport
import Testing

/// What a source's chrome model learns from its page dumps, and that it never eats an article.
@Suite("Source chrome model")
struct SourceChromeModelTests {
    let reader = DocumentReader(maxFileSize: 1 << 20)

    /// The counts a store would keep for these texts.
    func counts(_ texts: [String]) throws -> PageLineCounts {
        var counts: [UInt64: (words: Int, documents: Int)] = [:]
        var documents = 0
        for text in texts {
            guard let lines = try reader.document(bytes: Array(text.utf8), fileName: "page.txt", format: .text).pageLines else { continue }
            documents += 1
            for line in lines { counts[line.hash, default: (line.words, 0)].documents += 1 }
        }
        return PageLineCounts(documents: documents, lines: counts.map { (PageLine(hash: $0.key, words: $0.value.words), $0.value.documents) })
    }

    func hash(_ line: String) -> UInt64 { DumpBlock.measure(Substring(line), blankBefore: false).lineHash }

    func extract(_ text: String, known: Set<UInt64>) throws -> Article {
        try DocumentReader(maxFileSize: 1 << 20, knownChrome: known).read(bytes: Array(text.utf8), fileName: "page.txt", format: .text)
    }

    @Test("short lines need three documents and a tenth of the source; prose needs half")
    func thresholds() {
        let model = SourceChromeModel()
        let short = PageLine(hash: 1, words: 2), prose = PageLine(hash: 2, words: 18)
        #expect(model.knownChrome(PageLineCounts(documents: 10, lines: [(short, 2), (prose, 4)])).isEmpty)
        #expect(model.knownChrome(PageLineCounts(documents: 10, lines: [(short, 3), (prose, 5)])) == [1, 2])
        #expect(model.knownChrome(PageLineCounts(documents: 40, lines: [(short, 3), (prose, 19)])).isEmpty)
    }

    @Test("the site's chrome is learned from its pages; every story stays whole and its own, Arabic and Latin")
    func learnsTheSite() throws {
        let pages = PageDumpSite.stories.indices.map(PageDumpSite.page)
        let known = SourceChromeModel().knownChrome(try counts(pages))
        for line in PageDumpSite.menu + [PageDumpSite.advertisement, PageDumpSite.donate, PageDumpSite.footer, "Share this article"] {
            #expect(known.contains(hash(line)), "\(line)")
        }
        for story in PageDumpSite.stories {
            for paragraph in story.paragraphs { #expect(!known.contains(hash(paragraph))) }
        }
        for index in PageDumpSite.stories.indices {
            // Without the model the advertisement line and the donate blurb read as text.
            let plain = try extract(pages[index], known: [])
            #expect(plain.text.contains(PageDumpSite.advertisement) && plain.text.contains(PageDumpSite.donate))
            // With it, exactly the story: its headline (which other pages list) and paragraphs.
            let article = try extract(pages[index], known: known)
            #expect(article.storedText == PageDumpSite.article(index), "story \(index)")
        }
    }

    @Test("explain names the source's known chrome")
    func explains() throws {
        let pages = PageDumpSite.stories.indices.map(PageDumpSite.page)
        let known = SourceChromeModel().knownChrome(try counts(pages))
        let explanation = try DocumentReader(maxFileSize: 1 << 20, knownChrome: known)
            .explain(bytes: Array(pages[6].utf8), fileName: "page.txt", format: .text)
        let donate = try #require(explanation.blocks.first { $0.text == PageDumpSite.donate })
        #expect(!donate.kept && donate.reason.contains("known chrome of this source"))
        #expect(explanation.blocks.first { $0.role == "title" }?.text == PageDumpSite.stories[6].title)
    }

    @Test("known menu lines still make a list with the headlines beside them: the headline is the one chosen without the model")
    func listsStayLists() throws {
        let page = """
            Font size:
            Tuesday 2 November 2025
            21:27
            1102
            Views
            Protests in Gafsa region
            Ministers meeting held in Jakarta streets

            Hundreds of people marched through the streets of Gafsa on Thursday, and the march ended in front of the governor's office.

            The marchers asked for jobs, clean water and a hospital, and they said that they would come back every week until someone listened.

            Most read
            """
        let known: Set<UInt64> = [hash("Views"), hash("Font size:")]
        #expect(try extract(page, known: []).title == "Protests in Gafsa region")
        #expect(try extract(page, known: known).title == "Protests in Gafsa region")
    }

    @Test("clean text is never altered by the model, whatever lines it knows")
    func cleanText() throws {
        let text =
            "Harbour notes\n\nThe budget passed late on Tuesday, and the residents who had filled the chamber all evening went home tired "
            + "but glad that the old quay would finally be repaired.\n\nAdvertisement\n\nHome\n\n\(PageDumpSite.donate)\n"
        let known = Set(text.split(separator: "\n").map { hash(String($0)) })
        #expect(try extract(text, known: known) == extract(text, known: []))
        #expect(try extract(text, known: known).text.contains("Advertisement"))
    }

    @Test("copies of one story in a source are not its chrome: the model never takes most of an article")
    func copiesAreNotChrome() throws {
        // Five copies of one story and one other: the copies' paragraphs are in most documents.
        let pages = Array(repeating: PageDumpSite.page(0), count: 5) + [PageDumpSite.page(1)]
        let known = SourceChromeModel().knownChrome(try counts(pages))
        #expect(known.contains(hash(PageDumpSite.stories[0].paragraphs[1])))
        let article = try extract(PageDumpSite.page(0), known: known)
        for paragraph in PageDumpSite.stories[0].paragraphs { #expect(article.text.contains(paragraph)) }
        #expect(try extract(PageDumpSite.page(1), known: known).storedText.hasPrefix(PageDumpSite.article(1)))
    }

    @Test("a page whose only text is known is read without the model")
    func onlyText() throws {
        let page = PageDumpSite.page(2)
        let known = Set(page.split(separator: "\n").map { hash(String($0)) })
        #expect(try extract(page, known: known) == extract(page, known: []))
    }
}
