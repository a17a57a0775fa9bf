/// Where the versioned store lives.
public struct StoreSettings: Sendable, Equatable {
    /// Absolute, standardized path of the SQLite file.
    public var path: String

    public init(path: String) {
        self.path = path
    }
}
