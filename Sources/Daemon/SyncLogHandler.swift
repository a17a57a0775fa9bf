#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
public import Foundation
public import Logging

/// Logs one line per event to stderr: `<N>` syslog priority prefixes when the journal reads
/// stderr (`JOURNAL_STREAM`, set by systemd, names stderr's device and inode), otherwise
/// `level: message key=value …`. Line breaks in a message or value are written `\n` and `\r`,
/// so one event is always one line: one journal record.
public struct SyncLogHandler: LogHandler {
    public var logLevel: Logger.Level = .info
    public var metadata: Logger.Metadata = [:]
    public let label: String
    private let journal: Bool

    /// - Parameters:
    ///   - environment: where `JOURNAL_STREAM` and `SYNCD_LOG_LEVEL` are read.
    ///   - stderrIdentity: the device and inode of stderr (`fstat(2)` on fd 2 by default).
    public init(
        label: String, environment: [String: String] = ProcessInfo.processInfo.environment,
        stderrIdentity: StreamIdentity? = SyncLogHandler.stderrIdentity()
    ) {
        self.label = label
        journal = Self.isJournal(environment["JOURNAL_STREAM"], stderr: stderrIdentity)
        if let level = environment["SYNCD_LOG_LEVEL"].flatMap(Logger.Level.init(rawValue:)) { logLevel = level }
    }

    /// A file's device and inode, as `JOURNAL_STREAM` names the journal's stream.
    public struct StreamIdentity: Equatable, Sendable {
        public var device: UInt64
        public var inode: UInt64

        public init(device: UInt64, inode: UInt64) {
            self.device = device
            self.inode = inode
        }
    }

    /// stderr's device and inode; `nil` when fd 2 is closed.
    public static func stderrIdentity() -> StreamIdentity? {
        var info = stat()
        guard fstat(2, &info) == 0 else { return nil }
        return StreamIdentity(device: UInt64(info.st_dev), inode: UInt64(info.st_ino))
    }

    /// Whether stderr is the journal's stream: `JOURNAL_STREAM` ("DEVICE:INODE", decimal).
    /// A child process inherits the variable even when its stderr goes elsewhere.
    static func isJournal(_ value: String?, stderr: StreamIdentity?) -> Bool {
        guard let value, let stderr else { return false }
        let parts = value.split(separator: ":", omittingEmptySubsequences: false)
        guard parts.count == 2, parts.allSatisfy({ !$0.isEmpty && $0.utf8.allSatisfy { $0 >= 0x30 && $0 <= 0x39 } }),
            let device = UInt64(parts[0]), let inode = UInt64(parts[1])
        else { return false }
        return device == stderr.device && inode == stderr.inode
    }

    public subscript(metadataKey key: String) -> Logger.Metadata.Value? {
        get { metadata[key] }
        set { metadata[key] = newValue }
    }

    public func log(event: LogEvent) {
        var bytes = Array(line(level: event.level, message: "\(event.message)", metadata: event.metadata).utf8)
        bytes.withUnsafeMutableBytes { buffer in
            var offset = 0
            while offset < buffer.count {
                let written = Glibc.write(2, buffer.baseAddress! + offset, buffer.count - offset)
                if written <= 0 { break }
                offset += written
            }
        }
    }

    /// One event as the line written to stderr, newline included.
    func line(level: Logger.Level, message: String, metadata eventMetadata: Logger.Metadata?) -> String {
        var line = journal ? "<\(Self.priority(level))>" : "\(level): "
        line += Self.escaped(message)
        let merged = metadata.merging(eventMetadata ?? [:]) { $1 }
        for key in merged.keys.sorted() {
            let value = Self.escaped("\(merged[key]!)")
            line += " \(Self.escaped(key))=" + (value.contains(" ") || value.isEmpty ? "\"\(value)\"" : value)
        }
        return line + "\n"
    }

    /// `text` on one line: newline and carriage return written as `\n` and `\r`.
    static func escaped(_ text: String) -> String {
        guard text.utf8.contains(where: { $0 == 0x0A || $0 == 0x0D }) else { return text }
        var output = ""
        output.reserveCapacity(text.utf8.count + 8)
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\n": output += "\\n"
            case "\r": output += "\\r"
            default: output.unicodeScalars.append(scalar)
            }
        }
        return output
    }

    static func priority(_ level: Logger.Level) -> Int {
        switch level {
        case .trace, .debug: 7
        case .info: 6
        case .notice: 5
        case .warning: 4
        case .error: 3
        case .critical: 2
        }
    }
}
