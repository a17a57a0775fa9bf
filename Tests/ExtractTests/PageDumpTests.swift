@testable import Extract
import Foundation
import SyncModel
import Testing

/// Page dumps (a web page saved as text) give the article; clean text extracts exactly as the
/// first-line-is-the-title rule always did.
@Suite("Page dumps")
struct PageDumpTests {
    static let repository = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().path
    static let shared = URL(fileURLWithPath: repository).deletingLastPathComponent().appendingPathComponent("shared").path

    func seed(_ prefix: String) throws -> (text: String, article: Article) {
        let folder = Self.repository + "/seeds"
        let name = try #require(try FileManager.default.contentsOfDirectory(atPath: folder).first { $0.hasPrefix(prefix) })
        let bytes = try [UInt8](Data(contentsOf: URL(fileURLWithPath: folder + "/" + name)))
        let article = try DocumentReader(maxFileSize: 1 << 20).read(bytes: bytes, fileName: name, format: .text)
        return (String(decoding: bytes, as: UTF8.self), article)
    }

    /// The non-blank lines of a seed from `from` (1-based) through `through`, trimmed.
    func lines(_ text: String, _ from: Int, _ through: Int) -> [String] {
        text.split(separator: "\n", omittingEmptySubsequences: false)[(from - 1)..<through]
            .map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
    }

    @Test(
        "the seeds' headlines",
        arguments: [
            ("000", "حملة \"الغضب لحمص\" توجه نداءاتها للمجتمع الدولي"),
            ("001", "نداءات استغاثة من حي الوعر.. وقوات الأسد تصعد هجماتها الجوية"),
            ("002", "أحياء حمص.. قصف وحصار وتهجير"),
            ("003", "المعارضة تبسط سيطرتها على مدينة حمص"),
            ("004", ""),
        ])
    func seedTitles(prefix: String, title: String) throws {
        #expect(try seed(prefix).article.title == title)
    }

    @Test("seed 001: the headline list, clock, URL, counter and font-size line are gone, every paragraph is there")
    func seed001() throws {
        let (source, article) = try seed("001")
        for chrome in [
            "المزيد", "واشنطن تؤكد استعدادها لدعم تركيا فيما يخص إدلب", "11:32", "http://anapress.net",
            "363", "مشاهدة", "حجم الخط:",
        ] {
            #expect(!article.text.contains(chrome), "\(chrome)")
        }
        #expect(!article.text.contains(article.title))
        let paragraphs = lines(source, 26, source.split(separator: "\n", omittingEmptySubsequences: false).count)
        #expect(paragraphs.count >= 8)
        for paragraph in paragraphs { #expect(article.text.contains(paragraph), "\(paragraph.prefix(40))") }
    }

    @Test("seed 003: kicker, captions, icons, toasts and the donate block are gone, every paragraph is there")
    func seed003() throws {
        let (source, article) = try seed("003")
        for chrome in [
            "بعد غياب سبع سنوات..", "camera icon", "مقاتلون من حركة أحرار الشام وهم يتوجهون", "tag icon",
            "تم إرسال توصيتك", "حدث خطأ أثناء", "ادعم عنب بلدي", "دولار واحد شهريًا", "اضغط هنا للمساهمة",
            "الإعلام الموجّه يشوه الحقيقة",
        ] {
            #expect(!article.text.contains(chrome), "\(chrome)")
        }
        for paragraph in lines(source, 11, 55) { #expect(article.text.contains(paragraph), "\(paragraph.prefix(40))") }
    }

    @Test("seed 004 has no headline line: no title, the text starts with the lead")
    func seed004() throws {
        let (source, article) = try seed("004")
        #expect(article.title.isEmpty)
        let first = try #require(lines(source, 1, 1).first)
        #expect(article.text.hasPrefix(first))
        for paragraph in lines(source, 1, 13) { #expect(article.text.contains(paragraph), "\(paragraph.prefix(40))") }
    }

    @Test("clean seeds extract exactly as before", arguments: ["000", "002"])
    func cleanSeeds(prefix: String) throws {
        let (source, article) = try seed(prefix)
        #expect(article == PlainTextExtractor(markdown: false, pageDumps: nil).extract(source))
    }

    /// A labelled corpus from `neardup-gen` in a temporary folder (the caller removes it).
    static func generate(seed: Int, profile: String, bases: Int, options: [String]) throws -> String {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("pagedump-\(UUID().uuidString)").path
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments =
            [
                "python3", shared + "/tools/neardup-gen", "--corpus", shared + "/corpora/arabic-news/jawharafm.jsonl", "--out", folder,
                "--bases", "\(bases)", "--seed", "\(seed)", "--profile", profile,
            ] + options
        process.standardOutput = FileHandle.nullDevice
        try process.run()
        process.waitUntilExit()
        #expect(process.terminationStatus == 0)
        return folder
    }

    @Test(
        "every .txt neardup-gen writes without page dumps extracts exactly as before",
        .enabled(if: FileManager.default.fileExists(atPath: shared + "/tools/neardup-gen")),
        arguments: [(1, "dev"), (7, "hidden"), (23, "dev")])
    func generatedCleanText(seed: Int, profile: String) throws {
        let folder = try Self.generate(seed: seed, profile: profile, bases: 1000, options: ["--summary-fraction", "0.3"])
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let docs = folder + "/docs"
        var compared = 0
        for name in try FileManager.default.contentsOfDirectory(atPath: docs) where name.hasSuffix(".txt") {
            let text = try String(contentsOfFile: docs + "/" + name, encoding: .utf8)
            let today = PlainTextExtractor(markdown: false, pageDumps: nil).extract(text)
            #expect(PlainTextExtractor(markdown: false).extract(text) == today, "\(name)")
            compared += 1
        }
        #expect(compared > 1000)
    }

    @Test(
        "deciding on the first blocks gives what measuring every block gives, for page dumps and clean texts alike",
        .enabled(if: FileManager.default.fileExists(atPath: shared + "/tools/neardup-gen")),
        arguments: [(3, "dev"), (11, "hidden")])
    func shortcutAgreesWithFullMeasure(seed: Int, profile: String) throws {
        let folder = try Self.generate(
            seed: seed, profile: profile, bases: 400, options: ["--summary-fraction", "0.2", "--text-page-fraction", "0.4"])
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let docs = folder + "/docs"
        let extractor = PageDumpExtractor()
        var dumps = 0
        var clean = 0
        for name in try FileManager.default.contentsOfDirectory(atPath: docs) where name.hasSuffix(".txt") {
            let text = try String(contentsOfFile: docs + "/" + name, encoding: .utf8)
            let lines = text.utf8.split(separator: 0x0A, omittingEmptySubsequences: false).map { Substring($0) }[...]
            let all = DumpBlock.blocks(of: lines)
            let full = extractor.startsLikePageDump(all, markdown: false) ? extractor.classifier.classify(all) : nil
            let decided = extractor.extract(lines, markdown: false)
            #expect((decided == nil) == (full == nil), "\(name)")
            #expect(
                decided?.article.text
                    == full.map { result in
                        all.indices.filter { result.decisions[$0].role == .body }.map { String(all[$0].text) }.joined(separator: "\n\n")
                    }, "\(name)")
            if decided == nil { clean += 1 } else { dumps += 1 }
        }
        #expect(dumps > 100 && clean > 100)
    }

    @Test("a dateline, URL or menu over blank-separated paragraphs is still read as a page dump")
    func chromeOverParagraphs() throws {
        let paragraph = (0..<40).map { "كلمة\($0 % 7)" }.joined(separator: " ") + "."
        let texts = [
            "الجمعة 19 أيلول 2024\n\n" + paragraph + "\n\n" + paragraph,
            "https://example.com/news/1\n\n" + paragraph + "\n\n" + paragraph,
            "الرئيسية\n\nسياسة اقتصاد رياضة\n\n" + paragraph + "\n\n" + paragraph,
        ]
        for text in texts {
            let lines = text.utf8.split(separator: 0x0A, omittingEmptySubsequences: false).map { Substring($0) }[...]
            let all = DumpBlock.blocks(of: lines)
            let extractor = PageDumpExtractor()
            #expect(extractor.startsLikePageDump(all, markdown: false))
            let result = try #require(extractor.extract(lines, markdown: false))
            #expect(result.article.text == paragraph + "\n\n" + paragraph)
        }
    }

    @Test("the headline is found when it ends with ! or ؟, beside a byline, a dated clock line and the site's link rows")
    func headlineBesideChrome() throws {
        let body = [
            "أعلنت وزارة الصحة اليوم عن إغلاق المستشفى الجهوي بصفة مؤقتة بسبب أشغال الصيانة التي انطلقت منذ أسبوع، وأكدت أن المرضى سينقلون إلى مستشفيات قريبة في انتظار إعادة فتحه خلال الأشهر القادمة.",
            "وقال المدير الجهوي للصحة إن إغلاق المستشفى لن يؤثر على الخدمات الاستعجالية التي ستتواصل في مركز صحي قريب، داعيا المواطنين إلى التثبت من المواعيد قبل التنقل.",
        ]
        for headline in ["إغلاق المستشفى الجهوي بصفة مؤقتة!", "هل يغلق المستشفى الجهوي بصفة مؤقتة؟"] {
            let page =
                [
                    "الرئيسية", "أخبار", "رياضة", "تابعنا على", "فيسبوك تويتر يوتيوب تلغرام", "السبت 8 أبريل 2026 - 23:55", "363", "مشاهدة",
                    headline, "كتب: مراسلنا", "حجم الخط:", "أ+ أ-",
                ].joined(separator: "\n") + "\n\n" + body.joined(separator: "\n\n") + "\n\nتابعنا على\nفيسبوك تويتر يوتيوب تلغرام\n"
            let article = PlainTextExtractor(markdown: false).extract(page)
            #expect(article.title == headline)
            #expect(article.text == body.joined(separator: "\n\n"))
        }
    }

    @Test("the explanation names each block's role and reason")
    func explanation() throws {
        let folder = Self.repository + "/seeds"
        let name = try #require(try FileManager.default.contentsOfDirectory(atPath: folder).first { $0.hasPrefix("003") })
        let bytes = try [UInt8](Data(contentsOf: URL(fileURLWithPath: folder + "/" + name)))
        let explained = try DocumentReader(maxFileSize: 1 << 20).explain(bytes: bytes, fileName: name, format: .text)
        #expect(explained.pageDump)
        #expect(explained.blocks.first { $0.role == "kicker" }?.text == "بعد غياب سبع سنوات..")
        #expect(explained.blocks.filter { $0.role == "title" }.count == 1)
        #expect(explained.blocks.allSatisfy { !$0.reason.isEmpty })
    }

    @Test("lines a text browser wrapped are joined back into their paragraph")
    func unwrapping() {
        let words = (0..<90).map { "word\($0)" }.joined(separator: " ")
        var lines: [Substring] = []
        var line = ""
        for word in words.split(separator: " ") {
            if line.count + 1 + word.count > 72 { lines.append(Substring(line)); line = "" }
            line += line.isEmpty ? String(word) : " " + word
        }
        lines.append(Substring(line))
        let blocks = DumpBlock.blocks(of: (["Menu", ""] + lines)[...])
        #expect(blocks.count == 2)
        #expect(blocks.last?.text == Substring(words))
    }

    @Test("a line's width counts what it shows: Arabic diacritics, tatweel and zero-width marks are not columns")
    func displayWidth() {
        #expect(DumpBlock.displayWidth("abc def") == 7)
        #expect(DumpBlock.displayWidth("مُحَمَّد") == 4)
        #expect(DumpBlock.displayWidth("عــربي") == 4)
        #expect(DumpBlock.displayWidth("co\u{AD}op\u{200B}\u{200F}") == 4)
        #expect(DumpBlock.displayWidth("é ✓ 😀 ٣") == 7)
        // Counted on bytes, it agrees with counting the scalars `StopWords.fold` keeps.
        let sample = "الرئيسية › أخبار | السبت ١٩ أيلول 2024\u{200C} — «وقال» ـ ‏صحيفة\u{AD} é ß 😀 ﷲ"
        for end in sample.unicodeScalars.indices {
            let line = Substring(String(sample.unicodeScalars[..<end]))
            let expected = line.unicodeScalars.filter { $0.value < 0x80 || StopWords.fold($0.value) != nil }.count
            #expect(DumpBlock.displayWidth(line) == expected)
        }
    }

    @Test("counting a block's words without measuring it agrees with measuring it")
    func wordCount() throws {
        let folder = "\(Self.repository)/seeds"
        let names = try FileManager.default.contentsOfDirectory(atPath: folder).sorted()
        #expect(names.count == 5)
        let seeds = try names.map { try String(contentsOfFile: "\(folder)/\($0)", encoding: .utf8) }
        let extra: [Substring] = ["مُحَمَّد ـ co\u{AD}op 2024-05-01 «قال» ...", "", "ً ٌ"]
        for line in seeds.joined(separator: "\n").split(separator: "\n") + extra {
            let words = DumpBlock.measure(line, blankBefore: false).words
            #expect(DumpBlock.wordCount(line) == words, "\(line)")
            #expect(DumpBlock.wordCount(line, limit: 3) == min(words, 3))
        }
    }
}
