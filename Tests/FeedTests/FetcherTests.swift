import Foundation
import TestSupport
import Synchronization
import SyncModel
import Testing
@testable import Fetch

/// The libcurl fetcher against a real HTTP server on 127.0.0.1.
@Suite("CurlFetcher")
struct FetcherTests {
    let fetcher = CurlFetcher(perHost: 2, total: 8)

    @Test("every request names syncd and its version; a source's own headers are sent")
    func userAgent() async throws {
        let (server, routes) = try await startServer()
        routes.serve("/f", "ok")
        let response = try await fetcher.fetch(FetchRequest(url: server.baseURL + "/f", headers: [HTTPHeader("Accept-Language", "ar")]))
        #expect(response.status == 200)
        #expect(response.body == Array("ok".utf8))
        let request = try #require(server.requests().last)
        #expect(request.header("User-Agent") == SyncdVersion.userAgent)
        #expect(request.header("User-Agent")?.hasPrefix("syncd/\(SyncdVersion.current)") == true)
        #expect(request.header("Accept-Language") == "ar")
        #expect(request.header("Accept-Encoding")?.contains("gzip") == true)
    }

    @Test("a server whose answer is not HTTP is a network error that says so, not a refused scheme; a short body fails")
    func misbehavingServers() async throws {
        let garbage = try RawTCPServer(reply: Array("this is not http at all\r\n\r\n".utf8))
        await #expect {
            _ = try await fetcher.fetch(FetchRequest(url: garbage.baseURL + "/feed.xml"))
        } throws: { error in
            guard let error = error as? SyncError else { return false }
            return error.code == .network && error.message.contains("not an HTTP response") && error.location == garbage.baseURL + "/feed.xml"
        }
        let short = try RawTCPServer(reply: Array("HTTP/1.1 200 OK\r\nContent-Length: 100\r\n\r\nonly twenty bytes...".utf8))
        await #expect {
            _ = try await fetcher.fetch(FetchRequest(url: short.baseURL + "/feed.xml"))
        } throws: { error in
            (error as? SyncError)?.code == .network
        }
    }

    @Test("validators go out as If-None-Match and If-Modified-Since; a 304 is a status, not an error")
    func conditional() async throws {
        let (server, routes) = try await startServer()
        routes["/f"] = { request in
            request.header("If-None-Match") == "\"v1\""
                ? HTTPResponse(status: 304) : HTTPResponse(status: 200, headers: [("ETag", "\"v1\"")], text: "x")
        }
        let first = try await fetcher.fetch(FetchRequest(url: server.baseURL + "/f"))
        #expect(first.status == 200 && first.headers.value("etag") == "\"v1\"")
        let second = try await fetcher.fetch(FetchRequest(url: server.baseURL + "/f", etag: "\"v1\"", lastModified: "Sat, 21 Nov 2026 10:00:00 GMT"))
        #expect(second.status == 304 && second.body.isEmpty)
        #expect(server.requests().last?.header("If-Modified-Since") == "Sat, 21 Nov 2026 10:00:00 GMT")
        #expect(server.connectionCount == 1, "the second request reuses the connection")
    }

    @Test(
        "redirects are followed; only a chain of 301/308 from the start moves the feed",
        arguments: [
            ([301], "/final"), ([308], "/final"), ([302], nil), ([307], nil), ([301, 302], "/hop1"), ([302, 301], nil), ([301, 308], "/final"),
        ] as [([Int], String?)])
    func redirects(statuses: [Int], movedTo: String?) async throws {
        let (server, routes) = try await startServer()
        for (index, status) in statuses.enumerated() {
            let target = index + 1 == statuses.count ? "/final" : "/hop\(index + 1)"
            routes["/hop\(index)"] = { _ in HTTPResponse(status: status, headers: [("Location", target)]) }
        }
        routes.serve("/final", "feed")
        let response = try await fetcher.fetch(FetchRequest(url: server.baseURL + "/hop0"))
        #expect(response.status == 200 && response.url == server.baseURL + "/final")
        #expect(response.redirects.map(\.status) == statuses)
        #expect(response.permanentURL == movedTo.map { server.baseURL + $0 })
    }

    @Test("a redirect to another scheme is refused, naming the target")
    func redirectScheme() async throws {
        let (server, routes) = try await startServer()
        routes["/f"] = { _ in HTTPResponse(status: 301, headers: [("Location", "ftp://example.org/feed.xml")]) }
        let error = await #expect(throws: SyncError.self) { try await fetcher.fetch(FetchRequest(url: server.baseURL + "/f")) }
        #expect(error?.code == .refused)
        #expect(error?.message.contains("ftp://example.org/feed.xml") == true)
        await #expect(throws: SyncError.self) { try await fetcher.fetch(FetchRequest(url: "file:///etc/passwd")) }
    }

    @Test("a server that does not answer in time fails with a timeout")
    func slowServer() async throws {
        let (server, routes) = try await startServer()
        routes["/f"] = { _ in
            var response = HTTPResponse(status: 200, text: "late")
            response.delay = .seconds(10)
            return response
        }
        // The server would answer after 10 s: a timeout error (not a 200) proves the limit held.
        let error = await #expect(throws: SyncError.self) {
            try await fetcher.fetch(FetchRequest(url: server.baseURL + "/f", limits: FetchLimits(totalTimeout: 1)))
        }
        #expect(error?.code == .timedOut)
    }

    @Test("a body that trickles in under the low-speed limit is aborted")
    func trickle() async throws {
        let (server, routes) = try await startServer()
        routes["/f"] = { _ in
            var response = HTTPResponse(status: 200, body: Array(repeating: UInt8(ascii: "a"), count: 1000))
            response.trickle = (chunkSize: 5, pause: .milliseconds(500))
            return response
        }
        let error = await #expect(throws: SyncError.self) {
            try await fetcher.fetch(FetchRequest(url: server.baseURL + "/f", limits: FetchLimits(lowSpeedBytes: 100, lowSpeedSeconds: 2)))
        }
        #expect(error?.code == .timedOut)
        #expect(error?.message.contains("too slow") == true)
    }

    @Test("a body over the limit is refused")
    func overLimit() async throws {
        let (server, routes) = try await startServer()
        routes.serve("/f", bytes: Array(repeating: 0x61, count: 300_000), headers: [])
        let error = await #expect(throws: SyncError.self) {
            try await fetcher.fetch(FetchRequest(url: server.baseURL + "/f", limits: FetchLimits(maxBodySize: 100_000)))
        }
        #expect(error?.code == .tooLarge)
        let small = try await fetcher.fetch(FetchRequest(url: server.baseURL + "/f", limits: FetchLimits(maxBodySize: 300_000)))
        #expect(small.body.count == 300_000)
    }

    @Test("a gzip bomb (64 KiB that inflates to 64 MiB) is cut off at the limit, not inflated")
    func gzipBomb() async throws {
        let (server, routes) = try await startServer()
        routes.serve("/f", bytes: try fixture("bomb-64MiB.gz"), headers: [("Content-Encoding", "gzip"), ("Content-Type", "application/xml")])
        let error = await #expect(throws: SyncError.self) {
            try await fetcher.fetch(FetchRequest(url: server.baseURL + "/f", limits: FetchLimits(maxBodySize: 1_000_000)))
        }
        #expect(error?.code == .tooLarge)
        #expect(error?.message.contains("after decompression") == true)
    }

    @Test("a gzip body arrives decoded")
    func gzipDecoded() async throws {
        let (server, routes) = try await startServer()
        routes.serve("/f", bytes: try fixture("bomb-64MiB.gz"), headers: [("Content-Encoding", "gzip")])
        let response = try await fetcher.fetch(FetchRequest(url: server.baseURL + "/f", limits: FetchLimits(maxBodySize: 64 << 20)))
        #expect(response.body.count == 64 << 20)
    }

    // The limit only catches a hang (a limit of one would leave the second request waiting for
    // ever); it is generous because the whole suite runs in parallel on two cores, where this test
    // once took over a minute to be scheduled.
    @Test("no more than the per-host limit of transfers run at once", .timeLimit(.minutes(5)))
    func perHostLimit() async throws {
        // A request that arrives alone waits at the server until a second one is in flight, so two
        // transfers overlap for certain, with no timing involved. Not the first request: with
        // PIPEWAIT, curl opens no second connection before the first answer shows it is HTTP/1.1.
        // Not the last either: no partner is left to come.
        let active = Mutex((now: 0, peak: 0, arrived: 0, waiting: [CheckedContinuation<Void, Never>]()))
        let server = try await TestHTTPServer.start { _ in
            await withCheckedContinuation { continuation in
                let release: [CheckedContinuation<Void, Never>] = active.withLock { state in
                    state.now += 1
                    state.arrived += 1
                    state.peak = max(state.peak, state.now)
                    guard state.now >= 2 || state.arrived == 1 || state.arrived == 6 else {
                        state.waiting.append(continuation)
                        return []
                    }
                    defer { state.waiting = [] }
                    return state.waiting + [continuation]
                }
                for waiter in release { waiter.resume() }
            }
            active.withLock { $0.now -= 1 }
            return HTTPResponse(status: 200, text: "x")
        }
        let fetcher = self.fetcher
        try await withThrowingTaskGroup(of: Void.self) { group in
            for index in 0..<6 {
                group.addTask { _ = try await fetcher.fetch(FetchRequest(url: server.baseURL + "/f\(index)")) }
            }
            try await group.waitForAll()
        }
        #expect(server.requestCount == 6)
        #expect(active.withLock { $0.peak } == 2)
    }

    @Test("a refused connection is a network error naming the URL")
    func refused() async throws {
        let (server, _) = try await startServer()
        let url = server.baseURL + "/f"
        await server.stop()
        let error = await #expect(throws: SyncError.self) { try await fetcher.fetch(FetchRequest(url: url)) }
        #expect(error?.code == .network)
        #expect(error?.location == url)
    }
}
