/// The version syncd reports: `--version`, and the User-Agent of every HTTP request.
public enum SyncdVersion {
    public static let current = "0.3.0"
    /// `syncd/0.3.0 (+https://github.com/syncd/syncd)`: names the software and where to read about it,
    /// as feed publishers ask of crawlers.
    public static let userAgent = "syncd/\(current) (feed fetcher; +https://github.com/syncd/syncd)"
}
