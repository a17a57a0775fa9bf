import Foundation

/// Which addresses a transfer may talk to. Links found in feeds are untrusted: a feed on the
/// internet must not make syncd fetch `http://127.0.0.1:8080/admin`, `http://10.0.0.5/` or a
/// cloud metadata service (`169.254.169.254`), whatever name points there. The check is made
/// on the address libcurl actually connected to (`CURLOPT_PREREQFUNCTION`, for every hop and
/// for reused connections), never on the name in the URL, so DNS tricks do not get round it.
public enum AddressPolicy {
    /// Whether `address` (an IPv4 or IPv6 literal, as libcurl reports the connected peer) is
    /// loopback, private, link-local, shared (CGNAT), unspecified, multicast or reserved, IPv4
    /// forms embedded in IPv6 (mapped, compatible, NAT64, 6to4) included. Something that is not
    /// an address literal counts as private: it cannot be shown to be public.
    public static func isPrivate(_ address: String) -> Bool {
        var text = address.trimmingCharacters(in: CharacterSet(charactersIn: "[] "))
        if let zone = text.firstIndex(of: "%") { text = String(text[..<zone]) }
        var v4 = in_addr()
        if inet_pton(AF_INET, text, &v4) == 1 {
            return isPrivate(v4: UInt32(bigEndian: v4.s_addr))
        }
        var v6 = in6_addr()
        guard inet_pton(AF_INET6, text, &v6) == 1 else { return true }
        let bytes = withUnsafeBytes(of: v6) { [UInt8]($0) }
        return isPrivate(v6: bytes)
    }

    /// Why `address` is refused, for messages: `"127.0.0.1 is a loopback, private, link-local or reserved address"`.
    static func refusal(_ address: String) -> String {
        "\(address) is a loopback, private, link-local or otherwise non-public address"
    }

    private static func isPrivate(v4 address: UInt32) -> Bool {
        func within(_ network: UInt32, _ prefix: UInt32) -> Bool {
            prefix == 0 || (address >> (32 - prefix)) == (network >> (32 - prefix))
        }
        let blocked: [(UInt32, UInt32)] = [
            (0x0000_0000, 8),  // 0.0.0.0/8 "this network"
            (0x0A00_0000, 8),  // 10/8
            (0x6440_0000, 10),  // 100.64/10 shared address space (CGNAT; Alibaba's metadata service)
            (0x7F00_0000, 8),  // 127/8 loopback
            (0xA9FE_0000, 16),  // 169.254/16 link-local (169.254.169.254: cloud metadata)
            (0xAC10_0000, 12),  // 172.16/12
            (0xC000_0000, 24),  // 192.0.0/24 IETF protocol assignments
            (0xC000_0200, 24),  // 192.0.2/24 TEST-NET-1
            (0xC0A8_0000, 16),  // 192.168/16
            (0xC612_0000, 15),  // 198.18/15 benchmarking
            (0xC633_6400, 24),  // 198.51.100/24 TEST-NET-2
            (0xCB00_7100, 24),  // 203.0.113/24 TEST-NET-3
            (0xE000_0000, 4),  // 224/4 multicast
            (0xF000_0000, 4),  // 240/4 reserved, 255.255.255.255 broadcast
        ]
        return blocked.contains { within($0.0, $0.1) }
    }

    private static func isPrivate(v6 bytes: [UInt8]) -> Bool {
        func v4(at offset: Int) -> UInt32 {
            bytes[offset..<offset + 4].reduce(UInt32(0)) { $0 << 8 | UInt32($1) }
        }
        let zeroPrefix = bytes[0..<10].allSatisfy { $0 == 0 }
        if zeroPrefix && bytes[10] == 0xFF && bytes[11] == 0xFF { return isPrivate(v4: v4(at: 12)) }  // ::ffff:a.b.c.d mapped
        if zeroPrefix && bytes[10] == 0 && bytes[11] == 0 {
            // ::, ::1 and the deprecated IPv4-compatible ::a.b.c.d
            return bytes[12..<15].allSatisfy { $0 == 0 } && bytes[15] <= 1 ? true : isPrivate(v4: v4(at: 12))
        }
        if bytes[0..<12] == [0x00, 0x64, 0xFF, 0x9B, 0, 0, 0, 0, 0, 0, 0, 0][...] { return isPrivate(v4: v4(at: 12)) }  // NAT64 64:ff9b::/96
        if bytes[0] == 0x20 && bytes[1] == 0x02 { return isPrivate(v4: v4(at: 2)) }  // 6to4 2002::/16
        if bytes[0] & 0xFE == 0xFC { return true }  // fc00::/7 unique local (fd00:ec2::254: metadata)
        if bytes[0] == 0xFE && bytes[1] & 0xC0 == 0x80 { return true }  // fe80::/10 link-local
        if bytes[0] == 0xFE && bytes[1] & 0xC0 == 0xC0 { return true }  // fec0::/10 site-local (deprecated)
        if bytes[0] == 0xFF { return true }  // ff00::/8 multicast
        if bytes[0] == 0x20 && bytes[1] == 0x01 && bytes[2] == 0x0D && bytes[3] == 0xB8 { return true }  // 2001:db8::/32 documentation
        if bytes[0] == 0x01 && bytes[1...7].allSatisfy({ $0 == 0 }) { return true }  // 100::/64 discard
        return false
    }
}
