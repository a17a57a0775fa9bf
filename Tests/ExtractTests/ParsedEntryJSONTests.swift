@testable import Feeds
import Foundation
import Testing

/// An entry's stored original is written without `JSONEncoder`; it must stay the same bytes the
/// encoder wrote, or every entry stored before would look changed to a byte comparison.
@Suite("Entry original JSON")
struct ParsedEntryJSONTests {
    private func encoded(_ entry: ParsedEntry) throws -> [UInt8] {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return [UInt8](try encoder.encode(entry))
    }

    @Test("every ASCII character, quotes, slashes and non-ASCII text come out as JSONEncoder writes them")
    func sameBytesAsTheEncoder() throws {
        let ascii = String(decoding: (0..<128).map { UInt8($0) }, as: UTF8.self)
        let entries = [
            ParsedEntry(),
            ParsedEntry(id: "n-1", title: "عنوان \"الخبر\"", link: "https://news.example/a/b?c=1&d=2", authors: ["سارة", "a\\b"]),
            ParsedEntry(
                id: ascii, title: "tab\there\nline\r\u{8}\u{C}\u{1F}\u{7F}", link: nil,
                published: Date(timeIntervalSince1970: 1_704_092_400), updated: Date(timeIntervalSince1970: -1),
                authors: [], summary: "<p>ملخص</p> \u{2028}\u{2029} 🎉 é", content: ascii + "/</script>"),
        ]
        for entry in entries {
            #expect(entry.originalJSON == (try encoded(entry)), "\(String(decoding: entry.originalJSON ?? [], as: UTF8.self))")
        }
    }

    @Test("an entry with author details is written by the encoder itself")
    func authorDetails() throws {
        var entry = ParsedEntry(id: "x", authors: ["Jane (jane@example.org)"])
        entry.authorDetails = [FeedPerson(name: "Jane", email: "jane@example.org", url: nil)]
        #expect(entry.originalJSON == (try encoded(entry)))
        #expect(String(decoding: entry.originalJSON ?? [], as: UTF8.self).contains("\"authorDetails\""))
    }
}
