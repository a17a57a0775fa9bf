/// What `syncctl reextract` did to one folder source (or, in a dry run, would do).
public struct ReextractSummary: Sendable, Codable, Equatable {
    public var source: String
    /// Live documents of the source.
    public var documents = 0
    /// Of those, the ones whose input is kept (page dumps): the ones extracted again.
    public var inputs = 0
    /// Lines the source's chrome model knows, learned from those inputs.
    public var knownChrome = 0
    /// Documents whose stored text changes: each gets a new version (none in a dry run).
    public var changed = 0
    /// Kept inputs that no longer extract, with the reason; their documents stay as they are.
    public var failures: [Failure] = []

    public init(source: String) { self.source = source }

    /// A document whose kept input no longer extracts.
    public struct Failure: Sendable, Codable, Equatable {
        public var key: String
        public var message: String

        public init(key: String, message: String) {
            self.key = key
            self.message = message
        }
    }
}

/// The answer of the API's `POST /v1/reextract`.
public struct ReextractAnswer: Sendable, Codable, Equatable {
    public var sources: [ReextractSummary]

    public init(sources: [ReextractSummary]) {
        self.sources = sources
    }
}
