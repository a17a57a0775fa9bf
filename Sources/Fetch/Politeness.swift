import Foundation
internal import CPSL

/// The unit of politeness: a site's registrable domain (`news.example.co.uk` and
/// `www.example.co.uk` are both `example.co.uk`), from the public suffix list through libpsl.
/// Every host of one site shares one concurrency budget and one Retry-After. An IP address, a
/// name with no registrable domain (`localhost`, a public suffix itself) or one libpsl cannot
/// read is its own unit.
public enum Politeness {
    /// The politeness key of a URL's host, lowercased; `nil` without a host.
    public static func key(of url: String) -> String? {
        guard let host = URLComponents(string: url)?.host?.lowercased(), !host.isEmpty else { return nil }
        return key(host: host)
    }

    /// The politeness key of a host name.
    public static func key(host: String) -> String {
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
