import Extract
@testable import Feeds
@testable import Folders
@testable import TextEncoding
import Foundation
import SyncModel
import Testing

@Suite("Robustness")
struct RobustnessTests {
    let reader = DocumentReader(maxFileSize: 10 * 1024 * 1024)

    /// A small deterministic generator, so failures reproduce.
    struct SplitMix64: RandomNumberGenerator {
        var state: UInt64
        mutating func next() -> UInt64 {
            state &+= 0x9E37_79B9_7F4A_7C15
            var z = state
            z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
            z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
            return z ^ (z >> 31)
        }
    }

    @Test("truncated pages never crash and never throw from the extractor")
    func truncated() throws {
        let page = try Fixture.bytes("arabic/cnn-arabic.html")
        var generator = SplitMix64(state: 1)
        var cuts = [0, 1, 2, 3, 100, page.count - 1]
        for _ in 0..<40 { cuts.append(Int.random(in: 0..<page.count, using: &generator)) }
        for cut in cuts {
            let bytes = Array(page[..<cut])
            _ = HTMLExtractor().extract(html: bytes, charset: nil)
            // The reader may refuse a cut inside a UTF-8 sequence, but only with a SyncError.
            do {
                _ = try reader.read(bytes: bytes, fileName: "cut.html", format: .html)
            } catch {
                #expect([.empty, .undecodable].contains(error.code))
            }
        }
    }

    @Test("random bytes and mangled markup never crash", arguments: 0..<8)
    func garbage(seed: Int) {
        var generator = SplitMix64(state: UInt64(seed))
        let alphabet = Array("<>/=\"' abcpdivhrefscriptstyle&#;\n\u{0}".utf8) + Array("نص،".utf8) + [0xFF, 0xC3, 0x80, 0xE2]
        var bytes: [UInt8] = []
        for _ in 0..<4000 {
            bytes.append(seed % 2 == 0 ? UInt8.random(in: 0...255, using: &generator) : alphabet.randomElement(using: &generator) ?? 0)
        }
        _ = HTMLExtractor().extract(html: bytes, charset: nil)
        _ = HTMLExtractor().extract(html: bytes, charset: "windows-1256")
        for format in [DocumentFormat.text, .markdown, .html] {
            do {
                _ = try reader.read(bytes: bytes, fileName: "garbage", format: format)
            } catch {
                #expect(error.location == "garbage")
            }
        }
    }

    @Test("pathological nesting and unclosed tags are handled")
    func nesting() {
        let deep =
            String(repeating: "<div><span>", count: 20_000) + "deep text, with enough words to be a paragraph of text"
            + String(repeating: "</span></div>", count: 20_000)
        _ = HTMLExtractor().extract(html: Array(deep.utf8), charset: nil)
        let unclosed = "<html><body>" + String(repeating: "<p><b><i><a href=x>open ", count: 5000)
        _ = HTMLExtractor().extract(html: Array(unclosed.utf8), charset: nil)
        let article = HTMLExtractor().extract(
            html: Array("<p>Broken <b>markup <i>still</b> reads fine, mostly.</p></i></div></span>".utf8), charset: nil)
        #expect(article.text == "Broken markup still reads fine, mostly.")
    }

    @Test("a page with 30,000 blocks and links extracts only its content")
    func linear() {
        var html = "<html><body><nav><ul>"
        for index in 0..<10_000 { html += "<li><a href=\"/\(index)\">link \(index)</a></li>" }
        html += "</ul></nav><div class=\"content\">"
        for index in 0..<10_000 { html += "<p>Paragraph \(index), with a comma, and enough words to count as text.</p>" }
        html += "</div><div>"
        for index in 0..<10_000 { html += "<div><a href=\"/r/\(index)\">related \(index)</a></div>" }
        html += "</div></body></html>"
        let bytes = Array(html.utf8)
        // Speed is measured in the benchmark, not here; a quadratic walk would stall this test.
        let article = HTMLExtractor().extract(html: bytes, charset: nil)
        #expect(article.text.hasPrefix("Paragraph 0, with a comma"))
        #expect(!article.text.contains("related"))
    }
}
