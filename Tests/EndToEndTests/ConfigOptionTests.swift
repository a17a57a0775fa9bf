import Foundation
import Testing

/// `syncctl --config FILE COMMAND …` and `syncctl COMMAND … --config FILE` are the same command.
@Suite("syncctl --config before or after the subcommand", .serialized)
struct ConfigOptionTests {
    @Test("every subcommand that reads the configuration takes --config on either side of its name")
    func bothOrders() throws {
        let harness = try Harness(extraConfig: "\n[ingest]\nmax_file_size = 1000\n")
        try harness.write("a.txt", "A title\n\nThe first text of the story.\n")
        #expect(try harness.syncd("--once").status == 0)
        try harness.write("a.txt", "A title\n\nThe second text of the story.\n")
        #expect(try harness.syncd("--once").status == 0)
        let big = harness.folder + "/big.txt"
        try ("Big\n\n" + String(repeating: "word ", count: 400)).write(toFile: big, atomically: true, encoding: .utf8)

        // (arguments, expected exit status): each one only works when the file's settings are read.
        let commands: [([String], Int32)] = [
            (["status", "--json"], 0), (["changes"], 0), (["dupes", "--json"], 0), (["show", "docs:a.txt"], 0),
            (["versions", "docs:a.txt"], 0), (["diff", "docs:a.txt", "1", "2"], 0), (["sources", "list"], 0), (["sources"], 0),
            (["extract", big], 1),  // over the file's max_file_size (the default would read it)
            (["sync"], 3), (["reload"], 3),  // the store the file names has no daemon
        ]
        for (arguments, status) in commands {
            let after = try Harness.run("syncctl", Array(arguments.prefix(1)) + ["--config", harness.config] + arguments.dropFirst())
            let before = try Harness.run("syncctl", ["--config", harness.config] + arguments)
            #expect(after.status == status, "syncctl \(arguments) --config: \(after.status) \(after.stderr)")
            #expect(
                before.status == after.status && before.stdout == after.stdout && before.stderr == after.stderr,
                "syncctl --config FILE \(arguments): \(before.status) \(before.stderr)")
        }
        let shown = try Harness.run("syncctl", ["--config", harness.config, "show", "docs:a.txt"])
        #expect(shown.stdout.contains("The second text of the story."))
        let noDaemon = try Harness.run("syncctl", ["--config", harness.config, "sync"])
        #expect(noDaemon.stderr.contains("syncd is not running") && noDaemon.stderr.contains(harness.store), "\(noDaemon.stderr)")

        // The commands that edit the file, options first.
        try FileManager.default.createDirectory(atPath: harness.folder + "/more", withIntermediateDirectories: true)
        let added = try Harness.run("syncctl", ["--config", harness.config, "sources", "add", "more", "--folder", harness.folder + "/more"])
        #expect(added.status == 0, "\(added.stderr)")
        #expect(try String(contentsOfFile: harness.config, encoding: .utf8).contains("name = \"more\""))
        let removed = try Harness.run("syncctl", ["--config", harness.config, "sources", "remove", "more"])
        #expect(removed.status == 0, "\(removed.stderr)")
        #expect(try !String(contentsOfFile: harness.config, encoding: .utf8).contains("name = \"more\""))
    }
}
