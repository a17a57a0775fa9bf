import Foundation
import SyncModel
import Testing

@Suite("syncd --once and syncctl, end to end", .serialized)
struct IngestTests {
    @Test("the five seeds ingest as five documents and no cluster")
    func seeds() throws {
        let harness = try Harness()
        for name in try FileManager.default.contentsOfDirectory(atPath: Harness.repositoryRoot + "/seeds") {
            try FileManager.default.copyItem(atPath: Harness.repositoryRoot + "/seeds/" + name, toPath: harness.folder + "/docs/" + name)
        }
        let run = try harness.syncd("--once")
        #expect(run.status == 0, "\(run.stderr)")
        let status = try harness.json(StatusJSON.self, "status", "--json")
        #expect(status.documents == 5 && status.versions == 5 && status.clusters == 0 && status.changeHead == 5)
        #expect(try harness.json([DupesJSON].self, "dupes", "--json").isEmpty)
        #expect(try harness.changes().map(\.op) == Array(repeating: ChangeOp.create, count: 5))
        // A second pass finds nothing new.
        let again = try harness.syncd("--once")
        #expect(again.status == 0 && again.stderr.contains("unchanged=5") && again.stderr.contains("created=0"))
        #expect(try harness.json(StatusJSON.self, "status", "--json").changeHead == 5)
        let human = try harness.syncctl("status")
        #expect(human.status == 0 && human.stdout.contains("5 live") && human.stdout.contains("docs"))
    }

    @Test("`syncd --once` draws each folder's progress on a terminal (a pty from script(1)) and prints none to a pipe")
    func progressOnTerminal() throws {
        let harness = try Harness()
        for index in 0..<150 { try harness.write("f\(index).txt", "Story \(index)\n\nThe council met on day \(index) about item \(index * 7919).\n") }
        let piped = try harness.syncd("--once")
        #expect(piped.status == 0 && !piped.stderr.contains("new or changed"), "\(piped.stderr)")

        try harness.write("f0.txt", "Story zero, edited\n\nThe council met again and changed its mind.\n")
        let command = [Harness.binaries + "/syncd", "--config", harness.config, "--once"].map { "'\($0)'" }.joined(separator: " ")
        let terminal = try Harness.runTool("script", ["-qec", command, "/dev/null"])
        #expect(terminal.status == 0, "\(terminal.stdout)")
        #expect(terminal.stdout.contains("docs: 150 files, 1 new or changed, 1 read"), "\(terminal.stdout)")
        #expect(terminal.stdout.contains("· done"), "\(terminal.stdout)")
        #expect(try harness.changes().filter { $0.op == .update }.count == 1)
    }

    @Test("edits make versions that show and diff; a removed file becomes a tombstone")
    func editAndDelete() throws {
        let harness = try Harness()
        try harness.write("news/a.txt", "عنوان الخبر\n\nالفقرة الأولى من الخبر.\nالفقرة الثانية.\n")
        try harness.write("b.md", "# Another story\n\nSomething else entirely happened today in the city.\n")
        #expect(try harness.syncd("--once").status == 0)
        try harness.write("news/a.txt", "عنوان الخبر\n\nالفقرة الأولى من الخبر.\nالفقرة الثانية المعدلة.\n")
        #expect(try harness.syncd("--once").status == 0)
        let versions = try harness.syncctl("versions", "docs:news/a.txt")
        #expect(versions.status == 0 && versions.stdout.split(separator: "\n").count == 3)
        let diff = try harness.syncctl("diff", "docs:news/a.txt", "1", "2")
        #expect(diff.stdout.contains("-الفقرة الثانية.") && diff.stdout.contains("+الفقرة الثانية المعدلة."))
        // The same hunks as data: where they start on each side and every line with its op.
        let hunks = try #require(
            try JSONSerialization.jsonObject(with: Data(try harness.syncctl("diff", "docs:news/a.txt", "1", "2", "--json").stdout.utf8))
                as? [String: Any])
        #expect(hunks["key"] as? String == "news/a.txt" && hunks["from"] as? Int == 1 && hunks["to"] as? Int == 2)
        let hunk = try #require((hunks["hunks"] as? [[String: Any]])?.first)
        #expect(hunk["oldStart"] as? Int == 1 && hunk["oldLines"] as? Int == 4 && hunk["newLines"] as? Int == 4)
        let lines = (hunk["lines"] as? [[String: String]] ?? []).map { ($0["op"] ?? "", $0["text"] ?? "") }
        #expect(lines.filter { $0.0 != "same" }.map(\.0) == ["removed", "added"])
        #expect(lines.contains { $0 == ("removed", "الفقرة الثانية.") } && lines.contains { $0 == ("added", "الفقرة الثانية المعدلة.") })
        let old = try harness.syncctl("show", "docs:news/a.txt", "--version", "1")
        #expect(old.stdout.contains("الفقرة الثانية.") && old.stdout.contains("version 1 of 2"))
        try harness.remove("b.md")
        #expect(try harness.syncd("--once").status == 0)
        let changes = try harness.changes()
        #expect(changes.map(\.op) == [.create, .create, .update, .delete])
        #expect(changes.last?.key == "b.md" && changes.last?.version == 1)
        let status = try harness.json(StatusJSON.self, "status", "--json")
        #expect(status.documents == 1 && status.deleted == 1 && status.versions == 3)
        #expect(try harness.syncctl("show", "docs:b.md").stdout.contains("(deleted)"))
        #expect(try harness.syncctl("show", "docs:nope.txt").status != 0)
    }

    @Test("bad files are reported with path and reason and never stop the run")
    func badFiles() throws {
        let harness = try Harness(extraConfig: "[ingest]\nmax_file_size = \"4KiB\"")
        try harness.write("good.txt", "A fine title\n\nA fine body of text about the city council meeting.\n")
        try harness.write("empty.txt", "")
        try harness.write("blank.md", "  \n\n \n")
        try harness.write("binary.txt", bytes: [0x48, 0x69, 0x00, 0x01, 0x02, 0x03])
        try harness.write("latin1.txt", bytes: Array("Caf".utf8) + [0xE9, 0x20, 0xFF, 0xFE, 0x41])
        try harness.write("big.txt", String(repeating: "word ", count: 2000))
        try harness.write("photo.jpg", bytes: [0xFF, 0xD8, 0xFF])
        try harness.write(".hidden.txt", "hidden\n\ntext")
        let run = try harness.syncd("--once")
        #expect(run.status == 0, "\(run.stderr)")
        for name in ["empty.txt", "blank.md", "binary.txt", "latin1.txt", "big.txt"] {
            #expect(run.stderr.contains(name), "stderr should name \(name): \(run.stderr)")
        }
        let source = try #require(try harness.json(StatusJSON.self, "status", "--json").sources.first)
        #expect(source.documents == 1 && source.filesFailed == 5 && source.filesSkipped == 2)
        let codes = Dictionary(uniqueKeysWithValues: source.problems.map { ($0.key, $0.code) })
        #expect(codes == ["empty.txt": "empty", "blank.md": "empty", "binary.txt": "binary", "latin1.txt": "undecodable", "big.txt": "too-large"])
        #expect(source.lastError != nil)
        // A stored document whose file turns bad keeps its stored text.
        try harness.write("good.txt", bytes: [0x00, 0x00])
        #expect(try harness.syncd("--once").status == 0)
        let after = try harness.json(StatusJSON.self, "status", "--json")
        #expect(after.documents == 1 && after.versions == 1)
        #expect(try harness.syncctl("show", "docs:good.txt").stdout.contains("city council"))
    }

    @Test("a missing folder is an error of its source, not of the config: nothing is deleted, syncctl still works")
    func missingFolder() throws {
        let harness = try Harness()
        try harness.write("a.txt", "A title\n\nSome text about a council meeting in the old city.\n")
        #expect(try harness.syncd("--once").status == 0)
        try FileManager.default.moveItem(atPath: harness.folder + "/docs", toPath: harness.folder + "/elsewhere")
        let run = try harness.syncd("--once")
        #expect(run.status == 1 && run.stderr.contains(harness.folder + "/docs"), "\(run.stderr)")
        let status = try harness.json(StatusJSON.self, "status", "--json")
        #expect(status.documents == 1 && status.deleted == 0)
        #expect(status.sources.first?.lastError?.contains("missing") == true && status.sources.first?.lastErrorCode == "not-found")
        #expect(try harness.changes().map(\.op) == [.create])
    }

    @Test("an empty folder that held documents is refused, not taken for a mass delete")
    func emptiedFolder() throws {
        let harness = try Harness()
        try harness.write("a.txt", "A title\n\nSome text about a council meeting in the old city.\n")
        try harness.write("b.txt", "Another title\n\nA different story about the harbour and its boats.\n")
        #expect(try harness.syncd("--once").status == 0)
        try harness.remove("a.txt")
        #expect(try harness.syncd("--once").status == 0)  // one file gone: a normal delete
        try harness.remove("b.txt")
        let run = try harness.syncd("--once")
        #expect(run.status == 1 && run.stderr.contains("not deleting"), "\(run.stderr)")
        let status = try harness.json(StatusJSON.self, "status", "--json")
        #expect(status.documents == 1 && status.deleted == 1)
        // A file syncd skips says "this folder is really empty".
        try harness.write("KEEP", "")
        #expect(try harness.syncd("--once").status == 0)
        #expect(try harness.json(StatusJSON.self, "status", "--json").deleted == 2)
    }

    @Test("file names that are the same text in different Unicode forms are different files")
    func canonicallyEquivalentNames() throws {
        let harness = try Harness()
        let composed = "caf\u{E9}.txt", decomposed = "cafe\u{301}.txt"
        try harness.write(composed, "Composed\n\nA story about a small cafe on the corner of the market square.\n")
        try harness.write(decomposed, "Decomposed\n\nA different story about the bakery that opened across the road.\n")
        #expect(try harness.syncd("--once").status == 0)
        #expect(try harness.json(StatusJSON.self, "status", "--json").documents == 2)
        try FileManager.default.removeItem(atPath: harness.folder + "/docs/" + decomposed)
        #expect(try harness.syncd("--once").status == 0)
        let deletes = try harness.changes().filter { $0.op == .delete }
        #expect(deletes.count == 1 && Array(deletes[0].key.utf8) == Array(decomposed.utf8))
    }

    @Test("a store that fails mid-ingest makes syncd exit 1 with the reason, and a rerun completes")
    func storeFailure() throws {
        let harness = try Harness()
        for i in 0..<400 {
            try harness.write(String(format: "%03d.txt", i), "Title \(i)\n\nStory number \(i) with words unique\(i) and more words \(i * 7).\n")
        }
        #expect(try harness.syncd("--once").status == 0)
        // Make every further version insert fail, as a full disk would.
        let trigger = "CREATE TRIGGER fail BEFORE INSERT ON version BEGIN SELECT RAISE(ABORT, 'simulated failure'); END;"
        #expect(
            try Harness.runTool(
                "python3", ["-c", "import sqlite3,sys; c=sqlite3.connect(sys.argv[1]); c.execute(sys.argv[2]); c.commit()", harness.store, trigger]
            ).status == 0)
        for i in 0..<400 { try harness.write(String(format: "new-%03d.txt", i), "New \(i)\n\nAnother story \(i) entirely, about topic \(i * 13).\n") }
        let failed = try harness.syncd("--once")
        #expect(failed.status == 1 && failed.stderr.contains("simulated failure"), "\(failed.status) \(failed.stderr)")
        #expect(
            try Harness.runTool(
                "python3", ["-c", "import sqlite3,sys; c=sqlite3.connect(sys.argv[1]); c.execute('DROP TRIGGER fail'); c.commit()", harness.store]
            ).status == 0)
        #expect(try harness.syncd("--once").status == 0)
        #expect(try harness.json(StatusJSON.self, "status", "--json").documents == 800)
    }

    @Test("a malformed document reference is a usage error; an unknown one is 'not found'")
    func referenceErrors() throws {
        let harness = try Harness()
        try harness.write("a.txt", "A title\n\nSome text.\n")
        #expect(try harness.syncd("--once").status == 0)
        let malformed = try harness.syncctl("show", "nonsense")
        #expect(malformed.status == 64 && malformed.stderr.contains("SOURCE:KEY"))
        let unknown = try harness.syncctl("show", "docs:missing.txt")
        #expect(unknown.status == 3 && unknown.stderr.contains("no such document"))
        #expect(try harness.syncctl("show", "docs:a.txt").status == 0)
    }

    @Test("extract prints what would be stored")
    func extract() throws {
        let harness = try Harness()
        try harness.write(
            "page.html",
            """
            <html><head><title>Site | Headline</title></head><body>
            <nav><ul><li><a href="/1">Menu one</a></li><li><a href="/2">Menu two</a></li></ul></nav>
            <h1>The headline</h1><article><p>First paragraph of the story, with enough words to count as content.</p>
            <p>Second paragraph, also long enough to be part of the article body text.</p></article>
            <footer>Copyright footer</footer></body></html>
            """)
        let out = try harness.syncctl("extract", harness.folder + "/docs/page.html")
        #expect(out.status == 0)
        #expect(out.stdout.hasPrefix("The headline\n\nFirst paragraph"))
        #expect(!out.stdout.contains("Menu one") && !out.stdout.contains("Copyright"))
        let missing = try harness.syncctl("extract", harness.folder + "/docs/none.txt")
        #expect(missing.status != 0 && missing.stderr.contains("none.txt"))
    }
}

@Suite("Configuration errors", .serialized)
struct ConfigErrorTests {
    func config(_ text: String) throws -> (String, Harness.Output) {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("syncd-cfg-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: folder + "/docs", withIntermediateDirectories: true)
        let path = folder + "/syncd.toml"
        try text.write(toFile: path, atomically: true, encoding: .utf8)
        return (path, try Harness.run("syncd", ["--config", path, "--once"]))
    }

    @Test("an unknown key exits non-zero with file:line")
    func unknownKey() throws {
        let (path, out) = try config("[store]\npath = \"s.db\"\ncolour = 1\n\n[[source]]\nname = \"docs\"\ntype = \"folder\"\npath = \"docs\"\n")
        #expect(out.status != 0)
        #expect(out.stderr.contains("\(path):3:") && out.stderr.contains("unknown key \"colour\""))
    }

    @Test("a duplicate source name exits non-zero with file:line")
    func duplicateName() throws {
        let source = "[[source]]\nname = \"docs\"\ntype = \"folder\"\npath = \"docs\"\n"
        let (path, out) = try config("[store]\npath = \"s.db\"\n\n" + source + "\n" + source)
        #expect(out.status != 0)
        #expect(out.stderr.contains("\(path):10:") && out.stderr.contains("duplicate source name \"docs\""))
    }

    @Test("a wrong type and a missing path are named")
    func wrongTypeAndMissingPath() throws {
        let (path, out) = try config("[store]\npath = 5\n\n[[source]]\nname = \"docs\"\ntype = \"folder\"\npath = \"docs\"\n")
        #expect(out.status != 0 && out.stderr.contains("\(path):2:") && out.stderr.contains("store.path must be a string"))
        let (path2, out2) = try config("[[source]]\nname = \"docs\"\ntype = \"folder\"\n")
        #expect(out2.status != 0 && out2.stderr.contains("\(path2):1:") && out2.stderr.contains("missing required key \"path\""))
    }

    @Test("a missing config file is named")
    func missingFile() throws {
        let out = try Harness.run("syncd", ["--config", "/nonexistent/syncd.toml", "--once"])
        #expect(out.status != 0 && out.stderr.contains("/nonexistent/syncd.toml"))
    }
}
