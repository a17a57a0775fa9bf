import Foundation

/// The rules of a `robots.txt` (RFC 9309) that apply to one crawler.
///
/// Groups start with one or more `User-agent` lines; their `Allow` and `Disallow` rules apply to
/// those agents. The groups naming the crawler's product token (case-insensitively) are merged;
/// when none does, the `*` groups are. The most specific rule (the longest pattern) decides a
/// path; `Allow` wins a tie; no matching rule allows. Patterns match from the start of the path
/// (with its query); `*` matches any run of characters and a final `$` anchors the end.
/// Unknown lines, `Sitemap` and `Crawl-delay` are ignored; an empty `Disallow` allows all.
public struct RobotsRules: Sendable, Equatable {
    struct Rule: Sendable, Equatable {
        var allow: Bool
        var pattern: [UInt8]
    }

    let rules: [Rule]

    /// Nothing disallowed (a `robots.txt` that is missing: a 4xx).
    public static let allowAll = RobotsRules(rules: [])

    init(rules: [Rule]) {
        self.rules = rules
    }

    /// Reads a `robots.txt` for the crawler whose product token is `agent` (`syncd`).
    public init(parsing text: String, agent: String) {
        let token = agent.lowercased()
        var named: [Rule] = [], anyone: [Rule] = []
        var agents: [String] = []
        var inRules = false
        var namedFound = false
        for rawLine in text.split(omittingEmptySubsequences: false, whereSeparator: { $0 == "\n" || $0 == "\r" }) {
            let line = rawLine.prefix { $0 != "#" }
            guard let colon = line.firstIndex(of: ":") else { continue }
            let field = line[..<colon].trimmingSpaces.lowercased()
            let value = String(line[line.index(after: colon)...].trimmingSpaces)
            switch field {
            case "user-agent":
                if inRules {
                    agents = []
                    inRules = false
                }
                agents.append(value.lowercased())
            case "allow", "disallow":
                inRules = true
                guard !agents.isEmpty else { continue }  // rules before any User-agent line
                // An empty Disallow disallows nothing; an empty Allow allows nothing more.
                guard !value.isEmpty else { continue }
                let rule = Rule(allow: field == "allow", pattern: Array(Self.normalize(value).utf8))
                if agents.contains(where: { Self.matches(agent: $0, token: token) }) {
                    named.append(rule)
                    namedFound = true
                }
                if agents.contains("*") { anyone.append(rule) }
            default:
                // Sitemap, Crawl-delay, anything else: does not end a group's User-agent lines
                // unless it is a rule (RFC 9309 2.2.1 ignores unknown records).
                continue
            }
        }
        // A group naming us counts even when it has no rules (it then allows everything).
        if !namedFound {
            namedFound = Self.namesAgent(text, token: token)
        }
        rules = namedFound ? named : anyone
    }

    /// Whether `path` (the URL's path with `?query`, `/` when empty) may be fetched.
    public func allows(path: String) -> Bool {
        let target = Array(Self.normalize(path.isEmpty ? "/" : path).utf8)
        if target == Array("/robots.txt".utf8) { return true }
        var best: Rule?
        for rule in rules where Self.match(rule.pattern[...], target[...]) {
            if let current = best {
                if rule.pattern.count > current.pattern.count || (rule.pattern.count == current.pattern.count && rule.allow) { best = rule }
            } else {
                best = rule
            }
        }
        return best?.allow ?? true
    }

    /// The path and query of an absolute URL, as rules match them.
    public static func path(of url: String) -> String {
        guard let schemeEnd = url.range(of: "://") else { return "/" }
        let rest = url[schemeEnd.upperBound...]
        guard let slash = rest.firstIndex(where: { $0 == "/" || $0 == "?" }) else { return "/" }
        var path = String(rest[slash...].prefix { $0 != "#" })
        if path.hasPrefix("?") { path = "/" + path }
        return path
    }

    private static func matches(agent: String, token: String) -> Bool {
        // `syncd` and `syncd/1.0` name us; `sync` and `syncdbot` do not (RFC 9309 2.2.1).
        agent != "*" && agent.prefix { $0 != "/" && $0 != " " } == token
    }

    private static func namesAgent(_ text: String, token: String) -> Bool {
        for rawLine in text.split(whereSeparator: { $0 == "\n" || $0 == "\r" }) {
            let line = rawLine.prefix { $0 != "#" }
            guard let colon = line.firstIndex(of: ":"), line[..<colon].trimmingSpaces.lowercased() == "user-agent" else { continue }
            if matches(agent: line[line.index(after: colon)...].trimmingSpaces.lowercased(), token: token) { return true }
        }
        return false
    }

    /// Percent-encodings in upper case, and characters that need one encoded, so that a rule
    /// and a path written differently compare equal (`%7e` and `%7E`; `é` and `%C3%A9`).
    static func normalize(_ text: String) -> String {
        var out = ""
        let bytes = Array(text.utf8)
        var index = 0
        let hex = Array("0123456789ABCDEF".utf8)
        while index < bytes.count {
            let byte = bytes[index]
            if byte == 0x25, index + 2 < bytes.count, isHex(bytes[index + 1]), isHex(bytes[index + 2]) {
                out += "%" + String(decoding: [upper(bytes[index + 1]), upper(bytes[index + 2])], as: UTF8.self)
                index += 3
                continue
            }
            if byte > 0x7E || byte <= 0x20 {
                out += "%" + String(decoding: [hex[Int(byte >> 4)], hex[Int(byte & 0xF)]], as: UTF8.self)
            } else {
                out.unicodeScalars.append(Unicode.Scalar(byte))
            }
            index += 1
        }
        return out
    }

    private static func isHex(_ byte: UInt8) -> Bool {
        (byte >= 0x30 && byte <= 0x39) || (byte >= 0x41 && byte <= 0x46) || (byte >= 0x61 && byte <= 0x66)
    }

    private static func upper(_ byte: UInt8) -> UInt8 { byte >= 0x61 && byte <= 0x66 ? byte - 0x20 : byte }

    /// Whether `pattern` matches a prefix of `path` (the whole of it with a final `$`).
    static func match(_ pattern: ArraySlice<UInt8>, _ path: ArraySlice<UInt8>) -> Bool {
        // Iterative glob matching with backtracking to the last `*`: linear in practice, never
        // exponential on hostile patterns.
        var p = pattern.startIndex, s = path.startIndex
        var star: Int?, resume = path.startIndex
        let star8 = UInt8(ascii: "*"), dollar = UInt8(ascii: "$")
        while true {
            if p < pattern.endIndex && pattern[p] == dollar && p + 1 == pattern.endIndex {
                if s == path.endIndex { return true }
            } else if p == pattern.endIndex {
                return true  // a prefix match
            } else if pattern[p] == star8 {
                star = p
                resume = s
                p += 1
                continue
            } else if s < path.endIndex && pattern[p] == path[s] {
                p += 1
                s += 1
                continue
            }
            guard let starAt = star, resume < path.endIndex else { return false }
            resume += 1
            s = resume
            p = starAt + 1
        }
    }
}

extension Substring {
    fileprivate var trimmingSpaces: Substring {
        var text = self
        while let first = text.first, first == " " || first == "\t" { text.removeFirst() }
        while let last = text.last, last == " " || last == "\t" { text.removeLast() }
        return text
    }
}
