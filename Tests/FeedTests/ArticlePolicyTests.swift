import Testing
import Fetch
@testable import Feeds
import SyncConfig
import SyncModel
import TestSupport

@Suite("Article fetch policies")
struct ArticlePolicyTests {
    @Test(
        "loopback, private, link-local, metadata and reserved addresses are not public, in every spelling",
        arguments: [
            "127.0.0.1", "127.255.0.9", "10.1.2.3", "172.16.0.1", "172.31.255.255", "192.168.1.1", "169.254.169.254", "169.254.0.1",
            "100.64.0.1", "100.100.100.200", "0.0.0.0", "0.1.2.3", "224.0.0.1", "255.255.255.255", "198.18.0.1", "::1", "::", "fc00::1",
            "fd00:ec2::254", "fe80::1", "fe80::1%eth0", "[::1]", "::ffff:127.0.0.1", "::ffff:10.0.0.1", "::ffff:a9fe:a9fe", "::127.0.0.1",
            "64:ff9b::10.0.0.1", "2002:c0a8:0101::1", "ff02::1", "not-an-address", "",
        ])
    func privateAddresses(address: String) {
        #expect(AddressPolicy.isPrivate(address))
    }

    @Test(
        "public addresses are public",
        arguments: ["93.184.215.14", "8.8.8.8", "172.32.0.1", "172.15.255.255", "100.128.0.1", "192.169.0.1", "2606:4700::1111", "::ffff:8.8.8.8"])
    func publicAddresses(address: String) {
        #expect(!AddressPolicy.isPrivate(address))
    }

    @Test("a public-only request is refused on the address connected to, whatever the name; nothing is sent")
    func refusedOnConnect() async throws {
        let (server, routes) = try await startServer()
        routes.serve("/page", "hello", headers: [("Content-Type", "text/plain")])
        let fetcher = CurlFetcher()
        var request = FetchRequest(url: "http://localhost:\(server.port)/page")
        request.publicAddressesOnly = true
        await #expect {
            _ = try await fetcher.fetch(request)
        } throws: { error in
            let error = error as? SyncError
            return error?.code == .refused && error?.message.contains("is a loopback, private, link-local") == true
        }
        #expect(server.requestCount == 0)
        request.publicAddressesOnly = false
        let response = try await fetcher.fetch(request)
        #expect(response.status == 200 && response.address == "127.0.0.1")
    }

    @Test("robots.txt: the group naming the agent wins over *, the longest rule decides, Allow wins a tie")
    func robotsGroups() {
        let text = """
            # comment
            User-agent: *
            Disallow: /

            User-agent: otherbot
            User-agent: SyncD
            Disallow: /news/          # trailing comment
            Allow: /news/open
            Disallow: /*.pdf$
            Allow: /tie
            Disallow: /tie
            Sitemap: https://example.com/sitemap.xml
            """
        let rules = RobotsRules(parsing: text, agent: "syncd")
        #expect(!rules.allows(path: "/news/story-1.html"))
        #expect(rules.allows(path: "/news/open-1.html"))
        #expect(rules.allows(path: "/about"), "the * group does not apply to an agent with its own group")
        #expect(!rules.allows(path: "/files/report.pdf") && rules.allows(path: "/files/report.pdf?x=1"))
        #expect(rules.allows(path: "/tie"))
        #expect(rules.allows(path: "/robots.txt"))
        let others = RobotsRules(parsing: text, agent: "somebot")
        #expect(!others.allows(path: "/about"), "an agent without a group follows *")
        #expect(!RobotsRules(parsing: text, agent: "sync").allows(path: "/about"), "`sync` is not `syncd`")
    }

    @Test("robots.txt: wildcards, an empty Disallow, rules before any User-agent, percent-encoding")
    func robotsPatterns() {
        let rules = RobotsRules(
            parsing: "Disallow: /ignored\nUser-agent: *\nDisallow:\nDisallow: /a/*/b\nDisallow: /%7ejoe/\nDisallow: /عربي/\nAllow: /a/x/b$",
            agent: "syncd")
        #expect(rules.allows(path: "/ignored"))
        #expect(!rules.allows(path: "/a/x/y/b/c") && !rules.allows(path: "/a/x/bb"))
        #expect(rules.allows(path: "/a/x/b"), "the longer Allow wins")
        #expect(!rules.allows(path: "/%7Ejoe/index.html"))
        #expect(!rules.allows(path: "/%D8%B9%D8%B1%D8%A8%D9%8A/1"))
        #expect(RobotsRules(parsing: "User-agent: *\nDisallow:", agent: "syncd").allows(path: "/anything"))
        #expect(RobotsRules.path(of: "https://example.com/a/b?c=d#e") == "/a/b?c=d")
        #expect(RobotsRules.path(of: "https://example.com") == "/")
        #expect(RobotsRules.path(of: "https://example.com?q") == "/?q")
    }

    @Test("auto fetches the article of short or cut entries only")
    func autoHeuristic() throws {
        let story = try seed(0).text
        #expect(!FullTextPolicy.looksIncomplete(story))
        #expect(FullTextPolicy.looksIncomplete(story + " …"))
        #expect(FullTextPolicy.looksIncomplete(story + " اقرأ المزيد"))
        #expect(FullTextPolicy.looksIncomplete(story + " Continue reading"))
        #expect(FullTextPolicy.looksIncomplete("A two-sentence summary. Nothing more."))
        #expect(FullTextPolicy.wantsArticle(.auto, text: "short", link: "https://example.com/1"))
        #expect(!FullTextPolicy.wantsArticle(.auto, text: "short", link: nil))
        #expect(!FullTextPolicy.wantsArticle(.never, text: "short", link: "https://example.com/1"))
        #expect(FullTextPolicy.wantsArticle(.always, text: story, link: "https://example.com/1"))
    }
}
