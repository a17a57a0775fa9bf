import Foundation
import Hummingbird
import SyncModel

/// A 4xx/5xx with a JSON body `{"error": CODE, "message": TEXT}`.
struct APIError: Error, HTTPResponseError {
    var status: HTTPResponse.Status
    var code: String
    var message: String

    init(_ status: HTTPResponse.Status, _ code: String, _ message: String) {
        self.status = status
        self.code = code
        self.message = message
    }

    /// Maps a store or daemon error to a status: not found 404, bad argument 400, the rest 500.
    init(_ error: SyncError) {
        switch error.code {
        case .notFound: self.init(.notFound, error.code.rawValue, error.description)
        case .invalidArgument, .invalidConfig: self.init(.badRequest, error.code.rawValue, error.description)
        default: self.init(.internalServerError, error.code.rawValue, error.description)
        }
    }

    var headers: HTTPFields { [.contentType: "application/json"] }

    func response(from request: Request, context: some RequestContext) throws -> Response {
        let body = (try? JSONSerialization.data(withJSONObject: ["error": code, "message": message], options: [.sortedKeys])) ?? Data()
        return Response(status: status, headers: headers, body: .init(byteBuffer: ByteBuffer(bytes: body)))
    }
}

/// JSON responses with sorted keys and unescaped slashes, as syncctl prints them.
enum JSON {
    static func response<T: Encodable>(_ value: T, status: HTTPResponse.Status = .ok) throws -> Response {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return Response(
            status: status, headers: [.contentType: "application/json"], body: .init(byteBuffer: ByteBuffer(bytes: try encoder.encode(value))))
    }

    static func response(object: Any, status: HTTPResponse.Status = .ok) throws -> Response {
        let data = try JSONSerialization.data(withJSONObject: object, options: [.sortedKeys, .withoutEscapingSlashes])
        return Response(status: status, headers: [.contentType: "application/json"], body: .init(byteBuffer: ByteBuffer(bytes: data)))
    }
}

/// Every error leaves as JSON: Hummingbird's own (an unknown route, a bad method) included.
struct JSONErrorMiddleware<Context: RequestContext>: RouterMiddleware {
    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        // A browser can send a plain-text POST to a TCP listener without a preflight; requiring
        // JSON keeps web pages from acknowledging or reloading on an operator's behalf.
        if request.method == .post, !(request.headers[.contentType] ?? "").lowercased().hasPrefix("application/json") {
            throw APIError(.unsupportedMediaType, "unsupported-media-type", "POST requests must be Content-Type: application/json")
        }
        do {
            return try await next(request, context)
        } catch let error as APIError {
            throw error
        } catch let error as HTTPError {
            let code = error.status == .notFound ? "not-found" : error.status.code < 500 ? "bad-request" : "internal"
            throw APIError(error.status, code, error.body ?? "\(error.status.reasonPhrase): \(request.method) \(request.uri.path)")
        } catch let error as SyncError {
            throw APIError(error)
        }
    }
}
