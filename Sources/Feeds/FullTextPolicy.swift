import Foundation
public import SyncConfig

/// Which entries are completed with the article their link leads to (`full_text`).
public enum FullTextPolicy {
    /// Entries with fewer words than this are summaries under `auto`.
    static let shortWords = 120

    /// Phrases that end a cut entry ("Read more", "اقرأ المزيد"), compared in lower case
    /// against the last characters of its text.
    static let cutMarkers = [
        "read more", "continue reading", "read the full", "full story", "keep reading", "more…", "more...", "[…]", "[...]", "(…)",
        "اقرأ المزيد", "إقرأ المزيد", "اقرا المزيد", "لقراءة المزيد", "تابع القراءة", "تابع المزيد", "اقرأ أكثر", "التفاصيل كاملة",
        "lire la suite", "weiterlesen", "leer más", "seguir leyendo", "continua a leggere", "leia mais",
    ]

    /// Whether the article behind an entry is fetched: `always` for any entry with a link,
    /// `auto` when its text is short or looks cut, `never` never.
    /// - Parameter text: the entry's text without markup (content, else summary).
    public static func wantsArticle(_ mode: FullTextMode, text: String, link: String?) -> Bool {
        guard let link, !link.isEmpty else { return false }
        switch mode {
        case .never: return false
        case .always: return true
        case .auto: return looksIncomplete(text)
        }
    }

    /// A text that is short, or ends in an ellipsis or a "Read more" link: a summary.
    public static func looksIncomplete(_ text: String) -> Bool {
        let trimmed = text.trimmingCharacters(in: .whitespacesAndNewlines)
        if trimmed.isEmpty { return true }
        var words = 0
        for _ in trimmed.split(whereSeparator: { $0.isWhitespace }) {
            words += 1
            if words >= shortWords { break }
        }
        if words < shortWords { return true }
        if trimmed.hasSuffix("…") || trimmed.hasSuffix("...") { return true }
        let tail = String(trimmed.suffix(40)).lowercased()
        return cutMarkers.contains { tail.contains($0) }
    }
}
