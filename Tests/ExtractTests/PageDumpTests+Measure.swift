@testable import Extract
import Foundation
import Testing

/// Blocks are measured on the UTF-8 bytes, decoded in place; the scalar path (for text that is
/// not contiguous) must measure every line exactly alike, or page dumps would be cut differently.
extension PageDumpTests {
    @Test("a block measures the same on its bytes as on its scalars")
    func measureAgreesWithScalars() throws {
        var lines: [Substring] = [
            "", " ", "Leave a Reply", "١٢:٣٠ ١٩ أيلول ٢٠٢٤", "2024-05-01 11:32", "camera iconمقاتلون", "© Copyright 2024",
            "كتب: مراسلنا", "http://example.com/a", "[    ] [Submit]", "• item » next | more", "بعد غياب سبع سنوات..",
            "وفي الحكومة والحكومة", "e\u{301}te\u{301} naïve", "emoji 👍🏽 word", "tab\tseparated\u{A0}words", "ـــ تعليقـــات",
            "رَدّ؟", "end…", "Hallo, Welt!", "最新ニュース。", "\u{200F}نص\u{200E}", "soft\u{AD}hyphen",
        ]
        for name in try FileManager.default.contentsOfDirectory(atPath: Self.shared + "/seeds").sorted() {
            let text = try String(contentsOfFile: Self.shared + "/seeds/" + name, encoding: .utf8)
            lines += text.split(separator: "\n", omittingEmptySubsequences: false)
        }
        let news = try String(contentsOfFile: Self.shared + "/corpora/arabic-news/jawharafm.jsonl", encoding: .utf8)
        lines += news.split(separator: "\n").prefix(200)
        for line in lines {
            for blank in [false, true] {
                let bytes = DumpBlock.measure(line, blankBefore: blank)
                let scalars = DumpBlock.measureByScalars(line, blankBefore: blank)
                #expect("\(bytes)" == "\(scalars)", "\(line.debugDescription)")
            }
        }
        // The measures themselves, on one line.
        let block = DumpBlock.measure("وفي الحكومة 2024 camera iconمقاتلون: http.", blankBefore: true)
        #expect(block.words == 6 && block.numbers == 1 && block.hasYear && block.mixedScriptWords == 1)
        #expect(block.stopWords >= 1 && block.endsSentence && block.blankBefore)
    }
}
