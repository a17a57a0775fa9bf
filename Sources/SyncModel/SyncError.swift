/// An error that crosses module boundaries: a stable code callers match on, a human message,
/// where it happened (file, line, field, URL) and an optional underlying cause.
public struct SyncError: Error, CustomStringConvertible, Sendable {
    /// Stable identifiers; new codes may be added without breaking callers.
    public struct Code: RawRepresentable, Hashable, Sendable, CustomStringConvertible {
        public let rawValue: String
        public init(rawValue: String) { self.rawValue = rawValue }
        public var description: String { rawValue }

        public static let invalidConfig = Code(rawValue: "invalid-config")
        public static let unreadable = Code(rawValue: "unreadable")
        /// A file could not be written (a folder without write permission, a full disk).
        public static let unwritable = Code(rawValue: "unwritable")
        public static let binary = Code(rawValue: "binary")
        public static let empty = Code(rawValue: "empty")
        public static let tooLarge = Code(rawValue: "too-large")
        public static let undecodable = Code(rawValue: "undecodable")
        public static let unsupported = Code(rawValue: "unsupported")
        public static let notFound = Code(rawValue: "not-found")
        public static let store = Code(rawValue: "store")
        public static let invalidArgument = Code(rawValue: "invalid-argument")
        /// A file given to a command holds errors (an OPML outline without a usable URL).
        public static let invalidInput = Code(rawValue: "invalid-input")
        /// The network failed: DNS, connect, TLS, a reset connection.
        public static let network = Code(rawValue: "network")
        /// A connect, total or low-speed timeout.
        public static let timedOut = Code(rawValue: "timed-out")
        /// The server answered with an HTTP status that is a failure (4xx, 5xx).
        public static let httpStatus = Code(rawValue: "http-status")
        /// Refused by policy: a scheme other than http/https, a redirect downgrade.
        public static let refused = Code(rawValue: "refused")
        /// Not attempted now: a host asked to wait (Retry-After).
        public static let deferred = Code(rawValue: "deferred")
        /// The operation was cancelled (shutdown).
        public static let cancelled = Code(rawValue: "cancelled")
    }

    public var code: Code
    public var message: String
    /// Where the problem is: a path, `path:line`, a URL, a document reference.
    public var location: String?
    public var cause: (any Error)?

    public init(_ code: Code, _ message: String, location: String? = nil, cause: (any Error)? = nil) {
        self.code = code
        self.message = message
        self.location = location
        self.cause = cause
    }

    public var description: String {
        var text = location.map { "\($0): \(message)" } ?? message
        if let cause { text += " (\(cause))" }
        return text
    }
}
