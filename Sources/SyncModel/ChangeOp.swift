/// What a change-log row records.
public enum ChangeOp: String, Sendable, Codable, CaseIterable {
    /// A document seen for the first time (version 1).
    case create
    /// New content for a known document (version n+1), or a deleted document that came back.
    case update
    /// The document vanished from its source; a tombstone remains and its history stays.
    case delete
    /// The document's cluster membership or canonical status changed without new content.
    case cluster
}
