import Foundation
import SyncModel
import TestSupport
import Testing

/// `syncctl reextract` and `syncctl extract --explain` on a store `syncd` filled with page
/// dumps of one site: through the store when no daemon runs, through the daemon when one does.
@Suite("syncctl reextract")
struct ReextractEndToEndTests {
    struct Report: Decodable {
        struct Source: Decodable {
            var source: String
            var documents: Int
            var inputs: Int
            var knownChrome: Int
            var changed: Int
        }
        struct Total: Decodable {
            var documents: Int
            var changed: Int
        }
        var dryRun: Bool
        var sources: [Source]
        var total: Total
    }

    static let clean =
        "Harbour notes\n\nThe budget passed late on Tuesday, and the residents who had filled the chamber all evening went "
        + "home tired but glad that the old quay would be repaired.\n\nAdvertisement\n"

    func site(_ harness: Harness) throws {
        for index in PageDumpSite.stories.indices { try harness.write("page\(index).txt", PageDumpSite.page(index)) }
        try harness.write("clean.txt", Self.clean)
    }

    @Test("counts per source and in total, --dry-run writes nothing, a second run changes nothing, explain names the model")
    func withoutDaemon() throws {
        let harness = try Harness()
        try site(harness)
        #expect(try harness.syncd("--once").status == 0)
        let pages = PageDumpSite.stories.count
        let head = try harness.changes().count

        let dry = try harness.json(Report.self, "reextract", "--dry-run", "--json")
        #expect(dry.dryRun && dry.sources.count == 1)
        #expect(dry.sources.first?.documents == pages + 1 && dry.sources.first?.inputs == pages && dry.sources.first?.changed == pages)
        #expect((dry.sources.first?.knownChrome ?? 0) > 0 && dry.total.changed == pages)
        #expect(try harness.changes().count == head)
        let dryText = try harness.syncctl("reextract", "--dry-run")
        #expect(
            dryText.status == 0 && dryText.stdout.contains("\(pages) documents would get a new version; nothing was written"), "\(dryText.stderr)")

        // What syncd would make of a page now: the source's model applies, and says so.
        let explained = try harness.syncctl("extract", harness.folder + "/docs/page7.txt", "--json", "--explain")
        #expect(explained.stdout.contains("known chrome of this source") && explained.stdout.contains("\"source\":\"docs\""), "\(explained.stderr)")

        let run = try harness.syncctl("reextract")
        #expect(run.status == 0 && run.stdout.contains("\(pages) new versions"), "\(run.stdout)\(run.stderr)")
        let lines = run.stdout.split(separator: "\n").map { $0.split(separator: " ", omittingEmptySubsequences: true).map(String.init) }
        #expect(lines.contains(["docs", "\(pages + 1)", "\(pages)", "\(dry.sources.first?.knownChrome ?? 0)", "\(pages)", "0"]), "\(run.stdout)")
        #expect(lines.contains(["total", "\(pages + 1)", "\(pages)", "-", "\(pages)", "0"]), "\(run.stdout)")
        let updates = try harness.changes().dropFirst(head)
        #expect(updates.count == pages && updates.allSatisfy { $0.op == .update && $0.version == 2 })
        for index in PageDumpSite.stories.indices {
            let shown = try harness.syncctl("show", "docs:page\(index).txt").stdout
            #expect(shown.contains(PageDumpSite.stories[index].paragraphs[2]) && !shown.contains(PageDumpSite.donate))
        }
        #expect(try harness.syncctl("show", "docs:clean.txt").stdout.contains("version 1 of 1"))

        #expect(try harness.json(Report.self, "reextract", "--json").total.changed == 0)
        #expect(try harness.syncd("--once").status == 0)
        #expect(try harness.changes().count == head + pages, "a rescan of unchanged files makes no version")
        let missing = try harness.syncctl("reextract", "nosuch")
        #expect(missing.status == 3 && missing.stderr.contains("no enabled source named \"nosuch\""))
    }

    @Test("with the daemon running, reextract goes through it and its changes reach the change feed")
    func throughDaemon() throws {
        let harness = try Harness(extraConfig: DaemonTests.daemonConfig)
        try site(harness)
        let daemon = try DaemonProcess(harness: harness, notify: nil)
        try daemon.waitForAPI()
        let pages = PageDumpSite.stories.count
        let created = try daemon.waitForChanges(since: 0, atLeast: pages + 1)
        let report = try harness.json(Report.self, "reextract", "docs", "--json")
        #expect(report.total.changed == pages && !report.dryRun)
        #expect(daemon.log.contains("source extracted again"), "the daemon did the work: \(daemon.log)")
        let updates = try daemon.waitForChanges(since: Int64(created.count), atLeast: pages)
        #expect(updates.allSatisfy { ($0["op"] as? String) == "update" }, "\(updates)")
        #expect(daemon.stop() == 0)
    }
}
