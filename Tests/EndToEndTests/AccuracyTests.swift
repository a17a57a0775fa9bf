import Foundation
import Testing

/// The near-duplicate bar on a labelled corpus built by ../shared/tools/neardup-gen from real
/// Arabic news: pairwise F1 >= 0.995 and no hard negative merged, scored by neardup-score
/// exactly as an outside reviewer does.
@Suite("Near-duplicate accuracy", .serialized)
struct AccuracyTests {
    static let shared = URL(fileURLWithPath: Harness.repositoryRoot).deletingLastPathComponent().appendingPathComponent("shared").path

    struct Score: Decodable {
        var precision: Double
        var recall: Double
        var f1: Double
        var hard_negatives_merged: Int
        var hard_negatives: Int
    }

    func score(profile: String, seed: Int, bases: Int, htmlFraction: String) throws -> Score {
        let harness = try Harness()
        let corpus = harness.folder + "/nd"
        let gen = try Harness.runTool(
            "python3",
            [
                Self.shared + "/tools/neardup-gen", "--corpus",
                Self.shared + "/corpora/arabic-news/jawharafm.jsonl", "--out", corpus,
                "--bases", "\(bases)", "--seed", "\(seed)", "--profile", profile,
                "--html-fraction", htmlFraction,
            ])
        #expect(gen.status == 0, "\(gen.stderr)")
        try FileManager.default.removeItem(atPath: harness.folder + "/docs")
        try FileManager.default.moveItem(atPath: corpus + "/docs", toPath: harness.folder + "/docs")
        let run = try harness.syncd("--once")
        #expect(run.status == 0, "\(run.stderr)")
        let dupes = harness.folder + "/dupes.json"
        try harness.syncctl("dupes", "--json").stdout.write(toFile: dupes, atomically: true, encoding: .utf8)
        let scored = try Harness.runTool("python3", [Self.shared + "/tools/neardup-score", corpus + "/truth.json", dupes])
        return try JSONDecoder().decode(Score.self, from: Data(scored.stdout.utf8))
    }

    @Test(
        "the issue's corpus (dev profile, 1500 bases, seed 1): F1 >= 0.995, no hard negative merged",
        .enabled(if: FileManager.default.fileExists(atPath: shared + "/tools/neardup-gen")))
    func devProfile() throws {
        let result = try score(profile: "dev", seed: 1, bases: 1500, htmlFraction: "0.2")
        #expect(result.f1 >= 0.995, "\(result)")
        #expect(result.hard_negatives > 0 && result.hard_negatives_merged == 0, "\(result)")
        print("accuracy dev 1500/1: \(result)")
    }

    @Test(
        "hidden profile, HTML-heavy: F1 >= 0.995, no hard negative merged",
        .enabled(if: FileManager.default.fileExists(atPath: shared + "/tools/neardup-gen")))
    func hiddenProfile() throws {
        let result = try score(profile: "hidden", seed: 12, bases: 600, htmlFraction: "0.5")
        #expect(result.f1 >= 0.995, "\(result)")
        #expect(result.hard_negatives > 0 && result.hard_negatives_merged == 0, "\(result)")
        print("accuracy hidden 600/12: \(result)")
    }
}
