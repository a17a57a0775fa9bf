import Foundation
import SyncModel
import TestSupport
import Testing
#if canImport(Glibc)
import Glibc
#endif

/// The real `syncd` running as a service: systemd notify, watching, the change feed, reload,
/// shutdown.
@Suite("syncd as a service, end to end", .serialized)
struct DaemonTests {
    static let daemonConfig = "\n[daemon]\nsocket = \"run/syncd.sock\"\n"

    func story(_ index: Int, _ extra: String = "") -> String {
        "Story \(index) about the city council\n\n"
            + "The council met on day \(index) and discussed budget item \(index * 7919 % 1000) at length. \(extra)\n"
    }

    @Test("notify: READY with STATUS, RELOADING with MONOTONIC_USEC then READY on SIGHUP, a bad config refused, STOPPING and exit 0 on SIGTERM")
    func notifyProtocol() throws {
        let harness = try Harness(extraConfig: Self.daemonConfig)
        try harness.write("a.txt", story(1))
        let notify = try NotifySocket(path: harness.folder + "/notify.sock")
        let daemon = try DaemonProcess(harness: harness, notify: notify, environment: ["WATCHDOG_USEC": "1000000"])
        let ready = notify.receive(until: { $0.contains("READY=1") })
        #expect(ready.last?.contains("STATUS=") == true, "\(ready) \(daemon.log)")
        #expect(notify.receive(until: { $0 == "WATCHDOG=1" }, timeout: 5).last == "WATCHDOG=1")
        try daemon.waitForAPI()

        daemon.signal(SIGHUP)
        let reload = notify.receive(until: { $0.hasPrefix("READY=1") })
        let reloading = try #require(reload.first { $0.contains("RELOADING=1") })
        let monotonic = reloading.split(separator: "\n").first { $0.hasPrefix("MONOTONIC_USEC=") }.flatMap { UInt64($0.dropFirst(15)) }
        #expect(monotonic != nil && monotonic! > 0)
        #expect(reload.last?.hasPrefix("READY=1") == true)

        // An invalid configuration is refused; the running one keeps serving.
        let good = try String(contentsOfFile: harness.config, encoding: .utf8)
        try (good + "\nbogus = 1\n").write(toFile: harness.config, atomically: true, encoding: .utf8)
        daemon.signal(SIGHUP)
        _ = notify.receive(until: { $0.hasPrefix("READY=1") })
        #expect(daemon.log.contains("reload refused") && daemon.log.contains("unknown key \"bogus\""))
        #expect(try UnixHTTP.request(daemon.socket, "GET", "/v1/status").status == 200)
        try good.write(toFile: harness.config, atomically: true, encoding: .utf8)

        // The socket the API serves on is a socket of mode 0600: only its owner may connect.
        let socket = try FileManager.default.attributesOfItem(atPath: daemon.socket)
        #expect(socket[.type] as? FileAttributeType == .typeSocket)
        #expect(socket[.posixPermissions] as? Int == 0o600)

        #expect(daemon.stop() == 0, "\(daemon.log)")
        let last = notify.receive(until: { $0.contains("STOPPING=1") }, timeout: 5)
        #expect(last.contains { $0.contains("STOPPING=1") })
    }

    @Test("daemon.socket_group shares the API socket with that group (mode 0660); a group that does not exist stops syncd with its name")
    func socketGroup() throws {
        // Debian's base system has the group `daemon`; any group but the test user's own would do.
        let gid = try #require(getgrnam("daemon")?.pointee.gr_gid)
        let harness = try Harness(extraConfig: Self.daemonConfig + "socket_group = \"daemon\"\n")
        let daemon = try DaemonProcess(harness: harness, notify: nil)
        try daemon.waitForAPI()
        var info = stat()
        #expect(stat(daemon.socket, &info) == 0)
        #expect(info.st_mode & 0o777 == 0o660 && info.st_gid == gid, "mode \(String(info.st_mode & 0o777, radix: 8)) gid \(info.st_gid)")
        #expect(daemon.stop() == 0, "\(daemon.log)")

        let missing = try Harness(extraConfig: Self.daemonConfig + "socket_group = \"no-such-group-7f3a\"\n")
        let refused = try DaemonProcess(harness: missing, notify: nil)
        #expect(refused.waitForExit() == 2, "\(refused.log)")
        #expect(refused.log.contains("there is no group \"no-such-group-7f3a\""), "\(refused.log)")
    }

    @Test("files written, edited, atomically replaced, renamed and deleted reach /v1/changes by long poll")
    func watching() throws {
        let harness = try Harness(extraConfig: Self.daemonConfig)
        try harness.write("a.txt", story(1))
        let daemon = try DaemonProcess(harness: harness, notify: nil)
        try daemon.waitForAPI()
        var head = try daemon.waitForChanges(since: 0).last.flatMap { ($0["seq"] as? NSNumber)?.int64Value } ?? 0
        #expect(head == 1)

        func expectChange(_ action: () throws -> Void, ops: [String], keys: [String], _ what: Comment) throws {
            try action()
            // Changes are published per commit: a rename's create and delete may come in two.
            // Cluster rows (a renamed file is an exact duplicate of its old self for a moment) aside.
            let changes = try daemon.waitForChanges(since: head, within: 10) { rows in
                rows.filter { ($0["op"] as? String) != "cluster" }.count >= ops.count
            }
            let documentChanges = changes.filter { ($0["op"] as? String) != "cluster" }
            #expect(documentChanges.compactMap { $0["op"] as? String }.sorted() == ops.sorted(), what)
            #expect(documentChanges.compactMap { $0["key"] as? String }.sorted() == keys.sorted(), what)
            head = changes.last.flatMap { ($0["seq"] as? NSNumber)?.int64Value } ?? head
        }
        try expectChange({ try harness.write("sub/b.txt", story(2)) }, ops: ["create"], keys: ["sub/b.txt"], "a new file in a new folder")
        try expectChange({ try harness.write("sub/b.txt", story(2, "An update.")) }, ops: ["update"], keys: ["sub/b.txt"], "an edit")
        try expectChange(
            {
                // An editor's save: write a temporary file, rename it over the original.
                try story(1, "Saved by an editor.").write(toFile: harness.folder + "/docs/.a.txt.swp", atomically: false, encoding: .utf8)
                rename(harness.folder + "/docs/.a.txt.swp", harness.folder + "/docs/a.txt")
            }, ops: ["update"], keys: ["a.txt"], "an atomic replace is one update")
        try expectChange(
            { rename(harness.folder + "/docs/sub/b.txt", harness.folder + "/docs/sub/c.txt") }, ops: ["delete", "create"],
            keys: ["sub/b.txt", "sub/c.txt"], "a rename")
        try expectChange({ try harness.remove("a.txt") }, ops: ["delete"], keys: ["a.txt"], "a delete")
        #expect(daemon.stop() == 0)
    }

    @Test("SIGTERM in the middle of an ingest exits 0 and leaves a store the next run completes")
    func sigtermMidIngest() throws {
        let harness = try Harness(extraConfig: Self.daemonConfig)
        for index in 0..<2500 { try harness.write("bulk/\(index).txt", story(index)) }
        let daemon = try DaemonProcess(harness: harness, notify: nil)
        try daemon.waitForAPI()
        _ = try daemon.waitForChanges(since: 0, atLeast: 1)
        let status = daemon.stop(timeout: 25)
        #expect(status == 0, "\(daemon.log)")
        let partial = try harness.changes()
        #expect(!partial.isEmpty)
        // SIGTERM follows the first committed batch (change feeds wake per commit), so it usually
        // lands mid-scan; a machine fast enough to finish first still has to pass what follows.
        let rerun = try harness.syncd("--once")
        #expect(rerun.status == 0, "\(rerun.stderr)")
        let changes = try harness.changes()
        let creates = changes.filter { $0.op == .create }
        let createdOnce = creates.count == 2500 && Set(creates.map(\.key)).count == 2500
        #expect(createdOnce, "\(creates.count) creates of \(Set(creates.map(\.key)).count) keys")
        #expect(!changes.contains { $0.op == .update || $0.op == .delete })
        let contiguous = changes.map(\.seq) == Array(1...Int64(changes.count))
        #expect(contiguous, "the change log has gaps or repeats")
    }

    @Test("an SSE consumer that follows the feed across a daemon restart sees every change exactly once")
    func sseAcrossRestart() throws {
        let harness = try Harness(extraConfig: Self.daemonConfig)
        var daemon = try DaemonProcess(harness: harness, notify: nil)
        try daemon.waitForAPI()
        let first = try SSEReader(socket: daemon.socket, path: "/v1/changes?feed=sse&since=0&heartbeat=500")
        for index in 0..<5 { try harness.write("a\(index).txt", story(index)) }
        var seen = first.ids(timeout: 20) { $0.count >= 5 }.ids
        #expect(seen.count >= 5)
        #expect(daemon.stop() == 0)
        #expect(first.ids(timeout: 5) { _ in false }.ended, "the stream ends when the daemon stops")

        for index in 5..<10 { try harness.write("a\(index).txt", story(index)) }  // written while it is down
        daemon = try DaemonProcess(harness: harness, notify: nil)
        try daemon.waitForAPI()
        let second = try SSEReader(socket: daemon.socket, path: "/v1/changes?feed=sse&heartbeat=500", lastEventID: seen.last)
        for index in 10..<15 { try harness.write("a\(index).txt", story(index)) }
        let expected = try { () throws -> Int in
            _ = try daemon.waitForChanges(since: 0, atLeast: 15, within: 20)
            return try daemon.changes(since: 0).results.count
        }()
        seen += second.ids(timeout: 20) { seen.count + $0.count >= expected }.ids
        #expect(daemon.stop() == 0)
        let all = try harness.changes().map(\.seq)
        #expect(seen == all, "seen \(seen.count) of \(all.count) changes; repeats or gaps: \(seen != Array(Set(seen)).sorted())")
    }

    @Test("feeds are polled when due and on `syncctl sync`; `syncctl reload` and `sources add` apply to the running daemon")
    func feedsAndControl() async throws {
        let feed = try FeedEndToEndTests.seedFeed([0, 1])
        let server = try await TestHTTPServer.start { request in
            request.header("If-None-Match") == "\"v1\""
                ? HTTPResponse(status: 304)
                : HTTPResponse(status: 200, headers: [("Content-Type", "application/rss+xml"), ("ETag", "\"v1\"")], text: feed)
        }
        let harness = try Harness(
            extraConfig: Self.daemonConfig,
            sourceExtra: """

                [[source]]
                name = "news"
                type = "feed"
                url = "\(server.baseURL)/news.xml"
                interval = "1h"
                """)
        let daemon = try DaemonProcess(harness: harness, notify: nil)
        try daemon.waitForAPI()
        let created = try daemon.waitForChanges(since: 0, atLeast: 2)
        #expect(created.filter { ($0["source"] as? String) == "news" }.count == 2, "\(daemon.log)")
        #expect(server.requestCount == 1, "not due again for an hour")

        let sync = try harness.syncctl("sync", "news")
        #expect(sync.status == 0 && sync.stdout.contains("news"), "\(sync.stderr)")
        // The daemon logs each fetch once it has stored its outcome.
        FileWatch([daemon.stderr]).wait(timeout: 30) { daemon.log.components(separatedBy: "feed fetched").count - 1 >= 2 }
        #expect(server.requestCount == 2)
        #expect(server.requests().last?.header("If-None-Match") == "\"v1\"")

        try FileManager.default.createDirectory(atPath: harness.folder + "/more", withIntermediateDirectories: true)
        try story(9).write(toFile: harness.folder + "/more/m.txt", atomically: true, encoding: .utf8)
        let added = try Harness.run("syncctl", ["sources", "add", "more", "--folder", harness.folder + "/more", "--config", harness.config])
        #expect(added.status == 0 && added.stdout.contains("reloaded"), "\(added.stderr)")
        let more = try daemon.waitForChanges(since: 2, atLeast: 1)
        #expect(more.contains { ($0["source"] as? String) == "more" })
        let reloaded = try harness.syncctl("reload", "--json")
        #expect(reloaded.status == 0 && (try? JSONSerialization.jsonObject(with: Data(reloaded.stdout.utf8))) is [String: Any], "\(reloaded.stdout)")
        let listed = try JSONSerialization.jsonObject(with: Data(try harness.syncctl("sources", "list", "--json").stdout.utf8)) as? [[String: Any]]
        #expect(
            listed?.compactMap { $0["name"] as? String }.contains("more") == true && listed?.allSatisfy { $0["enabled"] as? Bool == true } == true)
        let status = try harness.syncctl("status").stdout
        #expect(status.contains("daemon       running") && status.contains("not-modified"))
        #expect(daemon.stop() == 0)
        #expect(try harness.syncctl("status").stdout.contains("daemon       not running"))
        let noDaemon = try harness.syncctl("sync")
        #expect(noDaemon.status == 3 && noDaemon.stderr.contains("syncd is not running"), "\(noDaemon.stderr)")
        let before = try String(contentsOfFile: harness.config, encoding: .utf8)
        let duplicate = try Harness.run("syncctl", ["sources", "add", "more", "--folder", harness.folder, "--config", harness.config])
        #expect(duplicate.status == 2 && duplicate.stderr.contains("duplicate source name \"more\""), "\(duplicate.stderr)")
        #expect(try String(contentsOfFile: harness.config, encoding: .utf8) == before, "a refused edit leaves the file alone")
    }

    @Test("`syncctl reload` exits 2 when the daemon refuses the configuration, which keeps running")
    func reloadRefused() throws {
        let harness = try Harness(extraConfig: Self.daemonConfig)
        let daemon = try DaemonProcess(harness: harness, notify: nil)
        try daemon.waitForAPI()
        // Valid for syncctl (which reads the file too) but refused by the daemon: iconv lacks the charset.
        let good = try String(contentsOfFile: harness.config, encoding: .utf8)
        try (good + "\n[[source]]\nname = \"news\"\ntype = \"feed\"\nurl = \"http://127.0.0.1:9/news.xml\"\ncharset = \"x-no-such-charset\"\n")
            .write(toFile: harness.config, atomically: true, encoding: .utf8)
        let refused = try harness.syncctl("reload")
        #expect(refused.status == 2, "\(refused.status) \(refused.stderr)")
        #expect(refused.stderr.contains("unknown charset \"x-no-such-charset\""), "\(refused.stderr)")
        #expect(daemon.log.contains("reload refused"))
        #expect(try UnixHTTP.request(daemon.socket, "GET", "/v1/status").status == 200)
        try good.write(toFile: harness.config, atomically: true, encoding: .utf8)
        #expect(try harness.syncctl("reload").status == 0)
        #expect(daemon.stop() == 0)
    }

    @Test("sources that overlap both see a change in the shared folder; removing one keeps the other watching; remove keeps comments")
    func overlappingSources() throws {
        let harness = try Harness(
            extraConfig: Self.daemonConfig,
            sourceExtra: """

                # The French desk, also inside docs/.
                [[source]]
                name = "fr"
                type = "folder"
                path = "docs/fr"
                # A comment that belongs to what follows.

                # [[source]]
                # name = "later"
                """)
        try harness.write("fr/a.txt", story(1))
        let daemon = try DaemonProcess(harness: harness, notify: nil)
        try daemon.waitForAPI()
        let initial = try daemon.waitForChanges(since: 0, atLeast: 2)
        var head = initial.compactMap { ($0["seq"] as? NSNumber)?.int64Value }.max() ?? 0
        try harness.write("fr/b.txt", story(2))
        let both = try daemon.waitForChanges(since: head, atLeast: 2)
        #expect(Set(both.compactMap { $0["source"] as? String }) == ["docs", "fr"], "\(both)")
        head = both.compactMap { ($0["seq"] as? NSNumber)?.int64Value }.max() ?? head

        let removed = try Harness.run("syncctl", ["sources", "remove", "fr", "--config", harness.config])
        #expect(removed.status == 0, "\(removed.stderr)")
        let config = try String(contentsOfFile: harness.config, encoding: .utf8)
        #expect(
            !config.contains("name = \"fr\"") && config.contains("# A comment that belongs to what follows.") && config.contains("# name = \"later\"")
        )
        try harness.write("fr/c.txt", story(3))
        let after = try daemon.waitForChanges(since: head, atLeast: 1)
        #expect(after.compactMap { $0["source"] as? String } == ["docs"], "docs still watches the folder fr shared")
        #expect(daemon.stop() == 0)
    }
}
