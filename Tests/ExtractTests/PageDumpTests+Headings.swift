@testable import Extract
import Foundation
import Testing

/// The article's end is found by comparing short lines, lowercased and stripped, with heading
/// lists. The scalar-by-scalar normalization must say exactly what the character-by-character
/// one says, or pages would end in other places.
extension PageDumpTests {
    static let headingEdgeCases: [Substring] = [
        "Leave a Reply", "  • 12 Comments ", "Kommentare (3)", "ÄHNLICHE BEITRÄGE", "À propos de l’auteur",
        "l'auteur's", "'quoted'", "' lead", "tail '", "rock ’n’ roll", "İstanbul HABERLERİ", "STRASSE straße",
        "ΣΧΌΛΙΑ", "Похожие статьи", "اترك تعليقاً", "مقالات ذات صلة:", "التعليقات (٣)", "تعليقاتٌ", "رد",
        "a\r\nb", "— — —", "123 456", "", "x", "Ǆemal ǅ", "Ĳssel", "ﬁle ﬂow", "e\u{301}te\u{301}", "naïve café",
        "٣ تعليقات", "word\u{200C}joiner", "tab\tseparated\u{A0}words", "رَدّ", "كتبَ: مراسلنا", "تعليقـــات", "ـــ",
        " \u{64E}رد", "\u{64E}رد", "'\u{651}x", "رد \u{651}", ".\u{652}", "a\u{64B}b", "«التعليقات»", "© 2024 الموقع",
    ]

    @Test("a heading is normalized the same scalar by scalar as character by character")
    func headingNormalizationAgrees() throws {
        var lines = Self.headingEdgeCases
        // Every Latin-1 and Latin Extended scalar, alone and inside a word.
        for value in UInt32(0x80)...0x2FF {
            guard let scalar = Unicode.Scalar(value) else { continue }
            lines.append(Substring(String(scalar)))
            lines.append(Substring("Ab\(scalar)cd \(scalar)E"))
        }
        // The short lines of real Arabic news and of the extraction corpus's pages.
        let news = try String(contentsOfFile: Self.shared + "/corpora/arabic-news/jawharafm.jsonl", encoding: .utf8)
        for line in news.split(separator: "\n").prefix(400) {
            for piece in line.split(whereSeparator: { $0 == "." || $0 == "،" || $0 == "\"" }) where piece.count <= 80 {
                lines.append(piece)
            }
        }
        var fast = 0
        for line in lines {
            let byCharacters = PageDumpClassifier.normalizedHeadingByCharacters(line)
            if let byScalars = PageDumpClassifier.normalizedHeadingByScalars(line) {
                fast += 1
                #expect(byScalars == byCharacters, "\(line.debugDescription)")
            }
            #expect(PageDumpClassifier.normalizedHeading(line) == byCharacters, "\(line.debugDescription)")
        }
        // Most lines take the quick path.
        #expect(fast * 10 >= lines.count * 8, "\(fast) of \(lines.count)")
    }

    @Test("a line opens with an article-end phrase only when the phrase ends on a word boundary")
    func endPhrasesMatchWholeWords() {
        #expect(PageDumpClassifier.opensWithEndPhrase("leave a reply"))
        #expect(PageDumpClassifier.opensWithEndPhrase("leave a reply cancel reply"))
        #expect(PageDumpClassifier.opensWithEndPhrase("mehr zum thema"))
        #expect(PageDumpClassifier.opensWithEndPhrase("مقالات ذات صلة"))
        #expect(!PageDumpClassifier.opensWithEndPhrase("leave a replying"))
        #expect(!PageDumpClassifier.opensWithEndPhrase("please leave a reply"))
        #expect(!PageDumpClassifier.opensWithEndPhrase(""))
    }
}
