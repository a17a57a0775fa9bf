public import SyncModel

extension SyncdConfig {
    /// The folder sources `syncctl reextract` works on: the one named, or every folder source.
    /// - Throws: `SyncError(.notFound)` for a name no source has; `.invalidArgument` for a feed
    ///   source (its entries keep no file to extract again).
    public func reextractSources(_ name: String?) throws(SyncError) -> [String] {
        guard let name else { return sources.filter { $0.kind == .folder }.map(\.name) }
        guard let source = sources.first(where: { $0.name == name }) else {
            throw SyncError(.notFound, "no enabled source named \"\(name)\"", location: path)
        }
        guard source.kind == .folder else {
            throw SyncError(.invalidArgument, "\"\(name)\" is a feed source; only folder sources are extracted again", location: path)
        }
        return [name]
    }
}
