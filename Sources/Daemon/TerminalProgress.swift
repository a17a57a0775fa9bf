import Foundation
import Folders
import Glibc
import Synchronization

/// `syncd --once` on a terminal: one line per folder source, redrawn in place as batches merge
/// (files found, read so far, files per second, time left), left on screen when the source is
/// done. Silent when standard error is not a terminal, so logs and pipes stay clean.
final class TerminalProgress: Sendable {
    private struct State {
        var source = ""
        var started = 0.0
        var drawn = 0.0
    }

    private let state = Mutex(State())
    private let now: @Sendable () -> Double

    /// `nil` when standard error is not a terminal.
    static func forStandardError() -> TerminalProgress? {
        isatty(STDERR_FILENO) == 1 ? TerminalProgress() : nil
    }

    init(now: @escaping @Sendable () -> Double = { Date().timeIntervalSince1970 }) {
        self.now = now
    }

    func update(_ progress: ScanProgress) {
        let time = now()
        let line: String? = state.withLock { state in
            if state.source != progress.source {
                state = State(source: progress.source, started: time, drawn: 0)
            }
            let done = progress.read == progress.toRead
            // A few redraws a second are enough for a person and cost nothing.
            guard done || time - state.drawn >= 0.2 else { return nil }
            state.drawn = time
            return Self.render(progress, elapsed: time - state.started)
        }
        guard let line else { return }
        let done = progress.read == progress.toRead
        FileHandle.standardError.write(Data(("\r\u{1B}[K" + line + (done ? "\n" : "")).utf8))
    }

    /// `seeds: 5 files, 3 new or changed, 3 read · 1,204/s · done` (or `ETA 12s` while reading).
    static func render(_ progress: ScanProgress, elapsed: Double) -> String {
        let rate = elapsed > 0 ? Double(progress.read) / elapsed : 0
        var line = "\(progress.source): \(progress.files) files, \(progress.toRead) new or changed, \(progress.read) read"
        if rate > 0 { line += " · \(Int(rate.rounded()))/s" }
        if progress.read == progress.toRead {
            line += " · done"
        } else if rate > 0 {
            line += " · ETA \(Int((Double(progress.toRead - progress.read) / rate).rounded(.up)))s"
        }
        return line
    }
}
