/// A `[[webhook]]` as status and metrics show it: its cursor, lag and delivery state.
public struct WebhookStatus: Sendable, Codable, Equatable {
    public var name: String
    public var url: String
    /// The consumer whose cursor it keeps: `webhook.NAME`.
    public var consumer: String
    /// The last seq delivered (or skipped by its filter) and committed.
    public var seq: Int64
    /// Changes in the log after `seq`.
    public var lag: Int64
    /// Changes delivered since the daemon started (a change sent twice counts twice).
    public var delivered: Int
    /// Failed POSTs in a row; 0 once one succeeds.
    public var failures: Int
    public var lastStatus: Int?
    public var lastError: String?
    public var lastSuccessAt: Double?
    /// When the next attempt is due after a failure, seconds since 1970.
    public var retryAt: Double?
    /// Why it stopped: the receiver answered 410. It stays stopped until the daemon restarts
    /// or a reload changes its entry.
    public var disabledReason: String?

    public init(
        name: String, url: String, consumer: String, seq: Int64, lag: Int64, delivered: Int = 0, failures: Int = 0, lastStatus: Int? = nil,
        lastError: String? = nil, lastSuccessAt: Double? = nil, retryAt: Double? = nil, disabledReason: String? = nil
    ) {
        self.name = name
        self.url = url
        self.consumer = consumer
        self.seq = seq
        self.lag = lag
        self.delivered = delivered
        self.failures = failures
        self.lastStatus = lastStatus
        self.lastError = lastError
        self.lastSuccessAt = lastSuccessAt
        self.retryAt = retryAt
        self.disabledReason = disabledReason
    }
}
