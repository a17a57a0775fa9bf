import Extract
import Feeds
import Fingerprint
import SyncConfig
import SyncModel

/// The parsers that read what strangers write (feeds, pages, saved pages, any text, config
/// files), each as a function of raw bytes for libFuzzer (`make fuzz`) and for the regression
/// test that replays every input that once crashed. Each must return for any input: an error
/// is fine, a trap or a hang is not.
public enum FuzzTarget: String, CaseIterable, Sendable {
    case feed
    case html
    case pagedump
    case normalize
    case config

    /// Where `make fuzz` takes this target's seed inputs from, relative to the repository's
    /// parent folder (`../shared`).
    public var seedFolders: [String] {
        switch self {
        case .feed: ["shared/testsuites"]
        case .html: ["shared/corpora"]
        case .pagedump: ["shared/seeds", "shared/corpora"]
        case .normalize: ["shared/seeds"]
        case .config: ["syncd/Config", "syncd/systemd"]
        }
    }

    /// The file names (`*.xml`, `*.html`…) taken from the seed folders.
    public var seedExtensions: [String] {
        switch self {
        case .feed: ["xml", "rss", "atom", "rdf", "json"]
        case .html: ["html", "htm"]
        case .pagedump: ["txt", "md"]
        case .normalize: ["txt"]
        case .config: ["toml"]
        }
    }

    /// Runs the target on one input.
    public func run(_ bytes: [UInt8]) {
        switch self {
        case .feed:
            _ = try? FeedParser().parse(bytes, contentType: nil, baseURL: "https://example.org/feed")
            _ = try? FeedParser().parse(bytes, contentType: "application/feed+json", baseURL: nil)
        case .html:
            let article = HTMLExtractor().extract(html: bytes, charset: nil)
            _ = Fingerprinter(parameters: .default).fingerprint(article)
        case .pagedump:
            let article = try? DocumentReader(maxFileSize: 1 << 24).read(bytes: bytes, fileName: "page.txt", format: .text)
            if let article { _ = Fingerprinter(parameters: .default).fingerprint(article) }
        case .normalize:
            let text = String(decoding: bytes, as: UTF8.self)
            _ = TextNormalizer().normalize(text)
            _ = Fingerprinter(parameters: .default).fingerprint(text: text)
        case .config:
            _ = try? SyncdConfig.parse(String(decoding: bytes, as: UTF8.self), path: "fuzz.toml")
        }
    }
}
