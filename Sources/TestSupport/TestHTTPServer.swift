internal import HTTPTypes
internal import HummingbirdCore
internal import Logging
internal import NIOCore
internal import NIOHTTPTypes
internal import NIOPosix
internal import ServiceLifecycle
import Synchronization

/// Why ``TestHTTPServer/start(maxRecordedRequests:handler:)`` failed.
public struct TestHTTPServerError: Error, CustomStringConvertible, Sendable {
    public var description: String
}

/// A real HTTP/1.1 server on 127.0.0.1 for tests and local benchmarks: a Hummingbird server
/// (HummingbirdCore's HTTP/1 channel) whose every request goes to one handler closure.
///
/// The port is chosen by the OS when binding (port 0) and read back from the bound listener.
/// Everything the server does (NIO I/O, request tasks, the handler, delays) runs on two threads
/// of its own, never on Swift's cooperative pool, so a test that blocks cooperative threads
/// (waiting on a subprocess that talks to this server, say) cannot starve it.
///
/// ```swift
/// let server = try await TestHTTPServer.start { request in HTTPResponse(text: "hello \(request.path)") }
/// // fetch server.baseURL + "/x"
/// await server.stop()
/// ```
public final class TestHTTPServer: Sendable {
    /// The bound TCP port.
    public let port: Int
    private let core: ServerCore
    private let task: Task<Void, Never>

    private init(port: Int, core: ServerCore, task: Task<Void, Never>) {
        self.port = port
        self.core = core
        self.task = task
    }

    /// Binds 127.0.0.1 on a port the OS picks and returns once the listener is bound.
    ///
    /// - Parameters:
    ///   - maxRecordedRequests: How many of the most recent requests ``requests()`` keeps
    ///     (`0` records none; ``requestCount`` counts regardless). Bounds memory under `wrk`.
    ///   - handler: Called for each request, concurrently for concurrent requests, after the
    ///     request body has been read.
    public static func start(
        maxRecordedRequests: Int = 10_000,
        handler: @escaping @Sendable (HTTPRequest) async -> HTTPResponse
    ) async throws -> TestHTTPServer {
        let core = ServerCore(maxRecorded: max(0, maxRecordedRequests), handler: handler)
        let executor = ServerThreads.shared
        let bound = Once<Int>()
        let server = try HTTPServerBuilder.http1(configuration: .init(additionalChannelHandlers: [ConnectionHandler(core: core)]))
            .buildServer(
                configuration: .init(address: .hostname("127.0.0.1", port: 0)),
                eventLoopGroup: executor.group,
                logger: Logger(label: "TestHTTPServer") { _ in SwiftLogNoOpLogHandler() },
                responder: { request, writer, _ in try await core.respond(to: request, writer: writer) },
                onServerRunning: { channel in
                    if let port = channel.localAddress?.port {
                        bound.resolve(.success(port))
                    } else {
                        bound.resolve(.failure(TestHTTPServerError(description: "TestHTTPServer: the listener has no port")))
                    }
                })
        // Child tasks (one per connection) inherit the executor preference; the task does not hold `self`,
        // so dropping the server cancels it (deinit).
        let task = Task(executorPreference: executor) {
            do {
                try await server.run()
                bound.resolve(.failure(TestHTTPServerError(description: "TestHTTPServer: stopped before listening")))
            } catch {
                bound.resolve(.failure(error))
            }
        }
        do {
            return TestHTTPServer(port: try await bound.value(), core: core, task: task)
        } catch {
            task.cancel()
            throw error
        }
    }

    deinit { task.cancel() }

    /// `"http://127.0.0.1:PORT"`, without a trailing slash.
    public var baseURL: String { "http://127.0.0.1:\(port)" }

    /// Number of requests received so far (counted before the handler runs).
    public var requestCount: Int { core.requestCount.load(ordering: .acquiring) }

    /// Number of TCP connections accepted so far (counted when NIO sets up each accepted
    /// connection's pipeline).
    public var connectionCount: Int { core.connectionCount.load(ordering: .acquiring) }

    /// The requests received so far, oldest first (at most `maxRecordedRequests`, the most recent).
    public func requests() -> [HTTPRequest] { core.recordedRequests() }

    /// Stops the server and returns once it is down: the listener is closed (new connections
    /// are refused), open connections are closed, and delays or trickles in progress are cut
    /// short. Idempotent; dropping the server also stops it, without waiting.
    public func stop() async {
        task.cancel()
        await task.value
    }
}

/// State shared by the server's connections: counters, recorded requests, the handler.
final class ServerCore: Sendable {
    static let maxBodyBytes = 256 * 1024 * 1024
    let maxRecorded: Int
    let handler: @Sendable (HTTPRequest) async -> HTTPResponse
    let requestCount = Atomic<Int>(0)
    let connectionCount = Atomic<Int>(0)
    private let recorded = Mutex<[HTTPRequest]>([])

    init(maxRecorded: Int, handler: @escaping @Sendable (HTTPRequest) async -> HTTPResponse) {
        self.maxRecorded = maxRecorded
        self.handler = handler
    }

    func record(_ request: HTTPRequest) {
        requestCount.wrappingAdd(1, ordering: .releasing)
        guard maxRecorded > 0 else { return }
        recorded.withLock { all in
            all.append(request)
            if all.count >= 2 * maxRecorded { all.removeFirst(all.count - maxRecorded) }
        }
    }

    func recordedRequests() -> [HTTPRequest] {
        recorded.withLock { Array($0.suffix(maxRecorded)) }
    }

    /// Reads the request, records it, asks the handler and writes its response as given.
    func respond(to request: Request, writer: consuming ResponseWriter) async throws {
        let body = try await request.body.collect(upTo: Self.maxBodyBytes)
        let received = HTTPRequest(
            method: request.method.rawValue, path: request.head.path ?? "/",
            headers: request.headers.map { (name: $0.name.rawName, value: $0.value) },
            body: Array(body.readableBytesView))
        record(received)
        let response = await handler(received)
        if let delay = response.delay { try await ServerThreads.shared.sleep(for: delay) }  // cancelled by stop()

        let status = response.status
        let bodyless = (100..<200).contains(status) || status == 204 || status == 304
        let sendsBody = request.method != .head && !bodyless
        var fields = HTTPFields()
        var has = (date: false, length: false, encoding: false, connection: false)
        for (name, value) in response.headers {
            guard let field = HTTPField.Name(name) else { continue }
            fields.append(HTTPField(name: field, value: value))
            switch field {
            case .date: has.date = true
            case .contentLength: has.length = true
            case .transferEncoding: has.encoding = true
            case .connection: has.connection = true
            default: break
            }
        }
        if !has.date { fields[.date] = HTTPDate.shared.now() }
        // Without Content-Length, NIO frames an HTTP/1.1 body as chunked.
        if !response.chunked && !has.length && !has.encoding && !bodyless { fields[.contentLength] = String(response.body.count) }
        if response.closeConnection && !has.connection { fields[.connection] = "close" }
        let head = HTTPTypes.HTTPResponse(
            status: .init(code: status, reasonPhrase: response.reason ?? HTTPTypes.HTTPResponse.Status(code: status).reasonPhrase),
            headerFields: fields)

        guard sendsBody, !response.body.isEmpty else {
            return try await writer.write(response: head, body: ResponseBody())
        }
        guard let trickle = response.trickle else {
            return try await writer.write(response: head, body: ResponseBody(byteBuffer: ByteBuffer(bytes: response.body)))
        }
        var bodyWriter = try await writer.writeHead(head)
        let step = max(1, trickle.chunkSize)
        for start in stride(from: 0, to: response.body.count, by: step) {
            if start > 0 { try await ServerThreads.shared.sleep(for: trickle.pause) }
            try await bodyWriter.write(ByteBuffer(bytes: response.body[start..<min(start + step, response.body.count)]))
        }
        try await bodyWriter.finish(nil)
    }
}

/// One per accepted connection, between HTTP parsing and Hummingbird's request loop: counts the
/// connection, and closes it once a response carrying `Connection: close` has been written
/// (Hummingbird itself only honours a client's `Connection: close`).
final class ConnectionHandler: ChannelDuplexHandler, RemovableChannelHandler {
    typealias InboundIn = HTTPRequestPart
    typealias InboundOut = HTTPRequestPart
    typealias OutboundIn = HTTPResponsePart
    typealias OutboundOut = HTTPResponsePart

    private let core: ServerCore
    private var closeAfterResponse = false

    init(core: ServerCore) { self.core = core }

    func handlerAdded(context: ChannelHandlerContext) {
        core.connectionCount.wrappingAdd(1, ordering: .releasing)
    }

    func write(context: ChannelHandlerContext, data: NIOAny, promise: EventLoopPromise<Void>?) {
        switch unwrapOutboundIn(data) {
        case .head(let head):
            if head.status.kind != .informational {
                closeAfterResponse = head.headerFields[values: .connection].contains { value in
                    value.split(separator: ",").contains { $0.trimmingCharacters(in: " \t").lowercased() == "close" }
                }
            }
            context.write(data, promise: promise)
        case .body:
            context.write(data, promise: promise)
        case .end:
            guard closeAfterResponse else { return context.write(data, promise: promise) }
            let loopBound = context.loopBound
            context.write(data).flatMap { loopBound.value.close() }.cascade(to: promise)
        }
    }
}

extension Substring {
    fileprivate func trimmingCharacters(in set: String) -> Substring {
        guard let first = firstIndex(where: { !set.contains($0) }) else { return "" }
        return self[first...lastIndex(where: { !set.contains($0) })!]
    }
}

/// The threads every ``TestHTTPServer`` runs on: a NIO event loop group of two threads that
/// does the I/O and is also the task executor for the server's tasks.
final class ServerThreads: TaskExecutor {
    static let shared = ServerThreads(threads: 2)
    let group: MultiThreadedEventLoopGroup

    init(threads: Int) { group = MultiThreadedEventLoopGroup(numberOfThreads: threads) }

    func enqueue(_ job: consuming ExecutorJob) {
        let job = UnownedJob(job)
        let executor = asUnownedTaskExecutor()
        group.next().execute { job.runSynchronously(on: executor) }
    }

    /// Sleeps on an event loop's timer. `Task.sleep` would wake through the global executor,
    /// that is the cooperative pool, which a test blocking its threads can hold up.
    /// Throws `CancellationError` when the task is cancelled.
    func sleep(for duration: Duration) async throws {
        let (seconds, attoseconds) = duration.components
        let nanoseconds = seconds >= Int64.max / 1_000_000_000 ? Int64.max : max(0, seconds * 1_000_000_000 + attoseconds / 1_000_000_000)
        let timer = group.next().scheduleTask(in: .nanoseconds(nanoseconds)) {}
        do {
            try await withTaskCancellationHandler {
                try await timer.futureResult.get()
            } onCancel: {
                timer.cancel()
            }
        } catch {
            throw CancellationError()
        }
    }
}

/// A value delivered once (the bound port, or why there is none) to one waiter.
final class Once<Value: Sendable>: Sendable {
    private let state = Mutex<(result: Result<Value, any Error>?, waiter: CheckedContinuation<Value, any Error>?)>((nil, nil))

    func resolve(_ result: Result<Value, any Error>) {
        let waiter: CheckedContinuation<Value, any Error>? = state.withLock { s in
            guard s.result == nil else { return nil }
            s.result = result
            defer { s.waiter = nil }
            return s.waiter
        }
        waiter?.resume(with: result)
    }

    func value() async throws -> Value {
        try await withCheckedThrowingContinuation { continuation in
            let ready: Result<Value, any Error>? = state.withLock { s in
                if s.result == nil { s.waiter = continuation }
                return s.result
            }
            if let ready { continuation.resume(with: ready) }
        }
    }
}
