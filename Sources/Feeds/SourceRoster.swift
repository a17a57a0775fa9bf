internal import Foundation
public import SyncConfig
internal import SyncModel

/// The sources a configuration holds (enabled or not) and the ones a command is adding, so
/// that a new source never repeats a feed or a name.
public struct SourceRoster: Sendable {
    /// Who already has a feed URL or a name.
    public enum Holder: Sendable, Equatable {
        /// A source of the configuration file, with the line of its `[[source]]`.
        case configured(name: String, line: Int)
        /// A source added by this command; `line` is where it came from (an OPML outline's
        /// line), 0 when it came from nowhere in particular.
        case added(name: String, line: Int)

        public var name: String {
            switch self {
            case .configured(let name, _), .added(let name, _): name
            }
        }
    }

    private var urls: [String: Holder] = [:]
    private var names: [String: Holder] = [:]
    /// Names that sources yet to come will ask for as written; derived names avoid them.
    private var reserved: Set<String> = []

    public init(config: SyncdConfig) {
        for source in config.sources + config.disabledSources {
            let holder = Holder.configured(name: source.name, line: source.line)
            names[source.name] = holder
            if let feed = source.feed, urls[Self.key(feed.url)] == nil { urls[Self.key(feed.url)] = holder }
        }
    }

    /// The source that already polls `url` (compared by `key`).
    public func holder(ofURL url: String) -> Holder? { urls[Self.key(url)] }

    /// The source that already has `name`.
    public func holder(ofName name: String) -> Holder? { names[name] }

    /// Keeps `names` free for the sources that will ask for them as written.
    public mutating func reserve(_ names: some Sequence<String>) { reserved.formUnion(names) }

    /// A free name made from `title` (see `Names.derived`), else from the URL's host, else `feed`.
    public func derivedName(from title: String?, url: String) -> String {
        let host = URLComponents(string: url)?.host
        let base = title.flatMap(Names.derived) ?? host.flatMap(Names.derived) ?? "feed"
        return Names.unique(base) { names[$0] != nil || reserved.contains($0) }
    }

    /// Records a source being added.
    public mutating func add(name: String, url: String, line: Int = 0) {
        let holder = Holder.added(name: name, line: line)
        names[name] = holder
        if urls[Self.key(url)] == nil { urls[Self.key(url)] = holder }
    }

    /// `url` as compared for "the same feed": scheme and host in lower case, the default port and
    /// the fragment dropped, an empty path as `/`. Anything else is significant.
    public static func key(_ url: String) -> String {
        guard let components = URLComponents(string: url), let scheme = components.scheme?.lowercased(), let host = components.host?.lowercased()
        else { return url }
        let port = components.port.flatMap { ($0 == 80 && scheme == "http") || ($0 == 443 && scheme == "https") ? nil : $0 }
        let path = components.percentEncodedPath.isEmpty ? "/" : components.percentEncodedPath
        return scheme + "://" + host + (port.map { ":\($0)" } ?? "") + path + (components.percentEncodedQuery.map { "?" + $0 } ?? "")
    }
}
