/// Which changes a reader wants, by source and by op: the `source=` and `op=` of the change
/// feed and the `source`/`op` of a `[[webhook]]`. An empty set takes every value.
public struct ChangeFilter: Sendable, Equatable, Hashable {
    public var sources: Set<String>
    public var ops: Set<ChangeOp>

    public init(sources: Set<String> = [], ops: Set<ChangeOp> = []) {
        self.sources = sources
        self.ops = ops
    }

    /// Whether it takes every change.
    public var takesAll: Bool { sources.isEmpty && ops.isEmpty }

    public func matches(_ change: Change) -> Bool {
        (sources.isEmpty || sources.contains(change.source)) && (ops.isEmpty || ops.contains(change.op))
    }
}
