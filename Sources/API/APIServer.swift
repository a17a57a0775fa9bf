import Foundation
import Glibc
import Hummingbird
import HummingbirdCore
import NIOCore
public import Logging
import NIOFoundationEssentialsCompat
public import ServiceLifecycle
import Storage
public import SyncModel
import Synchronization

/// The HTTP API: the change feed for indexers, documents, clusters, status, sync requests and
/// Prometheus metrics. Served on a unix socket (mode 0600, or 0660 for its group) and, when
/// configured, on TCP.
public enum APIServer {
    /// One Hummingbird application per address, as services of the daemon's group.
    /// - Throws: `SyncError(.invalidConfig)` when the socket's folder cannot be created, or the
    ///   configured socket group does not exist.
    /// - Parameters:
    ///   - socket: the unix socket's path (its folder is created).
    ///   - socketGroup: the group to share the socket with (`daemon.socket_group`); `nil` keeps
    ///     it the daemon user's alone.
    ///   - listen: an optional TCP address and the bearer token its requests must carry.
    ///   - limits: connections per listener, and how long a connection may wait for a request.
    ///   - onBound: called once every listener (the unix socket, and TCP when configured) listens.
    public static func services(
        control daemon: any DaemonControl, socket: String, socketGroup: String? = nil, listen: (host: String, port: Int, token: String)?,
        limits: (maxConnections: Int, idleTimeout: Double) = (512, 60), logger: Logger,
        onBound: @escaping @Sendable () -> Void
    ) throws(SyncError) -> [any Service] {
        let router = buildRouter(daemon)
        // A connection without a complete request (a half-sent header included) is closed after
        // the idle timeout; one being answered (a long poll, a stream) is not.
        let server = HTTPServerBuilder.http1(configuration: .init(idleTimeout: .milliseconds(Int64(limits.idleTimeout * 1000))))
        // READY waits for every listener: the unix socket and, when configured, TCP.
        let unbound = Atomic<Int>(listen == nil ? 1 : 2)
        let bound: @Sendable () -> Void = {
            if unbound.subtract(1, ordering: .relaxed).newValue == 0 { onBound() }
        }
        let group = try SocketGroup.resolve(socketGroup)
        let folder = (socket as NSString).deletingLastPathComponent
        if !FileManager.default.fileExists(atPath: folder) {
            do {
                try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o750])
            } catch {
                throw SyncError(.invalidConfig, "cannot create the socket's folder", location: folder, cause: error)
            }
            // The group must be able to reach the socket through the folder syncd made.
            _ = group?.share(folder, mode: 0o750)
        }
        var type: mode_t = 0
        var info = stat()
        if lstat(socket, &info) == 0 {
            type = info.st_mode & S_IFMT
            guard type == S_IFSOCK else {
                throw SyncError(.invalidConfig, "exists and is not a socket; refusing to replace it", location: socket)
            }
            guard !isListening(socket) else {
                throw SyncError(.invalidConfig, "another syncd is already serving this socket", location: socket)
            }
            unlink(socket)  // a stale socket of an earlier run
        }
        var services: [any Service] = [
            Application(
                router: router, server: server,
                configuration: .init(
                    address: .unixDomainSocket(path: socket), serverName: "syncd/\(SyncdVersion.current)",
                    availableConnectionsDelegate: MaximumAvailableConnections(limits.maxConnections)),
                onServerRunning: { _ in
                    chmod(socket, 0o600)
                    if let group, let failure = group.share(socket, mode: 0o660) {
                        logger.error(
                            "cannot share the API socket with its group; it stays mode 0600",
                            metadata: ["group": "\(group.name)", "error": "\(String(cString: strerror(failure)))"])
                    }
                    bound()
                }, logger: logger)
        ]
        if let listen {
            services.append(
                Application(
                    router: buildRouter(daemon, access: TCPAccessMiddleware(token: listen.token, host: listen.host)), server: server,
                    configuration: .init(
                        address: .hostname(listen.host, port: listen.port), serverName: "syncd/\(SyncdVersion.current)",
                        availableConnectionsDelegate: MaximumAvailableConnections(limits.maxConnections)),
                    onServerRunning: { channel in
                        // Port 0 picks a free port: the log says which.
                        logger.notice(
                            "API listening on TCP", metadata: ["address": "\(listen.host)", "port": "\(channel.localAddress?.port ?? listen.port)"])
                        bound()
                    }, logger: logger))
        }
        return services
    }

    /// Whether something accepts connections on the unix socket at `path`.
    static func isListening(_ path: String) -> Bool {
        let fd = Glibc.socket(AF_UNIX, Int32(SOCK_STREAM.rawValue), 0)
        guard fd >= 0 else { return false }
        defer { close(fd) }
        var address = sockaddr_un()
        address.sun_family = sa_family_t(AF_UNIX)
        withUnsafeMutableBytes(of: &address.sun_path) { $0.copyBytes(from: Array(path.utf8).prefix($0.count - 1)) }
        return withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { Glibc.connect(fd, $0, socklen_t(MemoryLayout<sockaddr_un>.size)) }
        } == 0
    }

    /// The document reference and version of `/v1/documents/REFERENCE[/versions/N]`: the
    /// components are joined back with `/` and percent-decoded, so `docs:sub/b.txt` and
    /// `docs:sub%2Fb.txt` name the same file.
    static func documentPath(_ components: [Substring]) throws(APIError) -> (reference: String, version: Int?) {
        var parts = components.map(String.init)
        var version: Int?
        if parts.count >= 3, parts[parts.count - 2] == "versions" {
            guard let number = Int(parts[parts.count - 1]), number > 0 else {
                throw APIError(.badRequest, "invalid-argument", "version must be a positive integer")
            }
            version = number
            parts.removeLast(2)
        }
        let joined = parts.joined(separator: "/")
        guard !joined.isEmpty else { throw APIError(.badRequest, "invalid-argument", "expected /v1/documents/ID or SOURCE:KEY") }
        return (joined.removingPercentEncoding ?? joined, version)
    }

    /// The request's body, refused when it is larger than `limit` or takes longer than `within`
    /// to arrive (a body trickled a byte at a time holds no connection for long).
    static func collectBody(_ request: Request, upTo limit: Int, within: Duration) async throws -> ByteBuffer {
        try await withThrowingTaskGroup(of: ByteBuffer?.self) { group in
            group.addTask {
                var request = request
                return try await request.collectBody(upTo: limit)
            }
            group.addTask {
                try await Task.sleep(for: within)
                return nil
            }
            defer { group.cancelAll() }
            guard let first = try await group.next(), let body = first else {
                throw APIError(.requestTimeout, "request-timeout", "the request body did not arrive within \(within)")
            }
            return body
        }
    }

    /// A store read off the cooperative pool, its error as the API's.
    static func read<T: Sendable>(_ body: @escaping @Sendable () throws(SyncError) -> T) async throws(APIError) -> T {
        do { return try await BlockingWork.run(body) } catch { throw APIError(error) }
    }

    static func buildRouter(_ daemon: any DaemonControl, access: TCPAccessMiddleware<BasicRequestContext>? = nil) -> Router<BasicRequestContext> {
        let router = Router()
        if let access { router.add(middleware: access) }
        router.add(middleware: JSONErrorMiddleware())
        let feed = ChangeFeed(daemon: daemon)
        let store = daemon.store
        router.get("v1/changes") { request, _ in try await feed.respond(request) }
        // What CouchDB clients ask for when given the database URL http://HOST:PORT/v1.
        let couchFeed = ChangeFeed(daemon: daemon, couchPath: true)
        router.get("v1/_changes") { request, _ in try await couchFeed.respond(request) }
        router.post("v1/consumers/:name/ack") { request, context -> Response in
            let name = try context.parameters.require("name")
            guard Names.isValid(name) else {
                throw APIError(.badRequest, "invalid-argument", "consumer names are 1-64 characters of A-Z a-z 0-9 . _ -")
            }
            let body = try await Self.collectBody(request, upTo: 4096, within: .seconds(10))
            // An integer only: 1e300, 1.5 or true are refused, not wrapped or truncated.
            struct Ack: Decodable { var seq: Int64 }
            guard let seq = (try? JSONDecoder().decode(Ack.self, from: Data(buffer: body)))?.seq else {
                throw APIError(.badRequest, "invalid-argument", "expected a JSON body {\"seq\": N}")
            }
            do throws(SyncError) { try await daemon.acknowledge(consumer: name, seq: seq) } catch { throw APIError(error) }
            return try JSON.response(object: ["consumer": name, "seq": seq] as [String: Any])
        }
        // `ID`, or `SOURCE:KEY` where KEY may hold `/` (files in sub-folders), then optionally
        // `/versions/N`.
        router.get("v1/documents/**") { _, context -> Response in
            let (reference, version) = try Self.documentPath(context.parameters.getCatchAll())
            return try JSON.response(
                try await Self.read { () throws(SyncError) in try store.document(try store.resolve(reference), version: version) })
        }
        router.get("v1/clusters/:id") { _, context -> Response in
            guard let id = context.parameters.get("id", as: Int64.self) else {
                throw APIError(.badRequest, "invalid-argument", "cluster ids are integers")
            }
            return try JSON.response(try await Self.read { () throws(SyncError) in try store.cluster(id) })
        }
        router.get("v1/status") { _, _ -> Response in
            let status = try await Self.read { () throws(SyncError) in try store.status() }
            return try JSON.response(
                DaemonStatusBody(
                    status: status, ready: daemon.isReady, failing: daemon.failingSources, webhooks: daemon.webhooks, pid: Int(getpid()),
                    uptime: daemon.clock.now() - daemon.startedAt))
        }
        router.post("v1/sources/:name/sync") { _, context -> Response in
            let name = try context.parameters.require("name")
            let names = daemon.requestSync(name)
            guard !names.isEmpty else { throw APIError(.notFound, "not-found", "no source named \"\(name)\"") }
            return try JSON.response(object: ["syncing": names], status: .accepted)
        }
        router.post("v1/sync") { _, _ -> Response in
            try JSON.response(object: ["syncing": daemon.requestSync(nil)], status: .accepted)
        }
        // Extracts the kept inputs of folder sources again (`syncctl reextract`), on the
        // daemon's writer; answers when done: {"sources": [ReextractSummary]}.
        router.post("v1/reextract") { _, _ -> Response in
            let summaries: [ReextractSummary]
            do throws(SyncError) { summaries = try await daemon.reextract(nil) } catch { throw APIError(error) }
            return try JSON.response(ReextractAnswer(sources: summaries))
        }
        router.post("v1/sources/:name/reextract") { _, context -> Response in
            let name = try context.parameters.require("name")
            let summaries: [ReextractSummary]
            do throws(SyncError) { summaries = try await daemon.reextract(name) } catch { throw APIError(error) }
            return try JSON.response(ReextractAnswer(sources: summaries))
        }
        router.post("v1/reload") { _, _ -> Response in
            if let refusal = await daemon.reload() { throw APIError(.unprocessableContent, "invalid-config", refusal) }
            return try JSON.response(object: ["reloaded": true])
        }
        router.get("v1/openapi.json") { _, _ -> Response in
            Response(status: .ok, headers: [.contentType: "application/json"], body: .init(byteBuffer: ByteBuffer(string: OpenAPIDocument.json)))
        }
        StatusPage.routes(router, daemon: daemon)
        router.get("metrics") { _, _ -> Response in
            let status = try? await BlockingWork.run { () throws(SyncError) in try store.status() }
            let text = Metrics.prometheus(daemon, status: status)
            return Response(status: .ok, headers: [.contentType: "text/plain; version=0.0.4"], body: .init(byteBuffer: ByteBuffer(string: text)))
        }
        return router
    }
}
