#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import Synchronization

/// A request as received by ``TestHTTPServer``.
public struct HTTPRequest: Sendable {
    /// The request method exactly as sent, e.g. `"GET"`.
    public var method: String
    /// The request target including any query string, e.g. `"/feed/1?x=2"`.
    public var path: String
    /// Header fields in arrival order; names keep the client's spelling.
    public var headers: [(name: String, value: String)]
    /// The request body; empty when there is none.
    public var body: [UInt8]

    /// Creates a request value (mainly useful for unit-testing handlers).
    public init(method: String = "GET", path: String = "/", headers: [(name: String, value: String)] = [], body: [UInt8] = []) {
        self.method = method
        self.path = path
        self.headers = headers
        self.body = body
    }

    /// The value of the first header named `name`, compared case-insensitively, or `nil`.
    public func header(_ name: String) -> String? {
        headers.first { $0.name.lowercased() == name.lowercased() }?.value
    }

    /// The body decoded as UTF-8 (invalid sequences are repaired).
    public var bodyText: String { String(decoding: body, as: UTF8.self) }
}

/// The response a handler returns. Besides status, headers and body it can simulate slow or
/// unusual servers (``delay``, ``trickle``, ``chunked``, ``closeConnection``).
///
/// The body goes out byte for byte: no `Content-Encoding` is added or removed, so a test can
/// serve pre-gzipped bytes with its own `Content-Encoding: gzip`. The server adds `Date` and
/// `Content-Length` (none with ``chunked``, which sends `Transfer-Encoding: chunked`) unless the
/// handler supplies them. 1xx, 204 and 304 responses carry no body and no `Content-Length`
/// (NIO's encoder drops it); a `HEAD` request gets the headers, `Content-Length` included, and no body.
public struct HTTPResponse: Sendable {
    /// The status code, e.g. `200`.
    public var status: Int
    /// The reason phrase; `nil` uses the standard one for ``status``.
    public var reason: String?
    /// Header fields, in order (names that are not valid HTTP tokens are dropped).
    public var headers: [(String, String)]
    /// The body.
    public var body: [UInt8]
    /// Delay before sending anything (to test connect/total timeouts).
    /// Cut short, without a response, when the server stops.
    public var delay: Duration?
    /// When set, the body is sent in pieces of `chunkSize` bytes with `pause` between them,
    /// each written and flushed on its own (a slow server); the header block goes out first, at once.
    /// `Content-Length` is still declared unless ``chunked`` is set.
    public var trickle: (chunkSize: Int, pause: Duration)?
    /// Send the body with `Transfer-Encoding: chunked`: one chunk per ``trickle`` piece,
    /// or a single chunk for the whole body when ``trickle`` is `nil`.
    public var chunked: Bool
    /// Close the connection once this response is written (adds `Connection: close` unless a
    /// `Connection` header is supplied). A supplied `Connection: close` header also closes.
    public var closeConnection: Bool

    /// Creates a response; the simulation options start off.
    public init(status: Int = 200, headers: [(String, String)] = [], body: [UInt8] = []) {
        self.status = status
        self.reason = nil
        self.headers = headers
        self.body = body
        self.delay = nil
        self.trickle = nil
        self.chunked = false
        self.closeConnection = false
    }

    /// Creates a response whose body is the UTF-8 encoding of `text`.
    public init(status: Int = 200, headers: [(String, String)] = [], text: String) {
        self.init(status: status, headers: headers, body: Array(text.utf8))
    }
}

/// IMF-fixdate (`Sun, 06 Nov 1994 08:49:37 GMT`) for the `Date` header, formatted once a second.
final class HTTPDate: Sendable {
    static let shared = HTTPDate()
    private let cache = Mutex<(second: time_t, text: String)>((-1, ""))
    private static let days = ["Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"]
    private static let months = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]

    func now() -> String {
        var t = time(nil)
        return cache.withLock { cached in
            if cached.second == t { return cached.text }
            var parts = tm()
            gmtime_r(&t, &parts)
            func two(_ v: Int32) -> String { v < 10 ? "0\(v)" : "\(v)" }
            cached = (
                t,
                "\(Self.days[Int(parts.tm_wday)]), \(two(parts.tm_mday)) \(Self.months[Int(parts.tm_mon)]) "
                    + "\(parts.tm_year + 1900) \(two(parts.tm_hour)):\(two(parts.tm_min)):\(two(parts.tm_sec)) GMT"
            )
            return cached.text
        }
    }
}
