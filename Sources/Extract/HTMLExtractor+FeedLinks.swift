extension HTMLExtractor {
    /// The `<link rel="alternate">` feeds and `<base href>` of a page, read in the same libxml2
    /// walk that extraction uses.
    /// - Parameters:
    ///   - bytes: The page as fetched.
    ///   - charset: A charset from outside the page (an HTTP header); `nil` to use the page's own.
    public func feedLinks(html bytes: [UInt8], charset: String?) -> PageFeedLinks {
        let signals = HTMLTreeBuilder.build(utf8: Self.utf8(html: bytes, charset: charset)).signals
        return PageFeedLinks(base: signals.baseHref, links: signals.feedLinks)
    }
}
