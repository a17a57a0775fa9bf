#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import Synchronization

/// An error from a socket or thread call made while starting the server.
public struct LocalHTTPServerError: Error, CustomStringConvertible, Sendable {
    /// The failing call, e.g. `"bind"`.
    public var operation: String
    /// The `errno` (or pthread return code) it reported.
    public var code: Int32
    public var description: String {
        "LocalHTTPServer: \(operation) failed: \(String(cString: strerror(code))) (\(code))"
    }
}

/// A small blocking HTTP/1.1 server on 127.0.0.1 for tests and local benchmarks.
///
/// One accept thread plus one thread per connection. Connections are kept alive
/// (HTTP/1.1 unless the client sends `Connection: close`; HTTP/1.0 only with
/// `Connection: keep-alive`), pipelined requests are answered in order, and request
/// bodies are read by `Content-Length` (`Transfer-Encoding` request bodies get 501).
/// Malformed requests get 400 (431 for an oversized header block) and the connection
/// is closed.
///
/// ```swift
/// let server = try LocalHTTPServer { req in HTTPResponse(text: "hello \(req.path)") }
/// defer { server.stop() }
/// // fetch server.baseURL + "/x"
/// ```
public final class LocalHTTPServer: Sendable {
    /// The bound TCP port.
    public let port: UInt16
    private let core: ServerCore

    /// Binds 127.0.0.1 on an ephemeral port (or the given one) and starts serving on background threads.
    ///
    /// - Parameters:
    ///   - port: The port to bind, `0` for an ephemeral one.
    ///   - maxRecordedRequests: How many of the most recent requests ``requests()`` keeps
    ///     (`0` records none; ``requestCount`` counts regardless). Bounds memory under `wrk`.
    ///   - handler: Called on a connection thread for each request; must be thread-safe.
    public init(
        port: UInt16 = 0, maxRecordedRequests: Int = 10_000,
        handler: @escaping @Sendable (HTTPRequest) -> HTTPResponse
    ) throws {
        let listenFD = try makeListeningSocket(port: port)
        var wake: [Int32] = [-1, -1]
        guard pipe(&wake) == 0 else {
            let e = errno
            close(listenFD.fd)
            throw LocalHTTPServerError(operation: "pipe", code: e)
        }
        for fd in wake { _ = fcntl(fd, F_SETFD, FD_CLOEXEC) }
        self.port = listenFD.port
        self.core = ServerCore(listenFD: listenFD.fd, wakeRead: wake[0], wakeWrite: wake[1],
                               maxRecorded: max(0, maxRecordedRequests), handler: handler)
        do {
            try core.startAccepting()
        } catch {
            core.stop()
            throw error
        }
    }

    deinit { core.stop() }

    /// `"http://127.0.0.1:PORT"`, without a trailing slash.
    public var baseURL: String { "http://127.0.0.1:\(port)" }

    /// Number of well-formed requests received so far (counted before the handler runs).
    public var requestCount: Int { core.requestCount.load(ordering: .acquiring) }

    /// Number of TCP connections accepted so far.
    public var connectionCount: Int { core.state.withLock { $0.nextConnectionID } }

    /// The requests received so far, oldest first (at most `maxRecordedRequests`, the most recent).
    public func requests() -> [HTTPRequest] { core.recordedRequests() }

    /// Stops accepting, closes all connections (aborting any delay or trickle in progress)
    /// and joins all threads, so it returns promptly even with idle keep-alive clients.
    /// Idempotent; also called on deinit. May be called from a handler (that connection's
    /// thread is then detached instead of joined); a call racing a first one returns at once.
    public func stop() { core.stop() }
}

/// Shared state of one server; owned by the public wrapper and by every server thread,
/// so that dropping the wrapper can stop the threads.
final class ServerCore: Sendable {
    struct State {
        var stopping = false
        var nextConnectionID = 0
        var acceptThread: pthread_t?
        var active: [Int: (fd: Int32, thread: pthread_t)] = [:]
        var finished: [pthread_t] = []
        var recorded: [HTTPRequest] = []
    }

    let listenFD: Int32
    let wakeRead: Int32
    let wakeWrite: Int32
    let maxRecorded: Int
    let handler: @Sendable (HTTPRequest) -> HTTPResponse
    let state = Mutex(State())
    let requestCount = Atomic<Int>(0)
    private let stopped = Mutex(false)  // set by the first stop()

    init(listenFD: Int32, wakeRead: Int32, wakeWrite: Int32, maxRecorded: Int,
         handler: @escaping @Sendable (HTTPRequest) -> HTTPResponse) {
        self.listenFD = listenFD
        self.wakeRead = wakeRead
        self.wakeWrite = wakeWrite
        self.maxRecorded = maxRecorded
        self.handler = handler
    }

    deinit {
        close(wakeRead)
        close(wakeWrite)
    }

    func startAccepting() throws {
        try state.withLock { s in
            s.acceptThread = try spawnThread { [self] in acceptLoop() }
        }
    }

    func record(_ request: HTTPRequest) {
        requestCount.wrappingAdd(1, ordering: .releasing)
        guard maxRecorded > 0 else { return }
        state.withLock { s in
            s.recorded.append(request)
            if s.recorded.count >= 2 * maxRecorded { s.recorded.removeFirst(s.recorded.count - maxRecorded) }
        }
    }

    func recordedRequests() -> [HTTPRequest] {
        state.withLock { Array($0.recorded.suffix(maxRecorded)) }
    }

    /// Waits up to `duration`; returns `true` early (or at once) if the server is stopping.
    func waitForStop(_ duration: Duration) -> Bool {
        let deadline = ContinuousClock.now + duration
        while true {
            let remaining = deadline - ContinuousClock.now
            let (s, atto) = remaining.components
            let ms = remaining <= .zero ? 0 : Int32(clamping: s * 1000 + (atto + 999_999_999_999_999) / 1_000_000_000_000_000)
            var pfd = pollfd(fd: wakeRead, events: Int16(POLLIN), revents: 0)
            let rc = poll(&pfd, 1, ms)
            if rc > 0 { return true }
            if rc == 0 && ms == 0 { return false }
            if rc < 0 && errno != EINTR { return true }
        }
    }

    private func acceptLoop() {
        var fds = [pollfd(fd: listenFD, events: Int16(POLLIN), revents: 0),
                   pollfd(fd: wakeRead, events: Int16(POLLIN), revents: 0)]
        while true {
            let rc = poll(&fds, 2, -1)
            if rc < 0 {
                if errno == EINTR { continue }
                return
            }
            if fds[1].revents != 0 { return }
            guard fds[0].revents != 0 else { continue }
            let fd = acceptConnection(listenFD)
            if fd < 0 {
                switch errno {
                case EINTR, EAGAIN, EWOULDBLOCK, ECONNABORTED, EPROTO: continue
                default: if waitForStop(.milliseconds(10)) { return } else { continue } // EMFILE etc.
                }
            }
            var one: Int32 = 1
            _ = setsockopt(fd, Int32(IPPROTO_TCP), TCP_NODELAY, &one, socklen_t(MemoryLayout<Int32>.size))
            let reap: [pthread_t] = state.withLock { s in
                if s.stopping { close(fd); return [] }
                s.nextConnectionID += 1
                let id = s.nextConnectionID
                // Created under the lock, so the thread's own cleanup finds its entry.
                if let thread = try? spawnThread({ [self] in runConnection(fd: fd, id: id) }) {
                    s.active[id] = (fd, thread)
                } else {
                    close(fd)
                }
                defer { s.finished.removeAll() }
                return s.finished
            }
            for t in reap { pthread_join(t, nil) }
        }
    }

    private func runConnection(fd: Int32, id: Int) {
        var connection = Connection(fd: fd, id: id, core: self)
        connection.run()
        state.withLock { s in
            if let entry = s.active.removeValue(forKey: id) { s.finished.append(entry.thread) }
        }
        close(fd) // only after leaving `active`, so stop() never shuts down a reused fd number
    }

    func stop() {
        // The flag is not held while joining: a handler calling stop() must not deadlock.
        let first = stopped.withLock { done in
            defer { done = true }
            return !done
        }
        guard first else { return }
        do {
            var byte: UInt8 = 1
            _ = write(wakeWrite, &byte, 1)
            let acceptThread = state.withLock { s in
                s.stopping = true
                return s.acceptThread
            }
            if let t = acceptThread { joinUnlessSelf(t) }
            close(listenFD)
            let threads: [pthread_t] = state.withLock { s in
                for entry in s.active.values { _ = shutdown(entry.fd, Int32(SHUT_RDWR)) }
                defer { s.finished.removeAll() }
                return s.active.values.map(\.thread) + s.finished
            }
            for t in threads { joinUnlessSelf(t) }
        }
    }

    private func joinUnlessSelf(_ t: pthread_t) {
        if pthread_equal(t, pthread_self()) != 0 {
            pthread_detach(t) // stop() called from a handler; that thread exits on its own
        } else {
            pthread_join(t, nil)
        }
    }
}

private final class ThreadBody: Sendable {
    let body: @Sendable () -> Void
    init(_ body: @escaping @Sendable () -> Void) { self.body = body }
}

/// Starts a joinable pthread (512 KiB stack) running `body`.
func spawnThread(_ body: @escaping @Sendable () -> Void) throws -> pthread_t {
    let context = Unmanaged.passRetained(ThreadBody(body)).toOpaque()
    var attr = pthread_attr_t()
    pthread_attr_init(&attr)
    defer { pthread_attr_destroy(&attr) }
    pthread_attr_setstacksize(&attr, 512 * 1024)
    var thread = pthread_t()
    let rc = pthread_create(&thread, &attr, { raw in
        Unmanaged<ThreadBody>.fromOpaque(raw!).takeRetainedValue().body()
        return nil
    }, context)
    guard rc == 0 else {
        Unmanaged<ThreadBody>.fromOpaque(context).release()
        throw LocalHTTPServerError(operation: "pthread_create", code: rc)
    }
    return thread
}

private func acceptConnection(_ listenFD: Int32) -> Int32 {
    let fd = accept(listenFD, nil, nil)
    if fd >= 0 { _ = fcntl(fd, F_SETFD, FD_CLOEXEC) }
    return fd
}

private func makeListeningSocket(port: UInt16) throws -> (fd: Int32, port: UInt16) {
    #if canImport(Glibc)
    let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue) | Int32(SOCK_CLOEXEC.rawValue), 0)
    #else
    let fd = socket(AF_INET, SOCK_STREAM, 0)
    #endif
    guard fd >= 0 else { throw LocalHTTPServerError(operation: "socket", code: errno) }
    func fail(_ op: String) -> LocalHTTPServerError {
        let e = errno
        close(fd)
        return LocalHTTPServerError(operation: op, code: e)
    }
    var one: Int32 = 1
    guard setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, socklen_t(MemoryLayout<Int32>.size)) == 0 else {
        throw fail("setsockopt(SO_REUSEADDR)")
    }
    var addr = sockaddr_in()
    addr.sin_family = sa_family_t(AF_INET)
    addr.sin_port = port.bigEndian
    addr.sin_addr.s_addr = UInt32(0x7F00_0001).bigEndian
    let bound = withUnsafePointer(to: &addr) {
        $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
            bind(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size))
        }
    }
    guard bound == 0 else { throw fail("bind") }
    guard listen(fd, SOMAXCONN) == 0 else { throw fail("listen") }
    var len = socklen_t(MemoryLayout<sockaddr_in>.size)
    let named = withUnsafeMutablePointer(to: &addr) {
        $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(fd, $0, &len) }
    }
    guard named == 0 else { throw fail("getsockname") }
    return (fd, UInt16(bigEndian: addr.sin_port))
}
