public import SyncModel

/// A `[[webhook]]`: where changes are POSTed, which ones, and how they are signed and batched.
/// Each webhook is a change-feed consumer named `webhook.NAME` whose cursor the store keeps.
public struct WebhookSettings: Sendable, Equatable {
    public var name: String
    /// An absolute http or https URL.
    public var url: String
    /// The changes it takes (`source`, `op`); empty takes all.
    public var filter: ChangeFilter
    /// The HMAC-SHA256 key of `X-Syncd-Signature`; no signature without one.
    public var secret: String?
    /// Most changes per POST.
    public var batch: Int
    /// Seconds one POST may take, connection included.
    public var timeout: Double
    /// Where its table starts in the config file.
    public var line: Int

    public init(
        name: String, url: String, filter: ChangeFilter = ChangeFilter(), secret: String? = nil, batch: Int = 100, timeout: Double = 10,
        line: Int = 0
    ) {
        self.name = name
        self.url = url
        self.filter = filter
        self.secret = secret
        self.batch = batch
        self.timeout = timeout
        self.line = line
    }

    /// The change-feed consumer whose cursor it keeps.
    public var consumer: String { "webhook.\(name)" }

    /// Longest name: `webhook.NAME` must still be a consumer name (64 characters).
    static let maxNameLength = 56
}
