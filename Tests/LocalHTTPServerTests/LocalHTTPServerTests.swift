import Foundation
import LocalHTTPServer
import Testing

private func echoServer() throws -> LocalHTTPServer {
    try LocalHTTPServer { req in
        HTTPResponse(headers: [("Content-Type", "text/plain")], text: "\(req.method) \(req.path) \(req.bodyText)")
    }
}

@Suite struct KeepAlive {
    @Test func twoRequestsReuseOneConnection() throws {
        let server = try echoServer()
        defer { server.stop() }
        let client = try RawClient(port: server.port)
        client.send("GET /a HTTP/1.1\r\nHost: x\r\n\r\n")
        #expect(try client.readResponse().text == "GET /a ")
        client.send("GET /b?q=1 HTTP/1.1\r\nHost: x\r\nIf-None-Match: \"v1\"\r\n\r\n")
        #expect(try client.readResponse().text == "GET /b?q=1 ")
        #expect(server.connectionCount == 1)
        #expect(server.requestCount == 2)
        let seen = server.requests()
        #expect(seen.map(\.connectionID) == [1, 1])
        #expect(seen[1].header("if-none-match") == "\"v1\"")
        #expect(seen[1].path == "/b?q=1")
    }

    @Test func curlReusesConnection() throws {
        let server = try echoServer()
        defer { server.stop() }
        let result = try curl(["-v", server.baseURL + "/1", server.baseURL + "/2"])
        #expect(result.status == 0)
        #expect(result.stdout == "GET /1 GET /2 ")
        #expect(result.stderr.contains("Re-using existing connection"))
        #expect(server.requests().map(\.connectionID) == [1, 1])
    }

    @Test func pipelinedRequestsAnsweredInOrder() throws {
        let server = try echoServer()
        defer { server.stop() }
        let client = try RawClient(port: server.port)
        client.send("GET /1 HTTP/1.1\r\n\r\nPOST /2 HTTP/1.1\r\nContent-Length: 3\r\n\r\nabcGET /3 HTTP/1.1\r\n\r\n")
        #expect(try client.readResponse().text == "GET /1 ")
        #expect(try client.readResponse().text == "POST /2 abc")
        #expect(try client.readResponse().text == "GET /3 ")
    }

    @Test func clientConnectionCloseIsHonored() throws {
        let server = try echoServer()
        defer { server.stop() }
        let client = try RawClient(port: server.port)
        client.send("GET / HTTP/1.1\r\nConnection: close\r\n\r\n")
        #expect(try client.readResponse().header("Connection") == "close")
        #expect(client.isClosedByPeer())
    }

    @Test func http10ClosesUnlessKeepAlive() throws {
        let server = try echoServer()
        defer { server.stop() }
        let plain = try RawClient(port: server.port)
        plain.send("GET / HTTP/1.0\r\n\r\n")
        #expect(try plain.readResponse().header("Connection") == "close")
        #expect(plain.isClosedByPeer())

        let kept = try RawClient(port: server.port)
        kept.send("GET /1 HTTP/1.0\r\nConnection: keep-alive\r\n\r\n")
        #expect(try kept.readResponse().header("Connection") == "keep-alive")
        kept.send("GET /2 HTTP/1.0\r\nConnection: keep-alive\r\n\r\n")
        #expect(try kept.readResponse().text == "GET /2 ")
    }

    @Test func closeConnectionResponseCloses() throws {
        let server = try LocalHTTPServer { _ in
            var r = HTTPResponse(text: "bye")
            r.closeConnection = true
            return r
        }
        defer { server.stop() }
        let client = try RawClient(port: server.port)
        client.send("GET / HTTP/1.1\r\n\r\n")
        let response = try client.readResponse()
        #expect(response.text == "bye")
        #expect(response.header("Connection") == "close")
        #expect(client.isClosedByPeer())
    }
}

@Suite struct Messages {
    @Test func headHasHeadersButNoBody() throws {
        let server = try LocalHTTPServer { _ in HTTPResponse(text: "hello") }
        defer { server.stop() }
        let client = try RawClient(port: server.port)
        client.send("HEAD / HTTP/1.1\r\n\r\n")
        let head = try client.readResponse(bodyless: true)
        #expect(head.status == 200)
        #expect(head.header("Content-Length") == "5")
        // Had the body been sent, it would be misread as the next status line.
        client.send("GET / HTTP/1.1\r\n\r\n")
        #expect(try client.readResponse().text == "hello")
        let viaCurl = try curl(["-I", server.baseURL + "/"])
        #expect(viaCurl.status == 0 && viaCurl.stdout.contains("Content-Length: 5"))
    }

    @Test func automaticAndSuppliedHeaders() throws {
        let gzipped: [UInt8] = [0x1f, 0x8b, 8, 0, 0, 0, 0, 0, 0, 3, 3, 0, 0, 0, 0, 0, 0, 0, 0, 0]
        let server = try LocalHTTPServer { req in
            req.path == "/gz"
                ? HTTPResponse(headers: [("Content-Encoding", "gzip"), ("Date", "Mon, 01 Jan 2024 00:00:00 GMT")], body: gzipped)
                : HTTPResponse(status: 404, text: "nope")
        }
        defer { server.stop() }
        let client = try RawClient(port: server.port)
        client.send("GET /x HTTP/1.1\r\nAccept-Encoding: gzip\r\n\r\n")
        let plain = try client.readResponse()
        #expect(plain.status == 404 && plain.rawHead.hasPrefix("HTTP/1.1 404 Not Found\r\n"))
        #expect(plain.header("Content-Length") == "4")
        #expect(plain.header("Date")?.hasSuffix(" GMT") == true)
        #expect(plain.header("Content-Encoding") == nil)
        client.send("GET /gz HTTP/1.1\r\n\r\n")
        let gz = try client.readResponse()
        #expect(gz.body == gzipped)
        #expect(gz.header("Content-Encoding") == "gzip")
        #expect(gz.headers.filter { $0.0 == "Date" }.map(\.1) == ["Mon, 01 Jan 2024 00:00:00 GMT"])
        let viaCurl = try curl(["--compressed", server.baseURL + "/gz"])
        #expect(viaCurl.status == 0 && viaCurl.stdout == "")
    }

    @Test func noBodyStatuses() throws {
        let server = try LocalHTTPServer { req in HTTPResponse(status: req.path == "/304" ? 304 : 204, text: "ignored") }
        defer { server.stop() }
        let client = try RawClient(port: server.port)
        client.send("GET /304 HTTP/1.1\r\n\r\nGET /204 HTTP/1.1\r\n\r\nGET /304 HTTP/1.1\r\n\r\n")
        let statuses = try (0..<3).map { _ in try client.readResponse() }
        #expect(statuses.map(\.status) == [304, 204, 304])
        #expect(statuses.allSatisfy { $0.header("Content-Length") == nil })
    }

    @Test func requestBodyByContentLengthAndExpectContinue() throws {
        let server = try echoServer()
        defer { server.stop() }
        let client = try RawClient(port: server.port)
        client.send("PUT /up HTTP/1.1\r\nContent-Length: 5\r\nExpect: 100-continue\r\n\r\n")
        #expect(try client.readResponse().status == 100)
        client.send("hel")
        client.send("lo")
        #expect(try client.readResponse().text == "PUT /up hello")
        let big = String(repeating: "x", count: 300_000)
        let file = FileManager.default.temporaryDirectory.appendingPathComponent("localhttp-\(server.port).txt")
        try big.write(to: file, atomically: true, encoding: .utf8)
        defer { try? FileManager.default.removeItem(at: file) }
        let viaCurl = try curl(["--data-binary", "@" + file.path, server.baseURL + "/post"])
        #expect(viaCurl.stdout == "POST /post " + big)
        #expect(server.requests().last?.header("content-type") == "application/x-www-form-urlencoded")
    }

    @Test func chunkedResponse() throws {
        let server = try LocalHTTPServer { req in
            var r = HTTPResponse(text: "abcdefghij")
            r.chunked = true
            if req.path == "/slow" { r.trickle = (chunkSize: 3, pause: .milliseconds(20)) }
            return r
        }
        defer { server.stop() }
        let client = try RawClient(port: server.port)
        for path in ["/", "/slow"] {
            client.send("GET \(path) HTTP/1.1\r\n\r\n")
            let r = try client.readResponse()
            #expect(r.header("Transfer-Encoding") == "chunked")
            #expect(r.header("Content-Length") == nil)
            #expect(r.text == "abcdefghij")
        }
        let viaCurl = try curl([server.baseURL + "/slow"])
        #expect(viaCurl.status == 0 && viaCurl.stdout == "abcdefghij")
    }

    @Test(arguments: [
        ("GARBAGE\r\n\r\n", 400),
        ("GET / HTTP/1.1\r\nNoColon\r\n\r\n", 400),
        ("GET / HTTP/1.1\r\nBad Name: x\r\n\r\n", 400),
        ("GET / HTTP/1.1\r\nContent-Length: -1\r\n\r\n", 400),
        ("GET / HTTP/1.1\r\nContent-Length: 1\r\nContent-Length: 2\r\n\r\n", 400),
        ("GET  / HTTP/1.1\r\n\r\n", 400),
        ("GET / HTTP/2.0\r\n\r\n", 505),
        ("POST / HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n", 501),
        ("\u{1}\u{2}\u{3} / HTTP/1.1\r\n\r\n", 400),
    ])
    func malformedRequestGetsErrorAndClose(request: String, status: Int) throws {
        let server = try echoServer()
        defer { server.stop() }
        let client = try RawClient(port: server.port)
        client.send(request)
        let response = try client.readResponse()
        #expect(response.status == status)
        #expect(response.header("Connection") == "close")
        #expect(client.isClosedByPeer())
        #expect(server.requestCount == 0)
    }

    @Test func oversizedHeadGets431() throws {
        let server = try echoServer()
        defer { server.stop() }
        let client = try RawClient(port: server.port)
        client.send("GET / HTTP/1.1\r\nX-Big: " + String(repeating: "a", count: 100_000) + "\r\n\r\n")
        #expect(try client.readResponse().status == 431)
    }

    @Test func concurrentClientsAreCounted() throws {
        let server = try echoServer()
        defer { server.stop() }
        DispatchQueue.concurrentPerform(iterations: 8) { i in
            guard let client = try? RawClient(port: server.port) else { return }
            for j in 0..<50 {
                client.send("GET /\(i)/\(j) HTTP/1.1\r\n\r\n")
                _ = try? client.readResponse()
            }
        }
        #expect(server.requestCount == 400)
        #expect(server.connectionCount == 8)
        #expect(Set(server.requests().map(\.path)).count == 400)
    }
}

@Suite struct SlowServer {
    @Test func delayPostponesResponse() throws {
        let server = try LocalHTTPServer { _ in
            var r = HTTPResponse(text: "late")
            r.delay = .milliseconds(300)
            return r
        }
        defer { server.stop() }
        let client = try RawClient(port: server.port)
        var body = ""
        let elapsed = try seconds {
            client.send("GET / HTTP/1.1\r\n\r\n")
            body = try client.readResponse().text
        }
        #expect(body == "late")
        #expect(elapsed >= 0.29)
        let timedOut = try curl(["--max-time", "0.1", server.baseURL])
        #expect(timedOut.status == 28)
    }

    @Test func trickleSendsPiecesWithPauses() throws {
        let server = try LocalHTTPServer { req in
            var r = HTTPResponse(body: Array(repeating: UInt8(ascii: "z"), count: req.path == "/long" ? 1000 : 10))
            r.trickle = req.path == "/long" ? (1, .milliseconds(200)) : (2, .milliseconds(50))
            return r
        }
        defer { server.stop() }
        let client = try RawClient(port: server.port)
        var response: RawResponse?
        let elapsed = try seconds {
            client.send("GET / HTTP/1.1\r\n\r\n")
            response = try client.readResponse()
        }
        #expect(response?.header("Content-Length") == "10")
        #expect(response?.text == "zzzzzzzzzz")
        #expect(elapsed >= 0.19) // 5 pieces, 4 pauses of 50 ms
        // Low-speed abort: fewer than 100 B/s for 1 s.
        let aborted = try curl(["--speed-limit", "100", "--speed-time", "1", "--max-time", "10", server.baseURL + "/long"])
        #expect(aborted.status == 28)
    }
}

@Suite struct Stopping {
    @Test func stopWithIdleKeepAliveClientIsPrompt() throws {
        let server = try echoServer()
        let client = try RawClient(port: server.port)
        client.send("GET / HTTP/1.1\r\n\r\n")
        _ = try client.readResponse()
        let elapsed = seconds { server.stop() }
        #expect(elapsed < 1)
        #expect(client.isClosedByPeer())
        server.stop() // idempotent
        #expect(throws: TestFailure.self) { _ = try RawClient(port: server.port) }
    }

    @Test(arguments: ["/delay", "/trickle"])
    func stopDuringSlowResponseIsPrompt(path: String) throws {
        let server = try LocalHTTPServer { req in
            var r = HTTPResponse(body: Array(repeating: 65, count: 100))
            if req.path == "/delay" { r.delay = .seconds(30) } else { r.trickle = (1, .seconds(30)) }
            return r
        }
        let client = try RawClient(port: server.port)
        client.send("GET \(path) HTTP/1.1\r\n\r\n")
        while server.requestCount == 0 { usleep(1000) }
        usleep(50_000)
        let elapsed = seconds { server.stop() }
        #expect(elapsed < 1)
    }

    @Test func stopWithHalfSentRequestAndDeinit() throws {
        var server: LocalHTTPServer? = try echoServer()
        let port = server!.port
        let client = try RawClient(port: port)
        client.send("POST / HTTP/1.1\r\nContent-Length: 100\r\n\r\nonly-part")
        usleep(50_000)
        let elapsed = seconds { server = nil } // deinit stops
        #expect(elapsed < 1)
        #expect(client.isClosedByPeer())
    }

    @Test func stopFromInsideHandlerDoesNotDeadlock() throws {
        let box = ServerBox()
        let server = try LocalHTTPServer { _ in
            box.server?.stop()
            return HTTPResponse(text: "x")
        }
        box.server = server
        let result = try curl(["--max-time", "5", server.baseURL])
        #expect(result.status != 28)
        server.stop()
    }
}

private final class ServerBox: @unchecked Sendable {
    weak var server: LocalHTTPServer?
}
