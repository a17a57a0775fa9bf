public import Storage

/// Gives each entry of a fetched feed the document key it had in earlier fetches, or a new one.
///
/// An entry is known by its guid, else its link, else the digest of its title and content. Feeds
/// break each of these: guids shared by several entries, guids that change on every fetch,
/// positional guids ("1", "2"...) that move to the next story, one link for every item. So:
/// - a guid or link that several entries of this document share identifies none of them;
/// - a known guid whose stored link contradicts the entry's link is not trusted (positional ids);
/// - a link match is taken when the entry has no usable guid, or when its text is unchanged
///   (a guid that changes on every fetch), and only if the stored entry's guid is not claimed
///   by another entry of this fetch;
/// - a digest match is taken only where neither side has a guid or a link;
/// - entries identical in guid, link and digest to an earlier one in the same document are
///   repeats, skipped.
public struct FeedEntryResolver: Sendable {
    let known: FeedEntryKeys

    /// - Parameter known: the identities the store remembers for the feed (empty for a feed not
    ///   seen before).
    public init(known: FeedEntryKeys) {
        self.known = known
    }

    /// One identity per entry, in order; `nil` for a repeat of an earlier entry.
    public func resolve(_ entries: [ParsedEntry]) -> [FeedEntryIdentity?] {
        let rawGUIDs = entries.map(\.identityGUID), rawLinks = entries.map(\.identityLink), digests = entries.map(\.digest)
        var guidCounts: [String: Int] = [:], linkCounts: [String: Int] = [:]
        for guid in rawGUIDs.compactMap({ $0 }) { guidCounts[guid, default: 0] += 1 }
        for link in rawLinks.compactMap({ $0 }) { linkCounts[link, default: 0] += 1 }
        let guids = rawGUIDs.map { $0.flatMap { guidCounts[$0] == 1 ? $0 : nil } }
        let links = rawLinks.map { $0.flatMap { linkCounts[$0] == 1 ? $0 : nil } }

        var keys = [String?](repeating: nil, count: entries.count)
        var repeated = [Bool](repeating: false, count: entries.count)
        var seen = Set<[String]>()
        for index in entries.indices where !seen.insert([rawGUIDs[index] ?? "\u{0}", rawLinks[index] ?? "\u{0}", digests[index]]).inserted {
            repeated[index] = true
        }
        var claimed = Set<String>()
        var claimedGUIDs = Set<String>()
        // Guid matches first, so that no fallback takes a key a later entry owns by its guid.
        for index in entries.indices where !repeated[index] {
            guard let guid = guids[index], let key = known.byGUID[guid] else { continue }
            if let link = links[index], let storedLink = known.byKey[key]?.link, link != storedLink { continue }
            if claimed.insert(key).inserted {
                keys[index] = key
                claimedGUIDs.insert(guid)
            }
        }
        for index in entries.indices where !repeated[index] && keys[index] == nil {
            var key: String?
            if let link = links[index], let candidate = known.byLink[link], !claimed.contains(candidate), let stored = known.byKey[candidate] {
                let guidFree = stored.guid.map { !claimedGUIDs.contains($0) } ?? true
                if guidFree && (guids[index] == nil || stored.guid == nil || stored.digest == digests[index]) { key = candidate }
            }
            if key == nil, links[index] == nil, let candidate = known.byDigest[digests[index]], !claimed.contains(candidate),
                let stored = known.byKey[candidate], stored.link == nil, stored.guid == nil || guids[index] == nil
            {
                key = candidate
            }
            let chosen = key ?? newKey(guid: guids[index], link: links[index], digest: digests[index], claimed: claimed)
            claimed.insert(chosen)
            keys[index] = chosen
        }
        return entries.indices.map { index in
            keys[index].map { FeedEntryIdentity(key: $0, guid: guids[index], link: links[index], digest: digests[index]) }
        }
    }

    /// The guid, else the link, else `hash:DIGEST`, whichever is not a key already (stored or
    /// given in this fetch); a numbered digest key if all are.
    private func newKey(guid: String?, link: String?, digest: String, claimed: Set<String>) -> String {
        let free = { (key: String) in known.byKey[key] == nil && !claimed.contains(key) && key.utf8.count <= 1024 }
        for candidate in [guid, link, "hash:" + digest].compactMap({ $0 }) where free(candidate) { return candidate }
        var number = 2
        while !free("hash:\(digest)-\(number)") { number += 1 }
        return "hash:\(digest)-\(number)"
    }
}
