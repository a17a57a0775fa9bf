import Foundation
import SyncModel
import Testing

/// `syncctl diff`'s unified format, checked by the real `patch` program: applied to the older
/// text, every diff must give back the newer text exactly.
@Suite("unified diffs apply with patch(1)")
struct LineDiffPatchTests {
    static let base = (1...12).map { "line \($0)" }

    /// (name, old lines, new lines)
    static let cases: [(String, [String], [String])] = {
        var cases: [(String, [String], [String])] = []
        cases.append(("insert at start", base, ["new a", "new b"] + base))
        cases.append(("insert in the middle", base, Array(base[..<5]) + ["new a"] + Array(base[5...])))
        cases.append(("insert at end", base, base + ["new a", "new b"]))
        cases.append(("insert into an empty text", [], ["new a", "new b"]))
        cases.append(("delete at start", base, Array(base[2...])))
        cases.append(("delete in the middle", base, Array(base[..<4]) + Array(base[7...])))
        cases.append(("delete at end", base, Array(base[..<10])))
        cases.append(("delete everything", base, []))
        cases.append(("replace in the middle", base, Array(base[..<3]) + ["changed 4", "changed 5"] + Array(base[5...])))
        var mixed = base
        mixed.insert("top", at: 0)
        mixed.remove(at: 6)
        mixed[9] = "edited"
        mixed.insert(contentsOf: ["inserted x", "inserted y"], at: 11)
        mixed.append("bottom")
        cases.append(("mixed: insertions, deletions and edits far apart and close together", base, mixed))
        cases.append(
            (
                "several pure insertions and deletions", base,
                ["first"] + Array(base[0..<3]) + ["after 3"] + Array(base[4..<8]) + Array(base[9...]) + ["last"]
            ))
        return cases
    }()

    @Test("pure insertions (start, middle, end), pure deletions and mixed edits", arguments: [0, 1, 3])
    func appliesWithPatch(context: Int) throws {
        let patch = ["/usr/bin/patch", "/bin/patch"].first { FileManager.default.isExecutableFile(atPath: $0) }
        let program = try #require(patch, "the `patch` program is missing (Debian package patch; `make deps` installs it)")
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("syncd-diff-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: folder) }
        for (name, old, new) in Self.cases {
            let diff = LineDiff.unified(old: old, new: new, oldLabel: "old.txt", newLabel: "new.txt", context: context)
            #expect(!diff.isEmpty, "\(name): no diff")
            try text(old).write(toFile: folder + "/old.txt", atomically: true, encoding: .utf8)
            try text(diff).write(toFile: folder + "/change.diff", atomically: true, encoding: .utf8)
            try? FileManager.default.removeItem(atPath: folder + "/out.txt")
            let process = Process()
            process.executableURL = URL(fileURLWithPath: program)
            // No fuzz: every hunk must apply exactly where its header says.
            process.arguments = ["--fuzz=0", "--force", "--silent", "--output=" + folder + "/out.txt", folder + "/old.txt", folder + "/change.diff"]
            process.standardOutput = FileHandle.nullDevice
            process.standardError = FileHandle.nullDevice
            try process.run()
            process.waitUntilExit()
            let result = (try? String(contentsOfFile: folder + "/out.txt", encoding: .utf8)) ?? "<no output>"
            #expect(
                process.terminationStatus == 0 && result == text(new),
                "\(name), context \(context): patch exited \(process.terminationStatus)\n\(diff.joined(separator: "\n"))\n--- got:\n\(result)")
        }
    }

    @Test("a pure insertion or deletion names the line before it, as diff -u does")
    func emptySideHeaders() {
        let lines = ["a", "b", "c"]
        #expect(
            LineDiff.unified(old: lines, new: ["a", "x", "b", "c"], oldLabel: "o", newLabel: "n", context: 0)
                == ["--- o", "+++ n", "@@ -1,0 +2,1 @@", "+x"])
        #expect(
            LineDiff.unified(old: lines, new: ["x"] + lines, oldLabel: "o", newLabel: "n", context: 0)
                == ["--- o", "+++ n", "@@ -0,0 +1,1 @@", "+x"])
        #expect(
            LineDiff.unified(old: lines, new: ["a", "c"], oldLabel: "o", newLabel: "n", context: 0)
                == ["--- o", "+++ n", "@@ -2,1 +1,0 @@", "-b"])
        #expect(
            LineDiff.unified(old: [], new: ["x"], oldLabel: "o", newLabel: "n", context: 3)
                == ["--- o", "+++ n", "@@ -0,0 +1,1 @@", "+x"])
    }

    /// Lines as a file holds them: each ends with a newline.
    private func text(_ lines: [String]) -> String { lines.map { $0 + "\n" }.joined() }
}
