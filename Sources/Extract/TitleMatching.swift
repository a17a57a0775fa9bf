/// Compares a paragraph with the title, ignoring case, whitespace and punctuation.
enum TitleMatching {
    static func same(_ paragraph: String, _ title: String) -> Bool {
        guard !title.isEmpty else { return false }
        // Punctuation and spaces aside, a repeated title is about as long as the title: skip
        // the Unicode property lookups for every ordinary paragraph.
        guard paragraph.utf8.count <= 2 * title.utf8.count + 16 else { return false }
        return normalized(paragraph) == normalized(title)
    }

    private static func normalized(_ text: String) -> String {
        String(text.lowercased().unicodeScalars.filter { $0.properties.isAlphabetic || $0.properties.numericType != nil })
    }
}
