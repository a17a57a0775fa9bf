import Foundation
import Testing

/// `man 5 syncd.toml` is generated from the README's configuration section; a key added to one
/// and not the other is a manual that lies.
@Suite("manual pages")
struct ManualTests {
    @Test("man/syncd.toml.5 is what scripts/gen-man-syncd-toml makes of the README, with a paragraph per configuration key")
    func configurationManual() throws {
        let root = URL(fileURLWithPath: Harness.repositoryRoot)
        let committed = try String(contentsOf: root.appendingPathComponent("man/syncd.toml.5"), encoding: .utf8)
        let fresh = FileManager.default.temporaryDirectory.appendingPathComponent("syncd.toml.5-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: fresh) }
        let generator = Process()
        generator.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        generator.arguments = [
            "python3", root.appendingPathComponent("scripts/gen-man-syncd-toml").path, root.appendingPathComponent("README.md").path, fresh.path,
        ]
        try generator.run()
        generator.waitUntilExit()
        #expect(generator.terminationStatus == 0)
        let regenerated = try String(contentsOf: fresh, encoding: .utf8)
        #expect(regenerated == committed, "man/syncd.toml.5 is stale: run `make man/syncd.toml.5`")

        // Every key row of the README's table is a tagged paragraph of the manual.
        let readme = try String(contentsOf: root.appendingPathComponent("README.md"), encoding: .utf8)
        let section = readme.components(separatedBy: "\n## Configuration\n")[1].components(separatedBy: "\n## ")[0]
        let keys = section.split(separator: "\n").filter { $0.hasPrefix("| ") && !$0.hasPrefix("| key ") && !$0.hasPrefix("| ---") }.map { row in
            row.split(separator: "|")[0].trimmingCharacters(in: .whitespaces).replacingOccurrences(of: "`", with: "")
        }
        #expect(keys.count > 30 && keys.contains("[daemon] socket_group"))
        let tagged = Set(committed.components(separatedBy: ".TP\n").dropFirst().map { $0.split(separator: "\n")[0] })
        for key in keys {
            #expect(
                tagged.contains {
                    $0.replacingOccurrences(of: "\\fB", with: "").replacingOccurrences(of: "\\fR", with: "").replacingOccurrences(
                        of: "\\-", with: "-") == key
                }, "\(key)")
        }
    }
}
