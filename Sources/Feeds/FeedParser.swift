import TextEncoding
internal import CLibXML2
internal import Foundation
public import SyncModel

/// Parses RSS 0.9x/1.0/2.0, Atom 0.3/1.0 and JSON Feed 1.0/1.1 into `ParsedFeed`.
///
/// XML goes through libxml2 in recovery mode with the network off and no DTD loading or
/// entity substitution, so external entities are never fetched and entity expansion stays
/// within libxml2's default bounds. Feeds that needed repair come back with `bozo` set.
public struct FeedParser: Sendable {
    private static let parserReady: Void = { xmlInitParser() }()

    private static let options: Int32 = {
        let flags =
            XML_PARSE_RECOVER.rawValue | XML_PARSE_NONET.rawValue | XML_PARSE_NOERROR.rawValue
            | XML_PARSE_NOWARNING.rawValue | XML_PARSE_IGNORE_ENC.rawValue | XML_PARSE_NOCDATA.rawValue
        return Int32(bitPattern: flags)
    }()

    public init() {}

    /// Parses a feed document.
    ///
    /// - Parameters:
    ///   - bytes: The document as fetched or read.
    ///   - contentType: The HTTP `Content-Type`; its `charset` wins over the XML declaration.
    ///   - baseURL: The feed's URL, against which relative links are resolved.
    ///   - charset: A charset that wins over the header, the BOM and the declaration (a
    ///     source's override for a feed that lies about its encoding).
    /// - Returns: The feed and its entries, in document order.
    /// - Throws: `SyncError` `.empty` for an empty document, `.binary`/`.undecodable` for bytes
    ///   that are not text, `.unsupported` for text that is neither an RSS/Atom feed nor a JSON Feed.
    public func parse(_ bytes: [UInt8], contentType: String? = nil, baseURL: String? = nil, charset: String? = nil) throws(SyncError) -> ParsedFeed {
        var input = try FeedInput(bytes: bytes, contentType: contentType, charsetOverride: charset)
        let baseURL = baseURL.flatMap(Self.safeBase)
        guard input.utf8.contains(where: { $0 > 0x20 }) else {
            throw SyncError(.empty, "empty feed document")
        }
        var feed: ParsedFeed
        if input.looksLikeJSON {
            feed = try JSONFeedReader.read(input.utf8, baseURL: baseURL)
        } else {
            input.prepareXML()
            feed = try parseXML(input.utf8, baseURL: baseURL, repairs: &input.repairs)
        }
        if !input.repairs.isEmpty {
            feed.bozo = true
            feed.bozoReason = input.repairs.joined(separator: "; ")
        }
        return feed
    }

    /// Whether `charset` names an encoding a feed can be read in (as a source's override).
    public static func isSupportedCharset(_ charset: String) -> Bool {
        guard let label = CharsetLabel.override(charset) else { return false }
        if label.isUTF8 { return true }
        return (try? IconvConverter.convert(Array("a".utf8), from: label, replacingInvalid: true)) != nil
    }

    /// Only http, https and file URLs serve as a base: a `javascript:` or `data:` base would
    /// turn every relative link into script.
    private static func safeBase(_ url: String) -> String? {
        let scheme = url.prefix(while: { $0 != ":" }).lowercased()
        return ["http", "https", "file"].contains(scheme) ? url : nil
    }

    private func parseXML(_ utf8: [UInt8], baseURL: String?, repairs: inout [String]) throws(SyncError) -> ParsedFeed {
        _ = Self.parserReady
        guard utf8.contains(UInt8(ascii: "<")) else {
            throw SyncError(.unsupported, "neither XML nor JSON: no markup found")
        }
        guard let context = xmlNewParserCtxt() else {
            throw SyncError(.unsupported, "the XML parser could not be created")
        }
        defer { xmlFreeParserCtxt(context) }
        let document = utf8.withUnsafeBufferPointer { buffer in
            buffer.withMemoryRebound(to: CChar.self) { chars in
                xmlCtxtReadMemory(context, chars.baseAddress, Int32(clamping: chars.count), baseURL, "UTF-8", Self.options)
            }
        }
        guard let document else {
            throw SyncError(.unsupported, "not a feed: the XML could not be parsed at all")
        }
        defer { xmlFreeDoc(document) }
        if context.pointee.wellFormed == 0 || context.pointee.nsWellFormed == 0 {
            let message = xmlCtxtGetLastError(context)?.pointee.message.map { String(cString: $0) }
            let line = xmlCtxtGetLastError(context)?.pointee.line ?? 0
            let reason = message?.trimmingCharacters(in: .whitespacesAndNewlines) ?? "recovered from an XML error"
            repairs.append("XML error at line \(line): \(reason)")
        }
        let reader = FeedXMLReader(document: document)
        guard let feed = reader.read() else {
            let root = xmlDocGetRootElement(document).map { reader.name($0) } ?? "none"
            throw SyncError(.unsupported, "not a feed: the root element is <\(root)>, not <rss>, <rdf:RDF> or <feed>")
        }
        return feed
    }
}
