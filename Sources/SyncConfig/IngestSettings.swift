/// Limits applied while ingesting documents.
public struct IngestSettings: Sendable, Equatable {
    /// Files larger than this many bytes are refused; sources may override it.
    public var maxFileSize: Int

    /// - Parameter maxFileSize: bytes; 10 MiB unless the configuration says otherwise.
    public init(maxFileSize: Int = 10_485_760) {
        self.maxFileSize = maxFileSize
    }
}
