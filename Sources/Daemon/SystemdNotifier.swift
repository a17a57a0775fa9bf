#if canImport(Glibc)
import Glibc
#endif
public import Foundation

/// The systemd notify protocol, spoken directly: one datagram per message on the unix socket
/// named by `$NOTIFY_SOCKET` (a leading `@` names an abstract socket). Without the variable
/// every call does nothing, so the daemon runs the same outside systemd.
public final class SystemdNotifier: Sendable {
    private let path: String?

    /// - Parameter environment: read for `NOTIFY_SOCKET`.
    public init(environment: [String: String] = ProcessInfo.processInfo.environment) {
        path = environment["NOTIFY_SOCKET"].flatMap { $0.isEmpty ? nil : $0 }
    }

    public var isEnabled: Bool { path != nil }

    /// Sends `READY=1`, `STATUS=...`, `WATCHDOG=1` and the like (several lines make one message).
    /// - Returns: whether the datagram was sent; failures are not errors (systemd may be gone).
    @discardableResult
    public func notify(_ message: String) -> Bool {
        guard let path else { return false }
        let fd = socket(AF_UNIX, Int32(SOCK_DGRAM.rawValue) | Int32(SOCK_CLOEXEC.rawValue), 0)
        guard fd >= 0 else { return false }
        defer { close(fd) }
        var address = sockaddr_un()
        address.sun_family = sa_family_t(AF_UNIX)
        var bytes = Array(path.utf8)
        let abstract = bytes.first == UInt8(ascii: "@")
        if abstract { bytes[0] = 0 }
        let capacity = MemoryLayout.size(ofValue: address.sun_path)
        guard bytes.count < capacity else { return false }
        withUnsafeMutableBytes(of: &address.sun_path) { raw in
            raw.copyBytes(from: bytes)
        }
        // An abstract name's length is exact (no terminating NUL); a path's includes its NUL.
        let length = socklen_t(MemoryLayout<sa_family_t>.size + bytes.count + (abstract ? 0 : 1))
        let payload = Array(message.utf8)
        let sent = withUnsafePointer(to: &address) { pointer in
            pointer.withMemoryRebound(to: sockaddr.self, capacity: 1) { socketAddress in
                payload.withUnsafeBytes { sendto(fd, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL) | Int32(MSG_DONTWAIT), socketAddress, length) }
            }
        }
        return sent == payload.count
    }

    /// Half of `$WATCHDOG_USEC` (when `$WATCHDOG_PID` is unset or ours), the interval at which
    /// `WATCHDOG=1` is due; `nil` when no watchdog is configured.
    public static func watchdogInterval(environment: [String: String] = ProcessInfo.processInfo.environment) -> Duration? {
        guard let usec = environment["WATCHDOG_USEC"].flatMap(UInt64.init), usec > 0 else { return nil }
        if let pid = environment["WATCHDOG_PID"].flatMap(Int32.init), pid != getpid() { return nil }
        return .microseconds(Int64(usec / 2))
    }

    /// `CLOCK_MONOTONIC` in microseconds, for `RELOADING=1` with `MONOTONIC_USEC=`.
    public static func monotonicMicroseconds() -> UInt64 {
        var now = timespec()
        clock_gettime(CLOCK_MONOTONIC, &now)
        return UInt64(now.tv_sec) * 1_000_000 + UInt64(now.tv_nsec) / 1000
    }
}
