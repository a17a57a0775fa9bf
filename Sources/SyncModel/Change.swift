/// One row of the change log, as `syncctl changes` and the change feed print it.
public struct Change: Sendable, Codable, Equatable {
    public var seq: Int64
    public var op: ChangeOp
    public var doc: Int64
    public var source: String
    public var key: String
    public var version: Int
    public var cluster: Int64?
    public var canonical: Bool
    /// Seconds since 1970, UTC.
    public var at: Double
    /// The node that wrote the change, on a store several nodes share; `nil` on a SQLite store.
    public var node: String?

    public init(
        seq: Int64, op: ChangeOp, doc: Int64, source: String, key: String, version: Int, cluster: Int64?, canonical: Bool, at: Double,
        node: String? = nil
    ) {
        self.seq = seq
        self.op = op
        self.doc = doc
        self.source = source
        self.key = key
        self.version = version
        self.cluster = cluster
        self.canonical = canonical
        self.at = at
        self.node = node
    }
}
