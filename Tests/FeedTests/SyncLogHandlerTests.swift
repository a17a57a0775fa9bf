import Foundation
import Logging
import Testing
@testable import Daemon

/// syncd's stderr log lines: journal priority prefixes only when stderr really is the journal's
/// stream, and one record per event whatever the message holds.
@Suite("log lines for stderr and the journal")
struct SyncLogHandlerTests {
    let stream = SyncLogHandler.StreamIdentity(device: 2049, inode: 131_072)

    func handler(_ journalStream: String?, stderr: SyncLogHandler.StreamIdentity?) -> SyncLogHandler {
        SyncLogHandler(label: "test", environment: journalStream.map { ["JOURNAL_STREAM": $0] } ?? [:], stderrIdentity: stderr)
    }

    @Test("<N> prefixes only when JOURNAL_STREAM names stderr's device:inode")
    func journalDetection() {
        let journal = handler("2049:131072", stderr: stream).line(level: .warning, message: "feed gone", metadata: nil)
        #expect(journal == "<4>feed gone\n")
        // Inherited from a parent whose stderr went to the journal, while ours goes elsewhere.
        for value in ["2049:131073", "2050:131072", "131072:2049", "2049", "", "x:y", "2049:131072:1", " 2049:131072"] {
            let line = handler(value, stderr: stream).line(level: .warning, message: "feed gone", metadata: nil)
            #expect(line == "warning: feed gone\n", "JOURNAL_STREAM=\(value)")
        }
        #expect(handler(nil, stderr: stream).line(level: .info, message: "m", metadata: nil) == "info: m\n")
        #expect(
            handler("2049:131072", stderr: nil).line(level: .info, message: "m", metadata: nil) == "info: m\n",
            "stderr closed: not the journal")
    }

    @Test("stderrIdentity is fstat(2) of fd 2")
    func stderrIdentity() throws {
        var info = stat()
        try #require(fstat(2, &info) == 0)
        #expect(SyncLogHandler.stderrIdentity() == .init(device: UInt64(info.st_dev), inode: UInt64(info.st_ino)))
    }

    @Test("a newline in a message or a metadata value does not start a second record", arguments: [true, false])
    func newlines(journal: Bool) {
        let handler = handler(journal ? "2049:131072" : nil, stderr: stream)
        let line = handler.line(
            level: .error, message: "reload refused\n<2>forged record",
            metadata: ["error": "file.toml:3: bad\r\nnext line", "line\nkey": "x"])
        #expect(line.filter { $0 == "\n" }.count == 1 && line.hasSuffix("\n"), "\(line)")
        let prefix = journal ? "<3>" : "error: "
        #expect(line == prefix + #"reload refused\n<2>forged record error="file.toml:3: bad\r\nnext line" line\nkey=x"# + "\n")
    }
}
