/// The kinds of source syncd reads from.
public enum SourceKind: String, Sendable, Codable, CaseIterable {
    case folder
    case feed
}
