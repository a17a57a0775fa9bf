/// What `class`, `id`, `role` and `itemprop` values say about an element: page chrome
/// (menus, share bars, related links, footers, ads) or article content.
enum ChromePatterns {
    /// Stems that mark chrome wherever they occur in a hint (`mainMenu`, `post-share-bar`).
    private static let chromeStems: [[UInt8]] = bytes([
        "menu", "breadcrumb", "footer", "sidebar", "social", "related", "comment", "newsletter",
        "subscri", "donat", "advert", "promo", "cookie", "widget", "paginat", "popup", "share", "sharing",
        "navbar", "navigation", "masthead", "sponsor", "disqus", "outbrain", "taboola", "skiplink",
        "skip-link", "consent", "gdpr", "login", "signup", "modal", "overlay", "rightcol", "leftcol",
        "most-read", "mostread", "most-popular", "mostpopular", "trending", "recommend", "read-more",
        "readmore", "see-also", "also-read", "tagcloud", "tag-list", "taglist", "toolbar", "sr-only",
        "copyright", "wp-caption", "caption-text", "figure__caption", "image-caption", "img-caption",
        "photo-caption", "media-desc", "credit", "metadata", "meta-", "-meta", "_meta", "-date", "date-",
        "_date", "rating",
    ])

    /// Whole tokens that mark chrome (`ad`, `nav`, `tags`), too short to match as stems.
    private static let chromeTokens: [[UInt8]] = bytes([
        "nav", "ad", "ads", "adv", "adbox", "adslot", "adunit", "adsense", "tags", "tag", "pager", "pages",
        "tools", "rss", "banner", "links", "byline", "postmeta", "dateline", "crumbs", "topics", "keywords",
        "author", "share", "offcanvas", "dropdown", "ticker", "meta", "date", "time", "published",
        "updated", "timestamp",
    ])

    /// Stems that mark article content.
    private static let contentStems: [[UInt8]] = bytes([
        "article", "content", "main", "body", "post", "entry", "story", "text", "blog",
    ])

    /// Stems readability weighs up (+25) in a class or id.
    private static let positiveStems: [[UInt8]] = bytes([
        "article", "body", "content", "entry", "hentry", "h-entry", "main", "page", "post", "text",
        "blog", "story",
    ])

    /// Stems readability weighs down (-25) in a class or id.
    private static let negativeStems: [[UInt8]] = bytes([
        "hidden", "banner", "combx", "comment", "com-", "contact", "footer", "gdpr", "masthead", "media",
        "meta", "outbrain", "promo", "related", "scroll", "share", "shoutbox", "sidebar", "skyscraper",
        "sponsor", "shopping", "tags", "widget", "-ad-", "byline", "author", "date", "caption", "credit",
    ])

    /// Whether an element's hints look like page chrome.
    static func isChrome(_ hints: String) -> Bool {
        guard !hints.isEmpty else { return false }
        return hints.utf8.withContiguousStorageIfAvailable { isChrome(bytes: $0) }
            ?? Array(hints.utf8).withUnsafeBufferPointer { isChrome(bytes: $0) }
    }

    private static func isChrome(bytes hints: UnsafeBufferPointer<UInt8>) -> Bool {
        var start = 0
        while start < hints.count {
            while start < hints.count, isSeparator(hints[start]) { start += 1 }
            var end = start
            while end < hints.count, !isSeparator(hints[end]) { end += 1 }
            if end > start {
                // A BEM modifier (`section--has-ads`) describes the block, it does not name it.
                var wordEnd = end
                var cursor = start
                while cursor + 1 < end {
                    if hints[cursor] == 0x2D, hints[cursor + 1] == 0x2D {
                        wordEnd = cursor
                        break
                    }
                    cursor += 1
                }
                let word = UnsafeBufferPointer(rebasing: hints[start..<wordEnd])
                if !word.isEmpty, !ignoredPrefixes.contains(where: { word.starts(with: $0) }),
                    isChromeWord(bytes: word)
                {
                    return true
                }
            }
            start = end
        }
        return false
    }

    private static func isSeparator(_ byte: UInt8) -> Bool {
        byte == 0x20 || byte == 0x09 || byte == 0x0A || byte == 0x0D || byte == 0x0C
    }

    /// Layout state (`has-sidebar`, `no-comments`), CMS taxonomy classes (`tag-news`,
    /// `category-sport`), page-builder wrappers (`elementor-widget-wrap`) and script hooks
    /// (`js-share`) say nothing about what an element is.
    private static let ignoredPrefixes: [[UInt8]] = bytes([
        "has-", "no-", "is-", "with-", "without-", "tag-", "tags-", "category-", "hashtags-", "format-",
        "status-", "type-", "post-format", "layout-", "template-", "page-template", "single-", "archive-",
        "elementor", "js-", "js_", "-", "_",
    ])

    private static func isChromeWord(bytes word: UnsafeBufferPointer<UInt8>) -> Bool {
        for stem in chromeStems where UTF8Scan.contains(word, stem) { return true }
        // Tokens: runs of [a-z0-9].
        var start = 0
        while start < word.count {
            while start < word.count, !isAlphanumeric(word[start]) { start += 1 }
            var end = start
            while end < word.count, isAlphanumeric(word[end]) { end += 1 }
            if end > start {
                let token = UnsafeBufferPointer(rebasing: word[start..<end])
                if chromeTokens.contains(where: { $0.elementsEqual(token) }) { return true }
                if token.count > 3, token.starts(with: navBytes) || token.reversed().starts(with: navBytes.reversed()) {
                    return true
                }
            }
            start = end
        }
        return false
    }

    private static let navBytes = Array("nav".utf8)

    private static func isAlphanumeric(_ byte: UInt8) -> Bool {
        (byte >= 0x61 && byte <= 0x7A) || (byte >= 0x30 && byte <= 0x39)
    }

    /// Class and id stems of the element CMSs put the article body in.
    private static let articleBodyStems: [[UInt8]] = bytes([
        "entry-content", "entrycontent", "post-content", "postcontent", "article-body", "articlebody",
        "article-content", "articlecontent", "article__body", "article__content", "article-text",
        "articletext", "story-body", "storybody", "story-content", "post-body", "postbody", "post-text",
        "posttext", "entry-body", "entry-text", "content-body", "news-content", "news-text", "newstext",
        "body-text", "bodytext", "rich-text", "richtext", "wysiwyg", "text-content", "field-body",
        "field-name-body", "single-content", "blog-content", "blogpost", "post-entry", "article-main",
        "main-text", "maintext", "td-post-content", "itemfulltext", "item-fulltext", "article_body",
        "article_content", "post_content", "entry_content", "story_body",
    ])

    /// Whether an element's class or id names it as the article body.
    static func isArticleBody(_ hints: String) -> Bool {
        guard !hints.isEmpty else { return false }
        return articleBodyStems.contains { contains(hints.utf8, $0) }
    }

    /// Whether an element's hints look like article content.
    static func isContent(_ hints: String) -> Bool {
        guard !hints.isEmpty else { return false }
        return contentStems.contains { contains(hints.utf8, $0) }
    }

    /// Readability's class weight: +25 or -25 for the class and again for the id.
    static func classWeight(className: String, identifier: String) -> Double {
        weight(of: className) + weight(of: identifier)
    }

    private static func weight(of value: String) -> Double {
        guard !value.isEmpty else { return 0 }
        var result = 0.0
        if negativeStems.contains(where: { contains(value.utf8, $0) }) { result -= 25 }
        if positiveStems.contains(where: { contains(value.utf8, $0) }) { result += 25 }
        return result
    }

    private static func bytes(_ words: [String]) -> [[UInt8]] {
        words.map { Array($0.utf8) }
    }

    /// Byte-wise substring search: hints are short and the stems ASCII, so this beats
    /// `String.contains` by far.
    private static func contains(_ text: some Collection<UInt8>, _ pattern: [UInt8]) -> Bool {
        let found = text.withContiguousStorageIfAvailable { UTF8Scan.contains($0, pattern) }
        return found ?? Array(text).withUnsafeBufferPointer { UTF8Scan.contains($0, pattern) }
    }

}
