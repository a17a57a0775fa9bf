import Fetch
import Testing

/// Politeness is per site: every host of one registrable domain shares a budget and a
/// Retry-After, as the public suffix list draws the line.
@Suite("Politeness by registrable domain")
struct PolitenessTests {
    @Test("hosts of one site share a key; sites under a public suffix do not; addresses and single names are their own")
    func keys() {
        #expect(Politeness.key(host: "a.example.com") == "example.com")
        #expect(Politeness.key(host: "B.Example.COM") == "example.com")
        #expect(Politeness.key(host: "example.com") == "example.com")
        #expect(Politeness.key(host: "news.bbc.co.uk") == "bbc.co.uk")
        #expect(Politeness.key(host: "www.bbc.co.uk") == "bbc.co.uk")
        #expect(Politeness.key(host: "alice.github.io") != Politeness.key(host: "bob.github.io"))
        #expect(Politeness.key(host: "co.uk") == "co.uk")
        #expect(Politeness.key(host: "127.0.0.1") == "127.0.0.1")
        #expect(Politeness.key(host: "[::1]") == "::1")
        #expect(Politeness.key(host: "localhost") == "localhost")
        #expect(Politeness.key(of: "https://feeds.example.com:8443/rss?x=1") == "example.com")
        #expect(Politeness.key(of: "not a url") == nil)
        // Retry-After state is kept under the same key (`CurlFetcher.host(of:)`).
        #expect(CurlFetcher.host(of: "https://a.example.com/feed") == CurlFetcher.host(of: "http://b.example.com/other"))
    }
}
