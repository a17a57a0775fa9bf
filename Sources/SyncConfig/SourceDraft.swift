import SyncModel

/// A `[[source]]` table that a command adds to the configuration file, as TOML text; the
/// configuration reader decides whether it is valid once it is in the file.
public struct SourceDraft: Sendable, Equatable {
    public enum Origin: Sendable, Equatable {
        case folder(path: String)
        /// A feed and its polling interval as written (`"15m"`), if any.
        case feed(url: String, interval: String?)
    }

    public var name: String
    public var origin: Origin
    public var tags: [String]
    /// A comment written above the table, e.g. the title the name was made from.
    public var note: String?

    public init(name: String, origin: Origin, tags: [String] = [], note: String? = nil) {
        self.name = name
        self.origin = origin
        self.tags = tags
        self.note = note
    }

    /// The feed's URL; `nil` for a folder.
    public var feedURL: String? {
        if case .feed(let url, _) = origin { url } else { nil }
    }

    /// The table, each line ending in a line break.
    public var toml: String {
        var text = note.map { TOMLText.comment($0) + "\n" } ?? ""
        text += "[[source]]\nname = \(TOMLText.quoted(name))\n"
        switch origin {
        case .folder(let path):
            text += "type = \"folder\"\npath = \(TOMLText.quoted(path))\n"
        case .feed(let url, let interval):
            text += "type = \"feed\"\nurl = \(TOMLText.quoted(url))\n"
            if let interval { text += "interval = \(TOMLText.quoted(interval))\n" }
        }
        if !tags.isEmpty { text += "tags = \(TOMLText.array(tags))\n" }
        return text
    }

    /// Tables to append together, under a comment saying which command added them and when.
    /// - Parameters:
    ///   - command: e.g. `syncctl sources import feeds.opml`.
    ///   - time: seconds since 1970, written as RFC 3339 UTC.
    public static func block(_ drafts: [SourceDraft], addedBy command: String, at time: Double) -> String {
        TOMLText.comment("Added by \(command) on \(Timestamp.rfc3339(time))") + "\n"
            + drafts.map(\.toml).joined(separator: "\n")
    }
}
