import Extract
@testable import Feeds
@testable import Folders
@testable import TextEncoding
import Foundation
import SyncModel
import Testing

@Suite("HTML extraction on real pages")
struct HTMLFixtureTests {
    let reader = DocumentReader(maxFileSize: 10 * 1024 * 1024)

    static let neardupPages = [
        "site1-article1", "site1-article2", "site2-article1", "site3-article1",
        "plain-div-chrome", "plain-div-chrome-2", "br-separated",
    ]

    @Test("pages shaped like neardup-gen's give exactly title and paragraphs", arguments: neardupPages)
    func exactText(page: String) throws {
        let article = try reader.read(path: try Fixture.path("neardup/\(page).html"))
        let expected = try Fixture.text("neardup/\(page).expected.txt")
        #expect(article.storedText == expected)
    }

    @Test("two articles of one site share nothing once extracted, though their pages share the chrome")
    func chromeNeverMakesArticlesAlike() throws {
        for (first, second) in [("site1-article1", "site1-article2"), ("plain-div-chrome", "plain-div-chrome-2")] {
            let pageA = try Fixture.text("neardup/\(first).html"), pageB = try Fixture.text("neardup/\(second).html")
            let a = try reader.read(path: try Fixture.path("neardup/\(first).html"))
            let b = try reader.read(path: try Fixture.path("neardup/\(second).html"))
            #expect(Self.jaccard(Self.shingles(Self.visibleText(pageA)), Self.shingles(Self.visibleText(pageB))) > 0.15)
            #expect(Self.jaccard(Self.shingles(a.storedText), Self.shingles(b.storedText)) < 0.02)
            for chrome in Self.linkTexts(pageA) {
                #expect(!a.storedText.contains(chrome), "chrome '\(chrome)' leaked into \(first)")
            }
        }
    }

    @Test("arabic.cnn.com: the article's sentences without the site's menus and headlines")
    func cnnArabic() throws {
        let article = try reader.read(path: try Fixture.path("arabic/cnn-arabic.html"))
        #expect(article.title == "معارضون يسيطرون على مخازن للصواريخ بريف دمشق")
        let expected = try Fixture.text("arabic/cnn-arabic.expected.txt")
        let sentences = expected.split(whereSeparator: { $0 == "\n" || $0 == "." })
            .map { $0.trimmingCharacters(in: .whitespaces) }.filter { $0.count > 20 }
        let found = sentences.filter { article.text.contains($0) }
        #expect(sentences.count >= 6)
        #expect(Double(found.count) >= 0.9 * Double(sentences.count), "found \(found.count) of \(sentences.count)")
        for boilerplate in [
            "الصفحة الرئيسية", "اقتصاد وأعمال", "القبض على شاب تحرش بطفلة في السعودية",
            "ليبيا: تأجيل محاكمة شخصيات بنظام القذافي لفبراير", "خدمة آخر خبر للرسائل النصية",
            "Turner Broadcasting System", "CNN International TV", "آخر تحديث",
        ] {
            #expect(!article.text.contains(boilerplate), "boilerplate: \(boilerplate)")
        }
        #expect(!article.text.hasPrefix(article.title))
    }

    @Test("assabah.com.tn: trafilatura's with/without snippets")
    func assabah() throws {
        let article = try reader.read(path: try Fixture.path("arabic/assabah.html"))
        let json = try JSONSerialization.jsonObject(with: Data(Fixture.bytes("arabic/assabah.expected.json")))
        let entry = try #require((json as? [String: [String: Any]])?.values.first)
        let with = try #require(entry["with"] as? [String]), without = try #require(entry["without"] as? [String])
        for snippet in with { #expect(article.text.contains(snippet), "missing: \(snippet)") }
        for snippet in without { #expect(!article.storedText.contains(snippet), "boilerplate: \(snippet)") }
        let title = try #require(entry["title"] as? String)
        #expect(article.title == title.split(separator: " ").joined(separator: " "))
        #expect(article.text.split(separator: "\n\n").count > 20)
    }

    // MARK: helpers

    static func visibleText(_ html: String) -> String {
        var text = html.replacingOccurrences(of: "<[^>]*>", with: " ", options: .regularExpression)
        text = text.replacingOccurrences(of: "&[a-z#0-9]+;", with: " ", options: .regularExpression)
        return text
    }

    static func linkTexts(_ html: String) -> [String] {
        let pattern = try? NSRegularExpression(pattern: "<a [^>]*>([^<]{6,})</a>")
        let range = NSRange(html.startIndex..., in: html)
        return (pattern?.matches(in: html, range: range) ?? []).compactMap { match in
            Range(match.range(at: 1), in: html).map { String(html[$0]).trimmingCharacters(in: .whitespaces) }
        }.filter { !$0.isEmpty }
    }

    static func shingles(_ text: String) -> Set<String> {
        let words = text.split(whereSeparator: { $0.isWhitespace || $0.isPunctuation }).map(String.init)
        guard words.count >= 3 else { return Set(words) }
        return Set((0...(words.count - 3)).map { words[$0..<($0 + 3)].joined(separator: " ") })
    }

    static func jaccard(_ a: Set<String>, _ b: Set<String>) -> Double {
        let union = a.union(b).count
        return union == 0 ? 0 : Double(a.intersection(b).count) / Double(union)
    }
}
