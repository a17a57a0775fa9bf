import Foundation
/// An author as a feed names one: Atom's `<name>`, `<email>` and `<uri>`, JSON Feed's
/// `name` and `url`, or an RSS `<author>`/`<dc:creator>` text split into name and email.
public struct FeedPerson: Codable, Sendable, Equatable {
    public var name: String?
    public var email: String?
    public var url: String?

    public init(name: String? = nil, email: String? = nil, url: String? = nil) {
        self.name = name
        self.email = email
        self.url = url
    }

    /// Splits an RSS author text: `me@example.com (Jane Doe)`, `Jane Doe (me@example.com)`,
    /// `Jane Doe <me@example.com>`, `mailto:me@example.com`, a bare address or a bare name.
    /// The address is the first word with an `@` and a dot after it; the name is what is left
    /// once it and its brackets are taken out (as feedparser does).
    public init(text: String) {
        let words = text.split(whereSeparator: { " \t\r\n()<>[],;\"'".contains($0) })
        guard let word = words.first(where: Self.isAddress) else {
            self.init(name: Self.nonEmpty(text))
            return
        }
        var address = String(word)
        if address.lowercased().hasPrefix("mailto:") { address.removeFirst(7) }
        var rest = text.replacingOccurrences(of: String(word), with: "")
        for empty in ["()", "<>", "[]", "( )", "< >"] { rest = rest.replacingOccurrences(of: empty, with: "") }
        var name = Substring(rest).trimmingWhitespace
        if name.hasPrefix("("), name.hasSuffix(")") { name = name.dropFirst().dropLast().trimmingWhitespace }
        self.init(name: Self.nonEmpty(String(name)), email: address)
    }

    /// What a person is called in metadata: the name, else the address.
    public var displayName: String? { name ?? email }

    private static func isAddress(_ word: Substring) -> Bool {
        guard let at = word.firstIndex(of: "@"), at > word.startIndex else { return false }
        let domain = word[word.index(after: at)...]
        return domain.contains(".") && !domain.hasSuffix(".") && !domain.contains("@")
    }

    private static func nonEmpty(_ text: String) -> String? {
        let trimmed = Substring(text).trimmingWhitespace
        return trimmed.isEmpty ? nil : String(trimmed)
    }
}

extension Substring {
    fileprivate var trimmingWhitespace: Substring {
        var text = self
        while let first = text.first, first.isWhitespace { text.removeFirst() }
        while let last = text.last, last.isWhitespace { text.removeLast() }
        return text
    }
}
