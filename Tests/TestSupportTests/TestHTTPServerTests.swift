#if canImport(Glibc)
import Glibc
#endif
import Synchronization
import Testing
import TestSupport

/// What the feed tests rely on from `TestHTTPServer` that they do not show themselves: bodies and
/// framing exactly as given, trickle and chunked delivering every byte, connections counted and
/// closed on request, and `stop()` cutting a delay short. Read with a raw socket, so nothing
/// between the server and the assertions decodes or reframes anything.
@Suite("TestHTTPServer")
struct TestHTTPServerTests {
    @Test("a body goes out as given: Content-Encoding untouched, exact Content-Length; HEAD and 304 carry none")
    func bodyAsGiven() async throws {
        let gzipped: [UInt8] = [0x1f, 0x8b, 0x08, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x03] + (0..<200).map { UInt8($0) }
        let server = try await TestHTTPServer.start { request in
            if request.path == "/304" { return HTTPResponse(status: 304, headers: [("ETag", "\"1\"")]) }
            return HTTPResponse(status: 200, headers: [("Content-Encoding", "gzip"), ("Content-Type", "application/xml")], body: gzipped)
        }
        let client = try RawClient(port: server.port)
        client.send("GET /f HTTP/1.1\r\nHost: x\r\nAccept-Encoding: gzip\r\n\r\n")
        let get = try client.response()
        #expect(get.status == 200)
        #expect(get.headers("content-encoding") == ["gzip"])
        #expect(get.headers("content-length") == ["\(gzipped.count)"])
        #expect(get.headers("transfer-encoding").isEmpty)
        #expect(get.body == gzipped)
        #expect(get.headers("date").count == 1)

        client.send("HEAD /f HTTP/1.1\r\nHost: x\r\n\r\n")
        let head = try client.response(bodyless: true)
        #expect(head.status == 200 && head.headers("content-length") == ["\(gzipped.count)"])
        client.send("GET /304 HTTP/1.1\r\nHost: x\r\n\r\n")
        let notModified = try client.response(bodyless: true)
        #expect(notModified.status == 304 && notModified.headers("etag") == ["\"1\""])
        #expect(notModified.headers("content-length").isEmpty && notModified.headers("transfer-encoding").isEmpty)
        // Nothing after the 304's head: the next response starts right there.
        client.send("GET /f HTTP/1.1\r\nHost: x\r\n\r\n")
        #expect(try client.response().body == gzipped)
        #expect(server.connectionCount == 1 && server.requestCount == 4)
        await server.stop()
    }

    @Test("requests are recorded with method, path, header spelling and body")
    func recorded() async throws {
        let server = try await TestHTTPServer.start { _ in HTTPResponse(status: 201) }
        let client = try RawClient(port: server.port)
        client.send("POST /in?x=1 HTTP/1.1\r\nHost: x\r\nX-Thing: one\r\nContent-Length: 5\r\n\r\nhello")
        #expect(try client.response().status == 201)
        let request = try #require(server.requests().first)
        #expect(request.method == "POST" && request.path == "/in?x=1" && request.bodyText == "hello")
        #expect(request.header("x-thing") == "one" && request.headers.contains { $0.name == "X-Thing" })
        await server.stop()
    }

    @Test("a trickled body arrives whole, with or without chunked encoding", arguments: [false, true])
    func trickle(chunked: Bool) async throws {
        let body = (0..<100).map { UInt8($0) }
        let server = try await TestHTTPServer.start { _ in
            var response = HTTPResponse(status: 200, body: body)
            response.trickle = (chunkSize: 7, pause: .milliseconds(1))
            response.chunked = chunked
            return response
        }
        let client = try RawClient(port: server.port)
        client.send("GET / HTTP/1.1\r\nHost: x\r\n\r\n")
        let response = try client.response()
        #expect(response.body == body)
        if chunked {
            #expect(response.headers("transfer-encoding") == ["chunked"] && response.headers("content-length").isEmpty)
            #expect(response.chunkSizes == Array(repeating: 7, count: 14) + [2], "one chunk a piece")
        } else {
            #expect(response.headers("content-length") == ["100"])
        }
        await server.stop()
    }

    @Test("chunked without trickle is one chunk and the terminator")
    func chunked() async throws {
        let server = try await TestHTTPServer.start { _ in
            var response = HTTPResponse(status: 200, text: "hello world")
            response.chunked = true
            return response
        }
        let client = try RawClient(port: server.port)
        client.send("GET / HTTP/1.1\r\nHost: x\r\n\r\n")
        let response = try client.response()
        #expect(response.headers("transfer-encoding") == ["chunked"])
        #expect(response.chunkSizes == [11] && response.body == Array("hello world".utf8))
        await server.stop()
    }

    @Test("closeConnection closes after the response; the next connection is counted")
    func closeConnection() async throws {
        let server = try await TestHTTPServer.start { request in
            var response = HTTPResponse(status: 200, text: "bye")
            response.closeConnection = request.path == "/close"
            return response
        }
        let first = try RawClient(port: server.port)
        first.send("GET /close HTTP/1.1\r\nHost: x\r\n\r\n")
        let response = try first.response()
        #expect(response.headers("connection") == ["close"] && response.body == Array("bye".utf8))
        #expect(first.atEOF(), "the server closed the connection")
        let second = try RawClient(port: server.port)
        second.send("GET /stay HTTP/1.1\r\nHost: x\r\n\r\n")
        #expect(try second.response().headers("connection").isEmpty)
        #expect(server.connectionCount == 2)
        await server.stop()
    }

    @Test("a delayed response still comes; stop() cuts a pending delay short, closes the connection and the listener")
    func delayAndStop() async throws {
        let (arrived, signal) = AsyncStream.makeStream(of: String.self)
        let server = try await TestHTTPServer.start { request in
            signal.yield(request.path)
            var response = HTTPResponse(status: 200, text: "late")
            response.delay = request.path == "/forever" ? .seconds(3600) : .milliseconds(20)
            return response
        }
        let client = try RawClient(port: server.port)
        client.send("GET /soon HTTP/1.1\r\nHost: x\r\n\r\n")
        #expect(try client.response().body == Array("late".utf8))

        client.send("GET /forever HTTP/1.1\r\nHost: x\r\n\r\n")
        var paths = arrived.makeAsyncIterator()
        #expect(await paths.next() == "/soon")
        #expect(await paths.next() == "/forever")  // the handler ran; the response is waiting
        await server.stop()
        #expect(client.atEOF(), "closed without a response")
        #expect(throws: TestFailure.self) { try RawClient(port: server.port) }
    }
}

struct TestFailure: Error, CustomStringConvertible { var description: String }

struct RawResponse {
    var status: Int
    var fields: [(String, String)]
    var body: [UInt8]
    var chunkSizes: [Int] = []
    func headers(_ name: String) -> [String] { fields.filter { $0.0.lowercased() == name }.map(\.1) }
}

/// A blocking HTTP/1.1 client on a raw socket (10 s receive timeout, so a bug fails instead of hanging).
final class RawClient {
    let fd: Int32
    private var buffer: [UInt8] = []

    init(port: Int) throws {
        fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        var addr = sockaddr_in()
        addr.sin_family = sa_family_t(AF_INET)
        addr.sin_port = UInt16(port).bigEndian
        addr.sin_addr.s_addr = UInt32(0x7F00_0001).bigEndian
        let rc = withUnsafePointer(to: &addr) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { connect(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
        }
        guard rc == 0 else {
            let e = errno
            close(fd)
            throw TestFailure(description: "connect failed: errno \(e)")
        }
        var tv = timeval(tv_sec: 10, tv_usec: 0)
        setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv, socklen_t(MemoryLayout<timeval>.size))
    }

    deinit { close(fd) }

    func send(_ text: String) {
        let bytes = Array(text.utf8)
        var sent = 0
        while sent < bytes.count {
            let n = bytes[sent...].withUnsafeBytes { Glibc.send(fd, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL)) }
            if n <= 0 { return }
            sent += n
        }
    }

    private func fill() throws {
        var chunk = [UInt8](repeating: 0, count: 65536)
        let n = chunk.withUnsafeMutableBytes { recv(fd, $0.baseAddress, $0.count, 0) }
        guard n > 0 else { throw TestFailure(description: n == 0 ? "connection closed" : "recv failed: errno \(errno)") }
        buffer.append(contentsOf: chunk[..<n])
    }

    private func line() throws -> String {
        while true {
            if let end = buffer.firstIndex(of: 10) {
                let text = String(decoding: buffer[..<end], as: UTF8.self)
                buffer.removeFirst(end + 1)
                return text.hasSuffix("\r") ? String(text.dropLast()) : text
            }
            try fill()
        }
    }

    private func take(_ count: Int) throws -> [UInt8] {
        while buffer.count < count { try fill() }
        defer { buffer.removeFirst(count) }
        return Array(buffer[..<count])
    }

    /// Reads one response; `bodyless` for HEAD and 304, whose headers do not frame a body.
    func response(bodyless: Bool = false) throws -> RawResponse {
        let statusLine = try line().split(separator: " ")
        guard statusLine.count >= 2, let status = Int(statusLine[1]) else { throw TestFailure(description: "bad status line") }
        var response = RawResponse(status: status, fields: [], body: [])
        while case let field = try line(), !field.isEmpty {
            let parts = field.split(separator: ":", maxSplits: 1)
            response.fields.append((String(parts[0]), parts.count > 1 ? String(parts[1].drop { $0 == " " }) : ""))
        }
        if bodyless { return response }
        if response.headers("transfer-encoding") == ["chunked"] {
            while true {
                guard let size = Int(try line(), radix: 16) else { throw TestFailure(description: "bad chunk size") }
                if size == 0 { _ = try line(); break }
                response.chunkSizes.append(size)
                response.body += try take(size)
                _ = try line()
            }
        } else if let length = response.headers("content-length").first.flatMap({ Int($0) }) {
            response.body = try take(length)
        }
        return response
    }

    /// Whether the server has closed the connection (EOF with nothing more to read).
    func atEOF() -> Bool {
        guard buffer.isEmpty else { return false }
        var byte: UInt8 = 0
        return recv(fd, &byte, 1, 0) == 0
    }
}
