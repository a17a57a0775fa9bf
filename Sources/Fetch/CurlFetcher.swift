import Foundation
import Synchronization
public import SyncModel

/// Fetches URLs over HTTP. The role; `CurlFetcher` is the implementation.
public protocol Fetcher: Sendable {
    /// GETs `request.url`, following redirects.
    /// - Returns: the final response, whatever its status.
    /// - Throws: `SyncError` for transport failures (`.network`, `.timedOut`, `.tooLarge`,
    ///   `.refused`, `.cancelled`); an HTTP status is never an error here.
    func fetch(_ request: FetchRequest) async throws(SyncError) -> FetchResponse
}

/// The libcurl fetcher: one `curl_multi` loop on its own thread serves every transfer, bounded
/// per host and overall; redirects are followed hop by hop so each status is seen, and a
/// redirect to anything but http(s), or from https down to http, is refused.
public final class CurlFetcher: Fetcher {
    private let loop: CurlLoop

    /// - Parameters:
    ///   - perHost: most concurrent transfers to one host (scheme, host and port).
    ///   - total: most concurrent transfers overall.
    public init(perHost: Int = 2, total: Int = 16) {
        loop = CurlLoop(perHost: perHost, total: total)
    }

    public func fetch(_ request: FetchRequest) async throws(SyncError) -> FetchResponse {
        var url = request.url
        var redirects: [Redirect] = []
        var seconds = 0.0
        guard let first = Self.origin(of: url) else {
            throw SyncError(.refused, "only absolute http and https URLs are fetched", location: url)
        }
        var origin = first
        var hopRequest = request
        while true {
            let hop = try await perform(hopRequest, url: url, origin: origin)
            seconds += hop.seconds
            guard (300...399).contains(hop.status), hop.status != 304, let target = hop.redirectURL, !target.isEmpty else {
                return FetchResponse(
                    status: hop.status, headers: hop.headers, body: hop.body, url: url,
                    redirects: redirects, httpVersion: hop.httpVersion, seconds: seconds, address: hop.address)
            }
            guard redirects.count < request.limits.maxRedirects else {
                throw SyncError(.refused, "more than \(request.limits.maxRedirects) redirects (last to \(target))", location: request.url)
            }
            guard let next = Self.origin(of: target) else {
                throw SyncError(.refused, "redirect (\(hop.status)) to \(target) refused: only http and https are followed", location: url)
            }
            if origin.scheme == "https" && next.scheme == "http" {
                throw SyncError(.refused, "redirect (\(hop.status)) from https down to \(target) refused", location: url)
            }
            redirects.append(Redirect(status: hop.status, from: url, to: target))
            url = target
            origin = next
            if origin.key != first.key {
                // A source's own headers (a token, a cookie) and validators are for its origin only.
                hopRequest.headers = []
                hopRequest.etag = nil
                hopRequest.lastModified = nil
            }
        }
    }

    private func perform(_ request: FetchRequest, url: String, origin: Origin) async throws(SyncError) -> HopResponse {
        // The loop waits for the site's permit, asks `beforeStart`, and tells `afterResponse`
        // before the permit goes to the next transfer.
        let transfer = try CurlTransfer(id: loop.makeID(), request: request, url: url, site: origin.site)
        return try await loop.perform(transfer)
    }

    struct Origin: Sendable {
        var scheme: String
        /// scheme://host:port, lowercased: what a source's own headers and validators are for.
        var key: String
        /// The site's registrable domain (`Politeness`): the unit of the concurrency budget.
        var site: String
    }

    /// The origin of a URL, worked out once per URL (a feed is fetched at the same URL poll after
    /// poll; parsing it with `URLComponents` was a visible part of a 304's cost).
    static func origin(of url: String) -> Origin? {
        if let known = origins.withLock({ $0[url] }) { return known }
        let found = parseOrigin(url)
        origins.withLock { table in
            if table.count >= 16_384 { table.removeAll(keepingCapacity: true) }
            table[url] = found
        }
        return found
    }

    private static let origins = Mutex<[String: Origin?]>([:])

    private static func parseOrigin(_ url: String) -> Origin? {
        guard let components = URLComponents(string: url), let scheme = components.scheme?.lowercased(),
            scheme == "http" || scheme == "https", let host = components.host, !host.isEmpty
        else { return nil }
        let port = components.port ?? (scheme == "https" ? 443 : 80)
        return Origin(scheme: scheme, key: "\(scheme)://\(host.lowercased()):\(port)", site: Politeness.key(host: host))
    }

    /// The politeness key of a URL (its registrable domain, see `Politeness`), for per-site
    /// state such as Retry-After.
    public static func host(of url: String) -> String? {
        Politeness.key(of: url)
    }
}
