#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A request head that failed to parse; answered with `status` and a closed connection.
struct RequestError: Error { var status: Int }

/// The parsed request line and headers, plus the framing facts derived from them.
struct RequestHead {
    var method = "GET"
    var target = "/"
    var version = "HTTP/1.1"
    var headers: [(name: String, value: String)] = []
    var contentLength = 0
    var keepAlive = false
    var expectContinue = false
}

/// Serves one accepted connection on its own thread: read, parse, call the handler, reply, repeat.
struct Connection {
    static let maxHeadBytes = 64 * 1024
    static let maxBodyBytes = 256 * 1024 * 1024
    let fd: Int32
    let id: Int
    let core: ServerCore
    private var buffer: [UInt8] = []
    private var scanFrom = 0
    private var dates = HTTPDateCache()
    private let scratch = UnsafeMutableRawBufferPointer.allocate(byteCount: 64 * 1024, alignment: 16)

    init(fd: Int32, id: Int, core: ServerCore) {
        self.fd = fd
        self.id = id
        self.core = core
        buffer.reserveCapacity(4096)
    }

    mutating func run() {
        defer { scratch.deallocate() }
        while true {
            // Header block (empty lines before a request line are ignored, RFC 9112 §2.2).
            var headEnd: Int?
            while true {
                if scanFrom == 0, let first = buffer.first, first == 13 || first == 10 {
                    buffer.removeFirst(buffer.prefix { $0 == 13 || $0 == 10 }.count)
                }
                headEnd = findHeadEnd()
                if headEnd != nil { break }
                if buffer.count > Self.maxHeadBytes { return sendError(431) }
                guard receive() else { return }
            }
            let end = headEnd!
            if end > Self.maxHeadBytes { return sendError(431) }
            let head: RequestHead
            do {
                head = try buffer.withUnsafeBufferPointer { try parseHead(UnsafeBufferPointer(rebasing: $0[..<end])) }
            } catch {
                return sendError((error as? RequestError)?.status ?? 400)
            }
            // Body, by Content-Length.
            let total = end + head.contentLength
            if head.expectContinue && buffer.count < total {
                guard send(Array("HTTP/1.1 100 Continue\r\n\r\n".utf8)) else { return }
            }
            while buffer.count < total {
                guard receive() else { return }
            }
            let body = total > end ? Array(buffer[end..<total]) : []
            buffer.removeFirst(total)
            scanFrom = 0
            let request = HTTPRequest(method: head.method, path: head.target, version: head.version,
                                      headers: head.headers, body: body, connectionID: id)
            core.record(request)
            let response = core.handler(request)
            guard respond(response, method: head.method, keepAlive: head.keepAlive, http10: head.version == "HTTP/1.0")
            else { return }
        }
    }

    /// Reads more bytes into `buffer`; `false` on EOF or error.
    private mutating func receive() -> Bool {
        while true {
            let n = recv(fd, scratch.baseAddress, scratch.count, 0)
            if n > 0 {
                buffer.append(contentsOf: UnsafeRawBufferPointer(rebasing: scratch[..<n]))
                return true
            }
            if n < 0 && errno == EINTR { continue }
            return false
        }
    }

    /// Index just past the blank line ending the header block (CRLF CRLF or bare LF LF).
    private mutating func findHeadEnd() -> Int? {
        let found: Int? = buffer.withUnsafeBufferPointer { b in
            var i = scanFrom
            while i < b.count {
                if b[i] == 10 {
                    if i + 1 < b.count && b[i + 1] == 10 { return i + 2 }
                    if i + 2 < b.count && b[i + 1] == 13 && b[i + 2] == 10 { return i + 3 }
                }
                i += 1
            }
            return nil
        }
        if found == nil { scanFrom = max(0, buffer.count - 2) }
        return found
    }

    /// Sends a complete response; `false` when the connection must end afterwards.
    private mutating func respond(_ r: HTTPResponse, method: String, keepAlive: Bool, http10: Bool) -> Bool {
        if let delay = r.delay, core.waitForStop(delay) { return false }
        let bodyless = (100..<200).contains(r.status) || r.status == 204 || r.status == 304
        let sendsBody = method != "HEAD" && !bodyless
        let chunked = r.chunked && !bodyless
        var close = r.closeConnection || !keepAlive
        var hasDate = false, hasLength = false, hasEncoding = false, hasConnection = false
        var out = "HTTP/1.1 \(r.status) \(r.reason ?? HTTPResponse.standardReason(r.status))\r\n"
        out.reserveCapacity(256)
        for (name, value) in r.headers {
            out += name; out += ": "; out += value; out += "\r\n"
            if asciiCaseInsensitiveEqual(name, "date") { hasDate = true }
            else if asciiCaseInsensitiveEqual(name, "content-length") { hasLength = true }
            else if asciiCaseInsensitiveEqual(name, "transfer-encoding") { hasEncoding = true }
            else if asciiCaseInsensitiveEqual(name, "connection") {
                hasConnection = true
                if hasToken(value, "close") { close = true }
            }
        }
        if !hasDate { out += "Date: "; out += dates.now(); out += "\r\n" }
        if chunked {
            if !hasEncoding { out += "Transfer-Encoding: chunked\r\n" }
        } else if !hasLength && !hasEncoding && !bodyless {
            out += "Content-Length: \(r.body.count)\r\n"
        }
        if !hasConnection {
            if close { out += "Connection: close\r\n" } else if http10 { out += "Connection: keep-alive\r\n" }
        }
        out += "\r\n"

        let sent: Bool = out.withUTF8 { head in
            r.body.withUnsafeBytes { body in
                let headBytes = UnsafeRawBufferPointer(head)
                guard sendsBody else { return sendParts([headBytes]) }
                guard let trickle = r.trickle else {
                    guard chunked else { return sendParts([headBytes, body]) }
                    return sendChunk(body, before: [headBytes]) && send(Array("0\r\n\r\n".utf8))
                }
                guard sendParts([headBytes]) else { return false }
                let step = max(1, trickle.chunkSize)
                for start in stride(from: 0, to: body.count, by: step) {
                    if start > 0 && core.waitForStop(trickle.pause) { return false }
                    let piece = UnsafeRawBufferPointer(rebasing: body[start..<min(start + step, body.count)])
                    guard chunked ? sendChunk(piece) : sendParts([piece]) else { return false }
                }
                return !chunked || send(Array("0\r\n\r\n".utf8))
            }
        }
        if sent && !close { return true }
        if sent { lingeringClose() }
        return false
    }

    /// Sends `data` as one chunk (nothing for empty data), after `before`.
    private func sendChunk(_ data: UnsafeRawBufferPointer, before: [UnsafeRawBufferPointer] = []) -> Bool {
        if data.isEmpty { return before.isEmpty || sendParts(before) }
        let prefix = Array((String(data.count, radix: 16) + "\r\n").utf8)
        let crlf: [UInt8] = [13, 10]
        return prefix.withUnsafeBytes { p in crlf.withUnsafeBytes { c in sendParts(before + [p, data, c]) } }
    }

    private func send(_ bytes: [UInt8]) -> Bool { bytes.withUnsafeBytes { sendParts([$0]) } }

    /// Writes all parts with `sendmsg(MSG_NOSIGNAL)`, handling partial writes.
    private func sendParts(_ parts: [UnsafeRawBufferPointer]) -> Bool {
        var iov = parts.filter { !$0.isEmpty }.map {
            iovec(iov_base: UnsafeMutableRawPointer(mutating: $0.baseAddress), iov_len: $0.count)
        }
        var index = 0
        while index < iov.count {
            let n = iov.withUnsafeMutableBufferPointer { p in
                var msg = msghdr()
                msg.msg_iov = p.baseAddress! + index
                msg.msg_iovlen = numericCast(p.count - index)
                return sendmsg(fd, &msg, Int32(MSG_NOSIGNAL))
            }
            if n < 0 {
                if errno == EINTR { continue }
                return false
            }
            var left = n
            while left > 0 {
                if left >= iov[index].iov_len {
                    left -= iov[index].iov_len
                    index += 1
                } else {
                    iov[index].iov_base += left
                    iov[index].iov_len -= left
                    left = 0
                }
            }
        }
        return true
    }

    /// Answers a bad request and closes the connection.
    private mutating func sendError(_ status: Int) {
        var r = HTTPResponse(status: status, headers: [("Content-Type", "text/plain")],
                             text: "\(status) \(HTTPResponse.standardReason(status))\n")
        r.closeConnection = true
        _ = respond(r, method: "GET", keepAlive: false, http10: false)
    }

    /// Half-closes, then drains what the client still sends (up to 1 s), so that
    /// closing with unread input does not reset the connection before the client reads the reply.
    private func lingeringClose() {
        _ = shutdown(fd, Int32(SHUT_WR))
        let deadline = ContinuousClock.now + .seconds(1)
        var fds = [pollfd(fd: fd, events: Int16(POLLIN), revents: 0),
                   pollfd(fd: core.wakeRead, events: Int16(POLLIN), revents: 0)]
        while ContinuousClock.now < deadline {
            let rc = poll(&fds, 2, 100)
            if rc < 0 && errno != EINTR { return }
            if fds[1].revents != 0 { return }
            if fds[0].revents != 0 && recv(fd, scratch.baseAddress, scratch.count, 0) <= 0 { return }
        }
    }
}

/// Whether a comma-separated header value contains `token` (case-insensitive).
func hasToken(_ value: String, _ token: String) -> Bool {
    value.split(separator: ",").contains {
        asciiCaseInsensitiveEqual(String($0.trimmingSpaces()), token)
    }
}

extension Substring {
    func trimmingSpaces() -> Substring {
        guard let first = firstIndex(where: { $0 != " " && $0 != "\t" }) else { return "" }
        return self[first...lastIndex(where: { $0 != " " && $0 != "\t" })!]
    }
}
