/// Whether a feed's entries are completed with the article their link leads to
/// (`full_text` on a feed source or in `[feeds]`).
public enum FullTextMode: String, Sendable, Equatable, CaseIterable {
    /// The entry's own text is the document (the default).
    case never
    /// The linked page is fetched when the entry's text is short or looks cut
    /// ("…", "Read more", "اقرأ المزيد").
    case auto
    /// The linked page is fetched for every new entry, and again when its link or text changes.
    case always
}
