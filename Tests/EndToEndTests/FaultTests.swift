import Foundation
import SyncModel
import Testing

#if canImport(Glibc)
import Glibc
#endif

/// Faults a running daemon meets on a real machine: its store's file system filling up, and
/// kill -9 again and again while an indexer follows the change feed.
@Suite("daemon faults", .serialized)
struct FaultTests {
    /// A small file system mounted on `path`: tmpfs, or, where tmpfs cannot be mounted, an ext2
    /// image on a loop device. Both need mount rights, which the tests have as root; without
    /// them the test fails with the reason instead of skipping.
    final class SmallFileSystem {
        let path: String

        init(at path: String, bytes: Int) throws {
            self.path = path
            try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
            let tmpfs = try Harness.runTool("mount", ["-t", "tmpfs", "-o", "size=\(bytes)", "syncd-test", path])
            guard tmpfs.status != 0 else { return }
            let image = path + ".img"
            _ = try Harness.runTool("truncate", ["-s", "\(bytes)", image])
            _ = try Harness.runTool("mkfs.ext2", ["-q", "-F", image])
            let loop = try Harness.runTool("mount", ["-o", "loop", image, path])
            guard loop.status == 0 else {
                throw SyncError(
                    .invalidArgument, "cannot mount a small file system for the disk-full case: tmpfs: \(tmpfs.stderr) loop: \(loop.stderr)")
            }
        }

        /// Bytes used on it.
        var used: Int {
            var stats = statvfs()
            guard statvfs(path, &stats) == 0 else { return 0 }
            return Int(stats.f_blocks - stats.f_bfree) * Int(stats.f_frsize)
        }

        /// Grows (or shrinks) a tmpfs in place, as an operator frees space.
        func resize(to bytes: Int) throws {
            let output = try Harness.runTool("mount", ["-o", "remount,size=\(bytes)", path])
            guard output.status == 0 else { throw SyncError(.invalidArgument, "cannot resize \(path): \(output.stderr)") }
        }

        var isTmpfs: Bool {
            ((try? String(contentsOfFile: "/proc/self/mounts", encoding: .utf8)) ?? "").split(separator: "\n")
                .contains { $0.split(separator: " ").dropFirst().first.map(String.init) == path && $0.hasPrefix("syncd-test ") }
        }

        deinit { _ = try? Harness.runTool("umount", ["-l", path]) }
    }

    /// A text no other shares and that compresses poorly: random words over a wide alphabet.
    static func incompressible(_ index: Int, words: Int) -> String {
        var state = UInt64(index) &* 0x9E37_79B9_7F4A_7C15 &+ 1
        let letters = Array("ابتثجحخدذرزسشصضطظعغفقكلمنهويabcdefghijklmnopqrstuvwxyz")
        var text = "Report \(index)\n\n"
        for _ in 0..<words {
            var word = ""
            for _ in 0..<(3 + Int(state % 6)) {
                state = state &* 6364136223846793005 &+ 1442695040888963407
                word.append(letters[Int(state >> 33) % letters.count])
            }
            text += word + " "
        }
        return text + "\n"
    }

    /// The value of an unlabelled metric in Prometheus text.
    static func metric(_ text: String, _ name: String) -> Double? {
        text.split(separator: "\n").first { $0.hasPrefix(name + " ") }.flatMap { Double($0.split(separator: " ").last ?? "") }
    }

    static func status(_ daemon: DaemonProcess) -> [String: Any] {
        (try? UnixHTTP.request(daemon.socket, "GET", "/v1/status").json) ?? [:]
    }

    @Test(
        "the store's disk fills up: the scan is reported failing and retried, what was stored stays readable, and all of it lands once space is freed"
    )
    func diskFull() throws {
        let harness = try Harness(extraConfig: DaemonTests.daemonConfig)
        for index in 0..<3 { try harness.write("early-\(index).txt", Self.incompressible(index, words: 200)) }
        let disk = try SmallFileSystem(at: harness.folder + "/state", bytes: 64 << 20)
        let daemon = try DaemonProcess(harness: harness, notify: nil)
        try daemon.waitForAPI()
        #expect(try daemon.waitForChanges(since: 0, atLeast: 3, within: 30).count >= 3)
        let early = try UnixHTTP.request(daemon.socket, "GET", "/v1/documents/docs:early-1.txt")
        #expect(early.status == 200)

        // Leave the store a little room, then give it far more to store than fits.
        if disk.isTmpfs { try disk.resize(to: disk.used + (256 << 10)) }
        let later = 300
        for index in 0..<later { try harness.write("later-\(index).txt", Self.incompressible(1000 + index, words: 1500)) }
        let watch = FileWatch([daemon.stderr])
        let failed = watch.wait(timeout: 120) {
            ((Self.status(daemon)["failing"] as? [[String: Any]]) ?? []).contains {
                ($0["source"] as? String) == "docs" && (($0["error"] as? String) ?? "").contains("full")
            }
        }
        #expect(failed, "the full disk is shown in /v1/status; log:\n\(daemon.log.suffix(2000))")
        #expect(daemon.log.contains("scan failed; retrying with backoff"))
        let metrics = try UnixHTTP.request(daemon.socket, "GET", "/metrics").body
        #expect(Self.metric(metrics, "syncd_sources_failing") == 1)
        #expect((Self.metric(metrics, "syncd_scan_failures_total") ?? 0) >= 1)
        // What was stored before stays readable while the disk is full.
        let during = try UnixHTTP.request(daemon.socket, "GET", "/v1/documents/docs:early-1.txt")
        #expect(during.status == 200 && during.body == early.body)

        // Space is freed: the retry (backoff) completes the scan without any new event.
        if disk.isTmpfs { try disk.resize(to: 256 << 20) }
        let total = 3 + later
        let recovered = FileWatch([daemon.stderr, harness.folder + "/state"]).wait(timeout: 180) {
            let status = Self.status(daemon)
            return ((status["failing"] as? [Any]) ?? [1]).isEmpty && (status["documents"] as? Int) == total
        }
        #expect(recovered, "status: \(Self.status(daemon)); log:\n\(daemon.log.suffix(2000))")
        #expect(daemon.stop() == 0)

        // Every file once, nothing from before altered, and the store passes the checks a
        // start makes before its first write.
        let changes = try harness.changes()
        let creates = changes.filter { $0.op == .create }.map(\.key)
        #expect(creates.count == total && Set(creates).count == total)
        #expect(!changes.contains { $0.op == .update || $0.op == .delete })
        #expect(changes.map(\.seq) == Array(1...Int64(changes.count)))
        let rerun = try harness.syncd("--once")
        #expect(rerun.status == 0, "\(rerun.stderr)")
        #expect(try harness.changes().count == changes.count)
        let show = try harness.syncctl("show", "docs:early-1.txt", "--json")
        let shown = (try? JSONSerialization.jsonObject(with: Data(show.stdout.utf8)) as? [String: Any]) ?? [:]
        #expect(show.status == 0 && (shown["text"] as? String) != nil && (shown["text"] as? String) == (early.json["text"] as? String))
    }

    /// An indexer in the way the API asks for: read after its committed cursor, process each
    /// change whose seq it has not processed yet, then ack.
    final class Indexer {
        var processed: [Int64] = []
        var redelivered = 0

        /// Reads one batch; returns the head (`last_seq + pending`), or nil when the daemon is down.
        func read(_ socket: String, ack: Bool) -> Int64? {
            guard
                let reply = try? UnixHTTP.request(socket, "GET", "/v1/changes?consumer=indexer&feed=longpoll&timeout=500&limit=300"),
                reply.status == 200
            else { return nil }
            let json = reply.json
            let results = (json["results"] as? [[String: Any]]) ?? []
            for change in results {
                guard let seq = (change["seq"] as? NSNumber)?.int64Value else { continue }
                if let last = processed.last, seq <= last {
                    redelivered += 1
                } else {
                    processed.append(seq)
                }
            }
            let last = (json["last_seq"] as? NSNumber)?.int64Value ?? 0
            if ack, !results.isEmpty {
                guard (try? UnixHTTP.request(socket, "POST", "/v1/consumers/indexer/ack", body: "{\"seq\": \(last)}"))?.status == 200 else {
                    return nil
                }
            }
            return last + ((json["pending"] as? NSNumber)?.int64Value ?? 0)
        }
    }

    @Test("kill -9 of the daemon again and again while an indexer follows the feed: nothing lost or doubled", .timeLimit(.minutes(10)))
    func killLoopWithConsumer() throws {
        let documents = 1200
        let reference = try Harness()
        try CrashRecoveryTests.writeCorpus(into: reference, documents: documents)
        #expect(try reference.syncd("--once").status == 0)
        let expectedChanges = try reference.changes().count

        let victim = try Harness(extraConfig: DaemonTests.daemonConfig)
        try CrashRecoveryTests.writeCorpus(into: victim, documents: documents)
        let indexer = Indexer()
        let rounds = 4
        var kills = 0
        for round in 0..<rounds {
            let daemon = try DaemonProcess(harness: victim, notify: nil)
            try daemon.waitForAPI()
            let target = Int64((round + 1) * expectedChanges / (rounds + 2))
            // Odd rounds kill between a read and its ack, so the indexer reads again what it
            // had not acked; even rounds kill right after an ack.
            while daemon.process.isRunning {
                guard let head = indexer.read(daemon.socket, ack: round % 2 == 0 || (indexer.processed.last ?? 0) < target) else { break }
                if head >= target || (indexer.processed.last ?? 0) >= target { break }
            }
            if daemon.process.isRunning {
                daemon.signal(SIGKILL)
                kills += 1
            }
            _ = daemon.waitForExit()
        }
        #expect(kills >= rounds - 1, "the daemon was killed mid-run")

        let daemon = try DaemonProcess(harness: victim, notify: nil)
        try daemon.waitForAPI()
        let deadline = Date().addingTimeInterval(240)
        while (indexer.processed.last ?? 0) < Int64(expectedChanges) && Date() < deadline {
            _ = indexer.read(daemon.socket, ack: true)
        }
        #expect(daemon.stop() == 0)

        let all = try victim.changes()
        #expect(all.count == expectedChanges)
        #expect(indexer.processed == all.map(\.seq), "the indexer saw \(indexer.processed.count) of \(all.count) changes")
        #expect(all.map(\.seq) == Array(1...Int64(all.count)), "the log has no gap")
        let creates = all.filter { $0.op == .create }.map(\.key)
        #expect(creates.count == documents && Set(creates).count == documents)
        #expect(try clusters(victim) == clusters(reference))
        let status = try victim.json(StatusJSON.self, "status", "--json")
        #expect(status.documents == documents && status.versions == documents)
    }

    /// The clusters as sets of keys.
    func clusters(_ harness: Harness) throws -> Set<Set<String>> {
        let dupes = try JSONDecoder().decode([DupesJSON].self, from: Data(harness.syncctl("dupes", "--json").stdout.utf8))
        return Set(dupes.map { Set($0.members.map(\.key)) })
    }
}
