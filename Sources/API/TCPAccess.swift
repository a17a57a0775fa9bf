import Foundation
import Glibc
import Hummingbird

/// What the TCP listener demands of every request, before anything else runs: a `Host` the
/// daemon serves (an IP literal, `localhost` or the configured host: a DNS-rebinding page's own
/// name is refused) and `Authorization: Bearer TOKEN`. The unix socket needs neither: its mode
/// (0600) decides who may connect. CouchDB clients may send the token as a Basic password.
struct TCPAccessMiddleware<Context: RequestContext>: RouterMiddleware {
    let token: [UInt8]
    let host: String

    init(token: String, host: String) {
        self.token = Array(token.utf8)
        self.host = host.lowercased()
    }

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        guard let header = request.head.authority, let name = Self.hostName(header) else {
            throw APIError(.badRequest, "bad-request", "a Host header is required")
        }
        guard name == host || name == "localhost" || Self.isIPLiteral(name) else {
            throw APIError(.misdirectedRequest, "misdirected-request", "this listener does not serve the host \"\(name)\"")
        }
        guard let authorization = request.headers[.authorization], let presented = Self.presentedToken(authorization),
            Self.equalInConstantTime(presented, token)
        else {
            throw UnauthorizedError()
        }
        return try await next(request, context)
    }

    /// The token of `Bearer TOKEN`, or the password of `Basic base64(USER:TOKEN)` (any user):
    /// what CouchDB clients send for a URL such as `http://syncd:TOKEN@127.0.0.1:8089/v1`.
    static func presentedToken(_ authorization: String) -> [UInt8]? {
        let scheme = authorization.prefix(while: { $0 != " " }).lowercased()
        let credentials = authorization.drop(while: { $0 != " " }).trimmingCharacters(in: .whitespaces)
        switch scheme {
        case "bearer":
            return Array(credentials.utf8)
        case "basic":
            guard let decoded = Data(base64Encoded: credentials), let colon = decoded.firstIndex(of: UInt8(ascii: ":")) else { return nil }
            return Array(decoded[decoded.index(after: colon)...])
        default:
            return nil
        }
    }

    /// `example.org:8089` → `example.org`; `[::1]:8089` → `::1`; lowercased.
    static func hostName(_ header: String) -> String? {
        let value = header.trimmingCharacters(in: .whitespaces).lowercased()
        if value.hasPrefix("[") {
            guard let close = value.firstIndex(of: "]") else { return nil }
            return String(value[value.index(after: value.startIndex)..<close])
        }
        let name = value.split(separator: ":", maxSplits: 1, omittingEmptySubsequences: false).first.map(String.init) ?? ""
        return name.isEmpty ? nil : name
    }

    static func isIPLiteral(_ name: String) -> Bool {
        var v4 = in_addr()
        var v6 = in6_addr()
        return inet_pton(AF_INET, name, &v4) == 1 || inet_pton(AF_INET6, name, &v6) == 1
    }

    /// Compares without stopping at the first difference, so timing tells nothing of the token.
    static func equalInConstantTime(_ a: [UInt8], _ b: [UInt8]) -> Bool {
        var difference = UInt8(truncatingIfNeeded: a.count ^ b.count)
        for index in 0..<max(a.count, b.count) {
            difference |= (index < a.count ? a[index] : 0) ^ (index < b.count ? b[index] : 0)
        }
        return difference == 0
    }
}

/// 401 with `WWW-Authenticate: Bearer` (API clients) and `Basic` (a browser then asks for the
/// token as the password, for the status page), and the API's JSON error body.
struct UnauthorizedError: Error, HTTPResponseError {
    var status: HTTPResponse.Status { .unauthorized }
    var headers: HTTPFields {
        var fields: HTTPFields = [.contentType: "application/json"]
        fields[values: .wwwAuthenticate] = ["Bearer realm=\"syncd\"", "Basic realm=\"syncd\", charset=\"UTF-8\""]
        return fields
    }

    func response(from request: Request, context: some RequestContext) throws -> Response {
        let body =
            #"{"error":"unauthorized","message":"this listener requires Authorization: Bearer TOKEN (the token of [daemon] token_file)"#
            + #", or Basic with TOKEN as the password"}"#
        return Response(status: status, headers: headers, body: .init(byteBuffer: ByteBuffer(string: body)))
    }
}
