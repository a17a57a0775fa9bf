import Foundation
import SyncModel
import Testing

/// Folders that can be listed but not entered, seen by an unprivileged user (root reads
/// everything, so these run syncd as `nobody` through runuser; skipped where that is not possible).
@Suite("Unreadable folders", .serialized, .enabled(if: getuid() == 0 && FileManager.default.isExecutableFile(atPath: "/usr/sbin/runuser")))
struct PermissionTests {
    func asNobody(_ harness: Harness, _ arguments: String...) throws -> Harness.Output {
        try Harness.run("/usr/sbin/runuser", ["-u", "nobody", "--", Harness.binaries + "/syncd", "--config", harness.config] + arguments)
    }

    func prepare() throws -> Harness {
        let harness = try Harness()
        try harness.write("b.txt", "Harbour news\n\nThe harbour reopened after the storm and the boats went out again.\n")
        try harness.write("sub/a.txt", "Council news\n\nThe council met in the old city hall to vote on the new budget.\n")
        for path in [harness.folder, harness.folder + "/docs", harness.folder + "/docs/sub"] {
            _ = chmod(path, 0o777)
        }
        return harness
    }

    @Test("a sub-folder that cannot be entered keeps its documents and is reported")
    func unsearchableSubfolder() throws {
        let harness = try prepare()
        #expect(try asNobody(harness, "--once").status == 0)
        #expect(try harness.json(StatusJSON.self, "status", "--json").documents == 2)
        _ = chmod(harness.folder + "/docs/sub", 0o644)  // listable, not searchable
        defer { _ = chmod(harness.folder + "/docs/sub", 0o777) }
        let run = try asNobody(harness, "--once")
        #expect(run.status == 0, "\(run.stderr)")
        let status = try harness.json(StatusJSON.self, "status", "--json")
        #expect(status.documents == 2 && status.deleted == 0)
        #expect(status.sources.first?.problems.contains { $0.key == "sub/" && $0.code == "unreadable" } == true)
        #expect(!(try harness.changes().contains { $0.op == .delete }))
    }

    @Test("a source folder that cannot be entered is a source error and deletes nothing")
    func unsearchableRoot() throws {
        let harness = try prepare()
        #expect(try asNobody(harness, "--once").status == 0)
        _ = chmod(harness.folder + "/docs", 0o644)
        defer { _ = chmod(harness.folder + "/docs", 0o777) }
        let run = try asNobody(harness, "--once")
        #expect(run.status == 1 && run.stderr.contains(harness.folder + "/docs"), "\(run.stderr)")
        let status = try harness.json(StatusJSON.self, "status", "--json")
        #expect(status.documents == 2 && status.deleted == 0 && status.sources.first?.lastError != nil)
    }

    @Test("syncctl as another user reads a root-owned store while the daemon is down; asking the daemon says permission denied")
    func anotherUser() throws {
        let harness = try Harness(extraConfig: DaemonTests.daemonConfig)
        try harness.write("a.txt", "Council news\n\nThe council met in the old city hall to vote on the new budget.\n")
        #expect(try harness.syncd("--once").status == 0)
        func asNobody(_ arguments: [String]) throws -> Harness.Output {
            try Harness.run("/usr/sbin/runuser", ["-u", "nobody", "--", Harness.binaries + "/syncctl"] + arguments + ["--config", harness.config])
        }
        let status = try asNobody(["status", "--json"])
        #expect(status.status == 0 && status.stdout.contains("\"documents\" : 1"), "\(status.stderr)")

        let daemon = try DaemonProcess(harness: harness, notify: nil)
        try daemon.waitForAPI()
        let sync = try asNobody(["sync"])
        #expect(sync.status != 0 && sync.stderr.contains("permission denied"), "\(sync.stderr)")
        #expect(daemon.stop() == 0)
    }
}
