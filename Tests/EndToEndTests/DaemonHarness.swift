import Foundation
import TestSupport
#if canImport(Glibc)
import Glibc
#endif

/// HTTP/1.1 over the daemon's unix socket, one request per connection.
enum UnixHTTP {
    struct Reply {
        var status: Int
        var body: String
        var json: [String: Any] { (try? JSONSerialization.jsonObject(with: Data(body.utf8)) as? [String: Any]) ?? [:] }
    }

    static func connect(_ socketPath: String, timeout: Int = 30) throws -> Int32 {
        let fd = socket(AF_UNIX, Int32(SOCK_STREAM.rawValue), 0)
        var address = sockaddr_un()
        address.sun_family = sa_family_t(AF_UNIX)
        withUnsafeMutableBytes(of: &address.sun_path) { $0.copyBytes(from: Array(socketPath.utf8)) }
        let connected = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { Glibc.connect(fd, $0, socklen_t(MemoryLayout<sockaddr_un>.size)) }
        }
        guard connected == 0 else {
            close(fd)
            throw POSIXError(.ECONNREFUSED)
        }
        var time = timeval(tv_sec: timeout, tv_usec: 0)
        setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &time, socklen_t(MemoryLayout<timeval>.size))
        return fd
    }

    static func request(_ socketPath: String, _ method: String = "GET", _ path: String, body: String? = nil, headers: [String] = []) throws -> Reply {
        let fd = try connect(socketPath)
        defer { close(fd) }
        var head = "\(method) \(path) HTTP/1.1\r\nHost: syncd\r\nConnection: close\r\n"
        for header in headers { head += header + "\r\n" }
        if method == "POST" {
            if !headers.contains(where: { $0.lowercased().hasPrefix("content-type:") }) { head += "Content-Type: application/json\r\n" }
            head += "Content-Length: \((body ?? "").utf8.count)\r\n"
        }
        head += "\r\n" + (body ?? "")
        _ = Array(head.utf8).withUnsafeBytes { send(fd, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL)) }
        var data = [UInt8]()
        var buffer = [UInt8](repeating: 0, count: 65536)
        while true {
            let count = buffer.withUnsafeMutableBytes { recv(fd, $0.baseAddress, $0.count, 0) }
            if count <= 0 { break }
            data += buffer[0..<count]
        }
        let text = String(decoding: data, as: UTF8.self)
        guard let split = text.range(of: "\r\n\r\n") else { throw POSIXError(.EPROTO) }
        let status = Int(text.split(separator: " ").dropFirst().first ?? "") ?? 0
        var body = String(text[split.upperBound...])
        if text[..<split.lowerBound].lowercased().contains("transfer-encoding: chunked") { body = dechunk(body) }
        return Reply(status: status, body: body)
    }

    static func dechunk(_ text: String) -> String {
        var bytes = Array(text.utf8)[...]
        var output: [UInt8] = []
        while let lineEnd = bytes.firstIndex(of: 0x0D) {
            let size = Int(String(decoding: bytes[bytes.startIndex..<lineEnd], as: UTF8.self), radix: 16) ?? 0
            bytes = bytes[(lineEnd + 2)...]
            if size == 0 { break }
            output += bytes.prefix(size)
            bytes = bytes.dropFirst(size + 2)
        }
        return String(decoding: output, as: UTF8.self)
    }
}

/// A running `syncd --config` with its notify socket and API socket.
final class DaemonProcess {
    let process: Process
    let stdout: String
    let stderr: String
    let socket: String
    /// Signalled once the process has exited.
    private let exited: DispatchSemaphore

    init(harness: Harness, notify: NotifySocket?, environment: [String: String] = [:]) throws {
        socket = harness.folder + "/run/syncd.sock"
        process = Process()
        process.executableURL = URL(fileURLWithPath: Harness.binaries + "/syncd")
        process.arguments = ["--config", harness.config]
        var env = ProcessInfo.processInfo.environment
        env["NOTIFY_SOCKET"] = notify?.path
        env["SYNCD_LOG_LEVEL"] = "info"
        for (key, value) in environment { env[key] = value }
        process.environment = env
        let base = FileManager.default.temporaryDirectory.appendingPathComponent("syncd-daemon-\(UUID().uuidString)").path
        stdout = base + ".out"
        stderr = base + ".err"
        _ = FileManager.default.createFile(atPath: stdout, contents: nil)
        _ = FileManager.default.createFile(atPath: stderr, contents: nil)
        process.standardOutput = FileHandle(forWritingAtPath: stdout)
        process.standardError = FileHandle(forWritingAtPath: stderr)
        let exited = DispatchSemaphore(value: 0)
        self.exited = exited
        process.terminationHandler = { _ in exited.signal() }
        try process.run()
    }

    deinit {
        if process.isRunning { kill(process.processIdentifier, SIGKILL) }
    }

    var log: String { (try? String(contentsOfFile: stderr, encoding: .utf8)) ?? "" }

    func signal(_ number: Int32) { kill(process.processIdentifier, number) }

    /// Sends SIGTERM and waits (at most `timeout` seconds) for the exit status.
    func stop(timeout: Double = 30) -> Int32? {
        signal(SIGTERM)
        guard exited.wait(timeout: .now() + timeout) == .success else { return nil }
        exited.signal()  // a later stop() sees it exited too
        return process.terminationStatus
    }

    /// Waits (at most `timeout` seconds) for the process to exit on its own; its status, or
    /// `nil` if it is still running.
    func waitForExit(timeout: Double = 30) -> Int32? {
        guard exited.wait(timeout: .now() + timeout) == .success else { return nil }
        exited.signal()
        return process.terminationStatus
    }

    /// Waits until the daemon is ready (it logs so after READY=1, which waits for the API).
    func waitForAPI(timeout: Double = 30) throws {
        let watch = FileWatch([stderr])
        guard watch.wait(timeout: timeout, until: { log.contains("syncd ready") || !process.isRunning }), process.isRunning else {
            throw POSIXError(.ETIMEDOUT)
        }
    }

    func changes(since: Int64, feed: String = "normal", timeout: Int = 0) throws -> (results: [[String: Any]], last: Int64) {
        let reply = try UnixHTTP.request(socket, "GET", "/v1/changes?since=\(since)&feed=\(feed)&timeout=\(timeout)&limit=10000")
        let json = reply.json
        return ((json["results"] as? [[String: Any]]) ?? [], (json["last_seq"] as? NSNumber)?.int64Value ?? since)
    }

    /// Long-polls until changes after `since` arrive (each long poll waits up to `timeout` ms).
    func waitForChanges(since: Int64, atLeast count: Int = 1, within seconds: Double = 10) throws -> [[String: Any]] {
        try waitForChanges(since: since, within: seconds) { $0.count >= count }
    }

    /// Long-polls until the changes after `since` satisfy `enough`.
    func waitForChanges(since: Int64, within seconds: Double = 10, until enough: ([[String: Any]]) -> Bool) throws -> [[String: Any]] {
        var results: [[String: Any]] = []
        var cursor = since
        let deadline = Date().addingTimeInterval(seconds)
        while !enough(results) && Date() < deadline {
            let page = try changes(since: cursor, feed: "longpoll", timeout: 1000)
            results += page.results
            cursor = page.last
        }
        return results
    }
}

/// A Server-Sent Events reader over the daemon's unix socket: collects the `id:` of each event.
final class SSEReader {
    private let fd: Int32
    private var pending: [UInt8] = []

    init(socket: String, path: String, lastEventID: Int64? = nil) throws {
        fd = try UnixHTTP.connect(socket, timeout: 1)
        var head = "GET \(path) HTTP/1.1\r\nHost: syncd\r\nAccept: text/event-stream\r\n"
        if let lastEventID { head += "Last-Event-ID: \(lastEventID)\r\n" }
        head += "\r\n"
        _ = Array(head.utf8).withUnsafeBytes { send(fd, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL)) }
    }

    deinit { close(fd) }

    /// Event ids read until `done` says so, the stream ends, or `timeout` passes.
    func ids(timeout: Double, until done: ([Int64]) -> Bool) -> (ids: [Int64], ended: Bool) {
        var ids: [Int64] = []
        let deadline = Date().addingTimeInterval(timeout)
        var buffer = [UInt8](repeating: 0, count: 65536)
        while Date() < deadline && !done(ids) {
            let count = buffer.withUnsafeMutableBytes { recv(fd, $0.baseAddress, $0.count, 0) }
            if count == 0 { return (ids, true) }
            if count < 0 { continue }  // receive timeout: look again
            // Bytes, not Characters: "\r\n" of the chunked encoding is one Character in Swift.
            pending += buffer[0..<count]
            while let newline = pending.firstIndex(of: 0x0A) {
                let line = String(decoding: pending[..<newline], as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
                pending.removeSubrange(...newline)
                if line.hasPrefix("id: "), let id = Int64(line.dropFirst(4)) { ids.append(id) }
            }
        }
        return (ids, false)
    }
}
