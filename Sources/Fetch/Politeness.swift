import Foundation
internal import CPSL
import Synchronization

/// The unit of politeness: a site's registrable domain (`news.example.co.uk` and
/// `www.example.co.uk` are both `example.co.uk`), from the public suffix list through libpsl.
/// Every host of one site shares one concurrency budget and one Retry-After. An IP address, a
/// name with no registrable domain (`localhost`, a public suffix itself) or one libpsl cannot
/// read is its own unit.
public enum Politeness {
    /// The politeness key of a URL's host, lowercased; `nil` without a host.
    public static func key(of url: String) -> String? {
        if let known = urlKeys.withLock({ $0[url] }) { return known }
        var found: String?
        if let host = URLComponents(string: url)?.host?.lowercased(), !host.isEmpty { found = key(host: host) }
        urlKeys.withLock { table in
            if table.count >= rememberedMost { table.removeAll(keepingCapacity: true) }
            table[url] = found
        }
        return found
    }

    /// The politeness key of a host name.
    public static func key(host: String) -> String {
        if let known = hostKeys.withLock({ $0[host] }) { return known }
        let found = computeKey(host: host)
        hostKeys.withLock { table in
            if table.count >= rememberedMost { table.removeAll(keepingCapacity: true) }
            table[host] = found
        }
        return found
    }

    /// Keys already worked out, by URL and by host: every poll asks several times (before it
    /// starts, when its transfer gets a permit, for its Retry-After), and parsing the URL and
    /// asking libpsl were a few percent of a cycle of 304s. Emptied when full, a few MB at most.
    private static let urlKeys = Mutex<[String: String?]>([:])
    private static let hostKeys = Mutex<[String: String]>([:])
    private static let rememberedMost = 16_384

    private static func computeKey(host: String) -> String {
        let host = host.lowercased().trimmingCharacters(in: CharacterSet(charactersIn: "[]."))
        var v4 = in_addr()
        var v6 = in6_addr()
        if inet_pton(AF_INET, host, &v4) == 1 || inet_pton(AF_INET6, host, &v6) == 1 { return host }
        // libpsl answers with a pointer into the name it was given, so the C string must outlive
        // the copy (a temporary bridged for the call alone was read after it was freed; ASan).
        return host.withCString { name in
            guard let registrable = psl_registrable_domain(psl_builtin(), name) else { return host }
            return String(cString: registrable)
        }
    }
}
