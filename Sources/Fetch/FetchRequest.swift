public import SyncModel

/// One HTTP header, as sent or received.
public struct HTTPHeader: Sendable, Equatable, Hashable {
    public var name: String
    public var value: String

    public init(_ name: String, _ value: String) {
        self.name = name
        self.value = value
    }
}

extension Array where Element == HTTPHeader {
    /// The last value of a header (names compare case-insensitively, as HTTP says).
    public func value(_ name: String) -> String? {
        last { $0.name.caseInsensitiveEquals(name) }?.value
    }
}

extension String {
    func caseInsensitiveEquals(_ other: String) -> Bool {
        utf8.count == other.utf8.count && zip(utf8, other.utf8).allSatisfy { Self.lower($0) == Self.lower($1) }
    }

    private static func lower(_ byte: UInt8) -> UInt8 {
        (byte >= 0x41 && byte <= 0x5A) ? byte + 0x20 : byte
    }
}

/// Bounds on one transfer. A transfer that breaks one fails; nothing is half-kept.
public struct FetchLimits: Sendable, Equatable {
    /// Seconds to establish the connection (TCP and TLS).
    public var connectTimeout: Double
    /// Seconds for the whole transfer of one hop, connection included.
    public var totalTimeout: Double
    /// A transfer slower than `lowSpeedBytes` per second for `lowSpeedSeconds` is aborted.
    public var lowSpeedBytes: Int
    public var lowSpeedSeconds: Int
    /// Most body bytes accepted, counted after decompression: a compressed bomb is cut off here.
    public var maxBodySize: Int
    /// Redirects followed before giving up.
    public var maxRedirects: Int

    public init(
        connectTimeout: Double = 10, totalTimeout: Double = 60, lowSpeedBytes: Int = 100, lowSpeedSeconds: Int = 20,
        maxBodySize: Int = 10 * 1024 * 1024, maxRedirects: Int = 10
    ) {
        self.connectTimeout = connectTimeout
        self.totalTimeout = totalTimeout
        self.lowSpeedBytes = lowSpeedBytes
        self.lowSpeedSeconds = lowSpeedSeconds
        self.maxBodySize = maxBodySize
        self.maxRedirects = maxRedirects
    }
}

/// A GET of one URL, with the validators of the copy we already have.
public struct FetchRequest: Sendable {
    /// An absolute http or https URL.
    public var url: String
    /// Extra headers (a source's own); they cannot replace the validators below.
    public var headers: [HTTPHeader]
    public var userAgent: String
    /// The `ETag` of the copy we have, sent as `If-None-Match`.
    public var etag: String?
    /// The `Last-Modified` of the copy we have, sent as `If-Modified-Since`.
    public var lastModified: String?
    public var limits: FetchLimits
    /// `GET` (feeds) or `POST` (with `body`, for syncctl talking to the daemon).
    public var method = "GET"
    public var body: [UInt8]?
    /// Connect to this unix socket instead of the URL's host (the daemon's API socket).
    public var unixSocket: String?
    /// Refuse to send the request (on every hop) when the address connected to is loopback,
    /// private, link-local or otherwise not public (`AddressPolicy`): for URLs taken from
    /// untrusted documents, such as a feed's article links. The transfer then throws
    /// `SyncError(.refused)` naming the address; nothing was sent to it.
    public var publicAddressesOnly = false
    /// Asked for each hop once a politeness permit is held, just before the transfer starts:
    /// an error returned here (a host now under Retry-After) is thrown instead of fetching.
    public var beforeStart: (@Sendable (_ url: String) -> SyncError?)?
    /// Told each hop's status and headers while its permit is still held, so that what a host
    /// says (a 429's Retry-After) reaches the transfers queued behind it before they start.
    public var afterResponse: (@Sendable (_ url: String, _ status: Int, _ headers: [HTTPHeader]) -> Void)?

    public init(
        url: String, headers: [HTTPHeader] = [], userAgent: String = SyncdVersion.userAgent,
        etag: String? = nil, lastModified: String? = nil, limits: FetchLimits = FetchLimits()
    ) {
        self.url = url
        self.headers = headers
        self.userAgent = userAgent
        self.etag = etag
        self.lastModified = lastModified
        self.limits = limits
    }
}
