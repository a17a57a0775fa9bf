import Foundation
import GRDB
import Storage
import SyncModel
import Testing

/// A summary and its full story are one story; a story that quotes another, or shares its
/// site's phrasing, is not.
@Suite("Summaries join their story")
struct SummaryTests {
    /// Seed 000: a title line, then the article.
    static func story() throws -> (title: String, body: String) {
        let text = try seedText(0)
        let lines = text.split(separator: "\n", maxSplits: 1).map(String.init)
        return (lines[0].trimmingCharacters(in: .whitespaces), lines[1].trimmingCharacters(in: .whitespacesAndNewlines))
    }

    /// The title and the first `words` words of the body, cut with "…", as feeds give them.
    static func summary(words: Int) throws -> String {
        let (title, body) = try story()
        return title + "\n" + body.split(separator: " ").prefix(words).joined(separator: " ") + " …"
    }

    @Test("a feed summary joins its full story's cluster, whichever arrives first", arguments: Backend.allCases)
    func summaryJoins(_ backend: Backend) throws {
        let full = try seedText(0)
        let summary = try Self.summary(words: 40)
        for order in [[("a", "story.txt", full), ("b", "summary.txt", summary)], [("b", "summary.txt", summary), ("a", "story.txt", full)]] {
            let store = try backend.fresh().open()
            let first = try store.mergeOne(order[0].0, order[0].1, order[0].2)
            let second = try store.mergeOne(order[1].0, order[1].1, order[1].2)
            let firstNow = try store.document(first.doc)
            #expect(second.cluster != nil && second.cluster == firstNow.cluster)
            let clusters = try store.duplicateClusters()
            #expect(clusters.count == 1)
            #expect(clusters.first?.members.map(\.doc) == [first.doc, second.doc])
            // The summary is counted by how much of it is in the story: nearly all.
            #expect((clusters.first?.members.last?.similarity ?? 0) >= 0.9)
        }
    }

    @Test("a summary arriving after a restart finds its story: the lead index is rebuilt from the store", arguments: Backend.allCases)
    func leadsSurviveRestart(_ backend: Backend) throws {
        let place = try backend.fresh()
        do { _ = try place.open().mergeOne("a", "story.txt", try seedText(0)) }
        #expect(try place.open().mergeOne("b", "summary.txt", try Self.summary(words: 45)).cluster != nil)
    }

    @Test("a store from the release before leads gets its lead signatures when it opens", arguments: Backend.allCases)
    func upgradeFillsLeads(_ backend: Backend) throws {
        let place = try backend.fresh()
        do { _ = try place.open().mergeOne("a", "story.txt", try seedText(0)) }
        // What that release left: no lead signatures, and its fingerprint marker.
        try place.execute(
            (backend == .postgres ? "DELETE FROM lead_band; " : "") + "UPDATE fingerprint SET lead_signature = NULL; "
                + "UPDATE meta SET value = replace(value, 'fingerprint=3', 'fingerprint=2') WHERE key = 'fingerprint'")
        #expect(try place.open().mergeOne("b", "summary.txt", try Self.summary(words: 45)).cluster != nil)
    }

    @Test("a story quoting another's lead under its own title, and a bare lead, stay apart", arguments: Backend.allCases)
    func quotesStayApart(_ backend: Backend) throws {
        let (_, body) = try Self.story()
        let lead = body.split(separator: " ").prefix(60).joined(separator: " ")
        let other = try seedText(2).split(separator: "\n").dropFirst().joined(separator: "\n")
        let store = try backend.fresh().open()
        // The lead, untitled (a feed item without a title) ...
        _ = try store.mergeOne("a", "lead.txt", "\n" + lead)
        // ... and another story that opens by quoting it, under its own title.
        _ = try store.mergeOne("b", "quote.txt", "سوريا: ناشطون يردون على الحملة\n" + lead + "\n" + other)
        #expect(try store.duplicateClusters().isEmpty)
    }

    @Test("two stories of one site that open alike but go on differently stay apart", arguments: Backend.allCases)
    func sharedOpeningIsNotEnough(_ backend: Backend) throws {
        let (title, body) = try Self.story()
        let opening = body.split(separator: " ").prefix(30).joined(separator: " ")
        let rest2 = try seedText(2).split(separator: "\n").dropFirst().joined(separator: "\n")
        let rest4 = try seedText(4).split(separator: "\n").dropFirst().joined(separator: "\n")
        let store = try backend.fresh().open()
        _ = try store.mergeOne("a", "one.txt", title + "\n" + opening + "\n" + rest2)
        _ = try store.mergeOne("a", "two.txt", title + "\n" + opening + "\n" + rest4)
        #expect(try store.duplicateClusters().isEmpty)
    }

    @Test("a text under the minimum size contain-matches nothing", arguments: Backend.allCases)
    func shortTextsDoNotMatch(_ backend: Backend) throws {
        let store = try backend.fresh().open()
        _ = try store.mergeOne("a", "story.txt", try seedText(0))
        #expect(try store.mergeOne("b", "short.txt", try Self.summary(words: 12)).cluster == nil)
    }
}
