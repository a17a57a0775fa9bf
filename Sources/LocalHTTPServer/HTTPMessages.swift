#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A parsed HTTP/1.x request as received by ``LocalHTTPServer``.
public struct HTTPRequest: Sendable {
    /// The request method exactly as sent, e.g. `"GET"`.
    public var method: String
    /// The request target including any query string, e.g. `"/feed/1?x=2"`.
    public var path: String
    /// The protocol version from the request line, `"HTTP/1.1"` or `"HTTP/1.0"`.
    public var version: String
    /// Header fields in arrival order; names keep the client's spelling, values are trimmed.
    public var headers: [(name: String, value: String)]
    /// The request body (from `Content-Length`); empty when there is none.
    public var body: [UInt8]
    /// 1-based sequence number of the TCP connection that carried this request.
    /// Two requests with the same value were sent over one kept-alive connection.
    public var connectionID: Int

    /// Creates a request value (mainly useful for unit-testing handlers).
    public init(
        method: String = "GET", path: String = "/", version: String = "HTTP/1.1",
        headers: [(name: String, value: String)] = [], body: [UInt8] = [], connectionID: Int = 0
    ) {
        self.method = method
        self.path = path
        self.version = version
        self.headers = headers
        self.body = body
        self.connectionID = connectionID
    }

    /// The value of the first header named `name`, compared case-insensitively, or `nil`.
    public func header(_ name: String) -> String? {
        headers.first { asciiCaseInsensitiveEqual($0.name, name) }?.value
    }

    /// The body decoded as UTF-8 (invalid sequences are repaired).
    public var bodyText: String { String(decoding: body, as: UTF8.self) }
}

/// The response a handler returns. Besides the usual status, headers and body it can
/// simulate slow or unusual servers (``delay``, ``trickle``, ``chunked``, ``closeConnection``).
///
/// The server adds `Date` and `Content-Length` (or `Transfer-Encoding: chunked` when
/// ``chunked`` is set) unless the handler supplies them; a handler-supplied
/// `Content-Length` is sent as-is even if it does not match the body, so tests can
/// provoke truncated transfers. No `Content-Encoding` is ever added.
public struct HTTPResponse: Sendable {
    /// The status code, e.g. `200`.
    public var status: Int
    /// The reason phrase; `nil` uses the standard one for ``status``.
    public var reason: String?
    /// Header fields sent verbatim, in order.
    public var headers: [(String, String)]
    /// The body. Not sent for `HEAD` requests or for 1xx/204/304 statuses.
    public var body: [UInt8]
    /// Delay before sending anything (to test connect/total timeouts).
    /// Cut short, without a response, when the server stops.
    public var delay: Duration?
    /// When set, the body is sent in pieces of `chunkSize` bytes with `pause` between them
    /// (a slow server / low-speed abort test); Content-Length still declared unless `chunked` is true.
    /// The header block is sent first, at once.
    public var trickle: (chunkSize: Int, pause: Duration)?
    /// Send the body with `Transfer-Encoding: chunked`: one chunk per ``trickle`` piece,
    /// or a single chunk for the whole body when ``trickle`` is `nil`.
    public var chunked: Bool
    /// Close the connection after this response (adds `Connection: close` unless a
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

    /// The standard reason phrase for a status code (`"Unknown"` for unlisted codes).
    public static func standardReason(_ status: Int) -> String {
        switch status {
        case 100: "Continue"
        case 200: "OK"
        case 201: "Created"
        case 202: "Accepted"
        case 204: "No Content"
        case 206: "Partial Content"
        case 301: "Moved Permanently"
        case 302: "Found"
        case 303: "See Other"
        case 304: "Not Modified"
        case 307: "Temporary Redirect"
        case 308: "Permanent Redirect"
        case 400: "Bad Request"
        case 401: "Unauthorized"
        case 403: "Forbidden"
        case 404: "Not Found"
        case 405: "Method Not Allowed"
        case 408: "Request Timeout"
        case 410: "Gone"
        case 413: "Content Too Large"
        case 429: "Too Many Requests"
        case 431: "Request Header Fields Too Large"
        case 500: "Internal Server Error"
        case 501: "Not Implemented"
        case 502: "Bad Gateway"
        case 503: "Service Unavailable"
        case 504: "Gateway Timeout"
        case 505: "HTTP Version Not Supported"
        default: "Unknown"
        }
    }
}

/// Compares two strings for equality ignoring ASCII case, without allocating.
@inline(__always)
func asciiCaseInsensitiveEqual(_ a: String, _ b: String) -> Bool {
    var ia = a.utf8.makeIterator()
    var ib = b.utf8.makeIterator()
    while true {
        switch (ia.next(), ib.next()) {
        case (nil, nil): return true
        case let (x?, y?):
            if x != y && asciiLower(x) != asciiLower(y) { return false }
        default: return false
        }
    }
}

@inline(__always)
func asciiLower(_ c: UInt8) -> UInt8 { (c >= 65 && c <= 90) ? c | 0x20 : c }

/// Formats IMF-fixdate values (`Sun, 06 Nov 1994 08:49:37 GMT`), caching the last second.
struct HTTPDateCache {
    private var second: time_t = -1
    private var text = ""
    private static let days = ["Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"]
    private static let months = ["Jan", "Feb", "Mar", "Apr", "May", "Jun",
                                 "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]

    mutating func now() -> String {
        var t = time(nil)
        if t == second { return text }
        var tm = tm()
        gmtime_r(&t, &tm)
        func two(_ v: Int32) -> String { v < 10 ? "0\(v)" : "\(v)" }
        text = "\(Self.days[Int(tm.tm_wday)]), \(two(tm.tm_mday)) \(Self.months[Int(tm.tm_mon)]) "
            + "\(tm.tm_year + 1900) \(two(tm.tm_hour)):\(two(tm.tm_min)):\(two(tm.tm_sec)) GMT"
        second = t
        return text
    }
}
