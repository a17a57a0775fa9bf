import Extract
import SQLiteStore
import Storage
import Testing
@testable import Daemon
@testable import Feeds

/// Entry identity across fetches, with the ways real feeds break it.
@Suite("Feed entry identity")
struct FeedEntryResolverTests {
    /// Resolves `entries` against what earlier fetches stored (key, guid, link, digest).
    func keys(_ entries: [ParsedEntry], known: [(ParsedEntry, String)] = []) -> [String?] {
        var keys = FeedEntryKeys()
        for (entry, key) in known { keys.add(FeedEntryIdentity(key: key, guid: entry.identityGUID, link: entry.identityLink, digest: entry.digest)) }
        return FeedEntryResolver(known: keys).resolve(entries).map { $0?.key }
    }

    func entry(_ guid: String?, _ link: String?, _ text: String) -> ParsedEntry {
        ParsedEntry(id: guid, title: text, link: link, content: "<p>\(text)</p>")
    }

    @Test("a new entry is keyed by its guid, else its link, else its digest")
    func newEntries() {
        let keys = keys([entry("g", "l1", "a"), entry(nil, "l2", "b"), entry(nil, nil, "c")])
        #expect(keys[0] == "g" && keys[1] == "l2" && keys[2] == "hash:" + entry(nil, nil, "c").digest)
    }

    @Test("a known guid keeps its key, even when the link and text change")
    func knownGUID() {
        let old = entry("g", "l", "a")
        #expect(keys([entry("g", "l", "edited")], known: [(old, "g")]) == ["g"])
        #expect(keys([entry("g", nil, "edited")], known: [(old, "g")]) == ["g"])
    }

    @Test("guids that change on every fetch: the unchanged entry is found by its link")
    func changingGUIDs() {
        let old = entry("uuid-1", "l", "a")
        #expect(keys([entry("uuid-2", "l", "a")], known: [(old, "uuid-1")]) == ["uuid-1"])
    }

    @Test("positional guids: a new story under an old guid is new; old stories keep their keys by link")
    func positionalGUIDs() {
        let a = entry("1", "la", "story a"), b = entry("2", "lb", "story b")
        let keys = keys([entry("1", "lc", "story c"), entry("2", "la", "story a"), entry("3", "lb", "story b")], known: [(a, "1"), (b, "2")])
        #expect(keys == ["lc", "1", "2"])
    }

    @Test("a guid shared by several entries identifies none of them; their links do")
    func sharedGUID() {
        #expect(keys([entry("same", "l1", "a"), entry("same", "l2", "b")]) == ["l1", "l2"])
    }

    @Test("one link for every item with distinct guids: a new item is not an update of the old one")
    func sharedLinkAcrossFetches() {
        let old = entry("g1", "http://example.org/", "yesterday")
        #expect(keys([entry("g2", "http://example.org/", "today")], known: [(old, "g1")]) == ["g2"])
    }

    @Test("the same text under a new guid and link is a new entry, not a repeat of an old one")
    func sameTextNewIdentity() {
        let old = entry("g1", "l1", "Live updates")
        #expect(keys([entry("g2", "l2", "Live updates")], known: [(old, "g1")]) == ["g2"])
    }

    @Test("entries without guid or link are known by their content; an exact repeat in one document is skipped")
    func digestOnly() {
        let old = entry(nil, nil, "a")
        let old2 = entry(nil, nil, "b")
        let keys = keys([entry(nil, nil, "a"), entry(nil, nil, "b"), entry(nil, nil, "b")], known: [(old, "k1"), (old2, "k2")])
        #expect(keys == ["k1", "k2", nil])
    }

    @Test("a new key never collides with a stored one")
    func noCollision() {
        let stored = entry("x", "lx", "old")
        // A new entry whose guid equals a stored key but whose link contradicts it.
        let keys = keys([entry("x", "ly", "new"), entry("x2", "lx", "old")], known: [(stored, "x")])
        #expect(keys == ["ly", "x"])
    }
}
