import Foundation
import SyncModel
import Testing

/// Kills `syncd --once` with SIGKILL in the middle of an ingest, again and again, then lets a
/// rerun finish; the store must end exactly as one uninterrupted run leaves it.
@Suite("kill -9 recovery", .serialized)
struct CrashRecoveryTests {
    /// Documents of random words drawn from the seeds' vocabulary (no two alike), a third of
    /// them followed by a lightly edited copy so that clusters form too.
    static func writeCorpus(into harness: Harness, documents: Int) throws {
        var vocabulary = Set<String>()
        for name in try FileManager.default.contentsOfDirectory(atPath: Harness.repositoryRoot + "/seeds") {
            let text = try String(contentsOfFile: Harness.repositoryRoot + "/seeds/" + name, encoding: .utf8)
            vocabulary.formUnion(text.split(whereSeparator: { $0.isWhitespace }).map(String.init))
        }
        let words = vocabulary.sorted()
        var state: UInt64 = 42
        func next() -> Int {
            state = state &* 6364136223846793005 &+ 1442695040888963407
            return Int(state >> 33)
        }
        var written = 0
        while written < documents {
            let body = (0..<160).map { _ in words[next() % words.count] }
            try harness.write(String(format: "%05d.txt", written), "Title \(written)\n\n" + body.joined(separator: " "))
            written += 1
            if next() % 3 == 0 && written < documents {
                var copy = body
                for i in stride(from: 7, to: copy.count, by: 20) { copy[i] = words[next() % words.count] }
                try harness.write(String(format: "%05d.txt", written), "Title \(written - 1)\n\n" + copy.joined(separator: " "))
                written += 1
            }
        }
    }

    struct Row: Equatable { var op: ChangeOp; var doc: Int64; var key: String; var version: Int; var cluster: Int64?; var canonical: Bool }

    func rows(_ harness: Harness) throws -> [Row] {
        try harness.changes().map { Row(op: $0.op, doc: $0.doc, key: $0.key, version: $0.version, cluster: $0.cluster, canonical: $0.canonical) }
    }

    /// Runs `syncd --once` and kills it with SIGKILL once the change log has grown by
    /// `fraction` of `expected` rows past `start` (further each round). Returns the kills made.
    static func killRepeatedly(_ victim: Harness, start: Int64, expected: Int, rounds: Int) throws -> Int {
        var kills = 0
        for round in 0..<rounds {
            let (process, out, err) = try Harness.start("syncd", ["--config", victim.config, "--once"])
            defer { try? FileManager.default.removeItem(atPath: out); try? FileManager.default.removeItem(atPath: err) }
            let target = start + Int64((round + 1) * expected / (rounds + 2))
            // Every commit writes the WAL: look at the head after each burst of writes.
            let watch = FileWatch([victim.folder, (victim.store as NSString).deletingLastPathComponent])
            watch.wait {
                guard process.isRunning else { return true }
                return ((try? victim.json(StatusJSON.self, "status", "--json").changeHead) ?? 0) >= target
            }
            if process.isRunning {
                kill(process.processIdentifier, SIGKILL)
                kills += 1
            }
            process.waitUntilExit()
        }
        return kills
    }

    /// Edits every fifth document lightly, deletes every ninth, adds a few.
    static func churn(_ harness: Harness, documents: Int) throws {
        for i in stride(from: 0, to: documents, by: 5) {
            let path = harness.folder + "/docs/" + String(format: "%05d.txt", i)
            guard let text = try? String(contentsOfFile: path, encoding: .utf8) else { continue }
            try (text + "\nتحديث \(i)").write(toFile: path, atomically: true, encoding: .utf8)
        }
        for i in stride(from: 3, to: documents, by: 9) { try? harness.remove(String(format: "%05d.txt", i)) }
        for i in 0..<50 { try harness.write(String(format: "new-%03d.txt", i), "New \(i)\n\nجديد \(i) " + String(repeating: "كلمة\(i) ", count: 30)) }
    }

    @Test("killed while applying edits, deletes and additions, a rerun ends as an uninterrupted run")
    func killNineMidUpdate() throws {
        let documents = 900
        let reference = try Harness(), victim = try Harness()
        for harness in [reference, victim] {
            try Self.writeCorpus(into: harness, documents: documents)
            #expect(try harness.syncd("--once").status == 0)
            try Self.churn(harness, documents: documents)
        }
        let start = try victim.json(StatusJSON.self, "status", "--json").changeHead
        #expect(try reference.syncd("--once").status == 0)
        let expected = try rows(reference)
        let phase2 = expected.count - Int(start)
        #expect(phase2 > 200)
        _ = try Self.killRepeatedly(victim, start: start, expected: phase2, rounds: 3)
        #expect(try victim.syncd("--once").status == 0)
        #expect(try rows(victim) == expected)
        let status = try victim.json(StatusJSON.self, "status", "--json")
        let referenceStatus = try reference.json(StatusJSON.self, "status", "--json")
        #expect(status.documents == referenceStatus.documents && status.versions == referenceStatus.versions)
        #expect(status.deleted == referenceStatus.deleted && status.deleted > 0)
    }

    @Test("a store killed at any instant is completed by a rerun with nothing lost or doubled")
    func killNineMidIngest() throws {
        let documents = 1500
        let reference = try Harness()
        try Self.writeCorpus(into: reference, documents: documents)
        #expect(try reference.syncd("--once").status == 0)
        let expected = try rows(reference)
        #expect(expected.filter { $0.op == .create }.count == documents)
        #expect(expected.contains { $0.op == .cluster })

        let victim = try Harness()
        try Self.writeCorpus(into: victim, documents: documents)
        _ = try Self.killRepeatedly(victim, start: 0, expected: documents, rounds: 4)
        let rerun = try victim.syncd("--once")
        #expect(rerun.status == 0, "\(rerun.stderr)")
        let status = try victim.json(StatusJSON.self, "status", "--json")
        #expect(status.documents == documents && status.versions == documents)
        let actual = try rows(victim)
        #expect(actual.count == expected.count)
        #expect(actual == expected)
        let seqs = try victim.changes().map(\.seq)
        #expect(zip(seqs, seqs.dropFirst()).allSatisfy { $0 < $1 })
    }
}
