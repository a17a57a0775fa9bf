internal import Foundation
public import SyncConfig
internal import SyncModel

/// What importing an OPML document into a configuration does, outline by outline: the feed
/// sources to add, the outlines skipped because their feed is already there, and the outlines in
/// error (no URL, an invalid one, a name another source or outline has). Nothing should be
/// written while `errors` is not empty.
///
/// A source is named after its outline's `title` (else `text`): kept as written when it is a
/// valid name, which must then be free; otherwise made into one (`Names.derived`, the URL's
/// host when nothing is left) and numbered until free. Categories become the source's tags.
public struct OPMLImport: Sendable {
    public struct Addition: Sendable, Equatable {
        /// The outline's line.
        public var line: Int
        public var draft: SourceDraft
    }

    /// Something said about one outline.
    public struct Note: Sendable, Equatable, CustomStringConvertible {
        public var line: Int
        public var message: String
        public var description: String { "line \(line): \(message)" }
    }

    public private(set) var additions: [Addition] = []
    /// Outlines whose feed is configured already, or listed earlier in the document.
    public private(set) var skipped: [Note] = []
    public private(set) var errors: [Note] = []

    /// Plans the import of `document` into `config`.
    public init(_ document: OPMLDocument, into config: SyncdConfig) {
        var roster = SourceRoster(config: config)
        roster.reserve(document.outlines.compactMap { $0.label.map(Self.trimmed) }.filter(Names.isValid))
        for outline in document.outlines {
            let label = outline.label.map(Self.trimmed)
            let subject = "outline \"\(label ?? outline.xmlURL ?? "")\""
            func fail(_ message: String) { errors.append(Note(line: outline.line, message: "\(subject): \(message)")) }
            guard let url = outline.xmlURL else {
                fail("no xmlUrl (a feed outline needs the feed's address)")
                continue
            }
            guard !url.isEmpty else {
                fail("xmlUrl is empty")
                continue
            }
            if let problem = FeedSettings.urlProblem(url) {
                fail("xmlUrl \(problem)")
                continue
            }
            guard let components = URLComponents(string: url), components.host?.isEmpty == false else {
                fail("xmlUrl \"\(url)\" is not a valid URL")
                continue
            }
            switch roster.holder(ofURL: url) {
            case .configured(let name, let line)?:
                skipped.append(Note(line: outline.line, message: "\(subject): \(url) is already configured as source \"\(name)\" (line \(line))"))
                continue
            case .added(let name, let line)?:
                skipped.append(Note(line: outline.line, message: "\(subject): \(url) is the same feed as \"\(name)\" at line \(line)"))
                continue
            case nil:
                break
            }
            let name: String
            if let label, Names.isValid(label) {
                switch roster.holder(ofName: label) {
                case .configured(_, let line)?:
                    fail("name \"\(label)\" is taken by the configured source at line \(line) of \(config.path)")
                    continue
                case .added(_, let line)?:
                    fail("name \"\(label)\" is taken by the outline at line \(line)")
                    continue
                case nil:
                    name = label
                }
            } else {
                name = roster.derivedName(from: label, url: url)
            }
            roster.add(name: name, url: url, line: outline.line)
            let draft = SourceDraft(name: name, origin: .feed(url: url, interval: nil), tags: outline.categories, note: label == name ? nil : label)
            additions.append(Addition(line: outline.line, draft: draft))
        }
    }

    private static func trimmed(_ text: String) -> String {
        text.trimmingCharacters(in: .whitespacesAndNewlines)
    }
}
