import Foundation
import TestSupport
import Synchronization

/// Routes of a test server that a test can change between polls: path → response.
final class Routes: Sendable {
    private let table = Mutex<[String: @Sendable (HTTPRequest) -> HTTPResponse]>([:])

    subscript(path: String) -> (@Sendable (HTTPRequest) -> HTTPResponse)? {
        get { table.withLock { $0[path] } }
        set { table.withLock { $0[path] = newValue } }
    }

    /// Serves `text` at `path` with optional headers.
    func serve(_ path: String, _ text: String, headers: [(String, String)] = [("Content-Type", "application/rss+xml")]) {
        self[path] = { _ in HTTPResponse(status: 200, headers: headers, text: text) }
    }

    func serve(_ path: String, bytes: [UInt8], headers: [(String, String)]) {
        self[path] = { _ in HTTPResponse(status: 200, headers: headers, body: bytes) }
    }

    func handle(_ request: HTTPRequest) -> HTTPResponse {
        let path = String(request.path.prefix { $0 != "?" })
        guard let route = self[path] else { return HTTPResponse(status: 404, text: "no route for \(path)") }
        return route(request)
    }
}

/// A real HTTP server on 127.0.0.1 with changeable routes.
func startServer() async throws -> (TestHTTPServer, Routes) {
    let routes = Routes()
    let server = try await TestHTTPServer.start { routes.handle($0) }
    return (server, routes)
}

struct Item {
    var guid: String?
    var link: String?
    var title: String
    var body: String
    var date: String? = nil
}

/// An RSS 2.0 document; bodies go in `description` as escaped HTML paragraphs.
func rss(_ items: [Item], declaration: String = #"<?xml version="1.0" encoding="utf-8"?>"#, ttl: Int? = nil) -> String {
    var xml = declaration + "\n<rss version=\"2.0\"><channel><title>Test feed</title><link>http://example.org/</link>"
    if let ttl { xml += "<ttl>\(ttl)</ttl>" }
    for item in items {
        xml += "<item>"
        if let guid = item.guid { xml += "<guid>\(escape(guid))</guid>" }
        if let link = item.link { xml += "<link>\(escape(link))</link>" }
        xml += "<title>\(escape(item.title))</title>"
        if let date = item.date { xml += "<pubDate>\(date)</pubDate>" }
        xml += "<description>\(escape("<p>" + item.body + "</p>"))</description></item>"
    }
    return xml + "</channel></rss>"
}

func escape(_ text: String) -> String {
    text.replacingOccurrences(of: "&", with: "&amp;").replacingOccurrences(of: "<", with: "&lt;").replacingOccurrences(of: ">", with: "&gt;")
}

let repositoryRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent().path

/// The seed articles (Arabic news): title line, then text.
func seed(_ index: Int) throws -> (title: String, text: String) {
    let folder = repositoryRoot + "/seeds"
    let names = try FileManager.default.contentsOfDirectory(atPath: folder).sorted()
    let text = try String(contentsOfFile: folder + "/" + names[index], encoding: .utf8)
    let parts = text.split(separator: "\n", maxSplits: 1).map { collapsed(String($0)) }
    return (parts[0], parts.count > 1 ? parts[1] : "")
}

func makeTemporaryDirectory() throws -> String {
    let path = FileManager.default.temporaryDirectory.appendingPathComponent("syncd-feed-\(UUID().uuidString)").path
    try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
    return path
}

func fixture(_ name: String) throws -> [UInt8] {
    let url = Bundle.module.url(forResource: "Fixtures/" + name, withExtension: nil)!
    return [UInt8](try Data(contentsOf: url))
}

/// Runs of white space as one space, trimmed: how entry HTML comes out as text.
func collapsed(_ text: String) -> String {
    text.split(whereSeparator: { $0.isWhitespace }).joined(separator: " ")
}
