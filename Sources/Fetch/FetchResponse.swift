/// A redirect that was followed.
public struct Redirect: Sendable, Equatable {
    public var status: Int
    public var from: String
    public var to: String

    /// 301 and 308 say the resource moved for good; 302, 303 and 307 say nothing lasting.
    public var isPermanent: Bool { status == 301 || status == 308 }
}

/// The final answer to a `FetchRequest`, after redirects.
public struct FetchResponse: Sendable, Equatable {
    /// The final HTTP status (200, 304, 404, 410, 429...). Statuses are data here, not errors:
    /// the caller decides what a 410 means.
    public var status: Int
    /// The final response's headers, in order.
    public var headers: [HTTPHeader]
    /// The decoded body (gzip, deflate, br and zstd are undone by libcurl).
    public var body: [UInt8]
    /// The URL that answered.
    public var url: String
    /// Redirects followed, in order.
    public var redirects: [Redirect]
    /// 1 for HTTP/1.0, 11 for HTTP/1.1, 2 for HTTP/2, 3 for HTTP/3.
    public var httpVersion: Int
    /// Seconds for all hops together.
    public var seconds: Double
    /// The IP address the final response came from, as libcurl reports it; `nil` when unknown
    /// (a unix socket, a test double).
    public var address: String?

    /// Where the resource now lives for good: the end of the chain of permanent redirects that
    /// starts the response, or `nil` when the first redirect (if any) was temporary. A permanent
    /// redirect after a temporary one moves the temporary address, not ours.
    public var permanentURL: String? {
        var moved: String?
        for redirect in redirects {
            guard redirect.isPermanent else { break }
            moved = redirect.to
        }
        return moved
    }

    public init(
        status: Int, headers: [HTTPHeader], body: [UInt8], url: String, redirects: [Redirect] = [],
        httpVersion: Int = 11, seconds: Double = 0, address: String? = nil
    ) {
        self.status = status
        self.headers = headers
        self.body = body
        self.url = url
        self.redirects = redirects
        self.httpVersion = httpVersion
        self.seconds = seconds
        self.address = address
    }
}
