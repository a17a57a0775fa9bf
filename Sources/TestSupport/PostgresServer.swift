import Foundation
import Synchronization
#if canImport(Glibc)
import Glibc
#endif

/// A real PostgreSQL server from Debian's packages (`postgresql`), started once per test process
/// in a temporary folder, listening on a unix socket only, and stopped when the process exits.
///
/// The server refuses to run as root, so as root it runs as Debian's `postgres` user through
/// `runuser` (the folder is handed to that user); as anyone else it runs as the caller. A small
/// shell watchdog beside it stops the server when the test process dies without exiting cleanly.
/// Each test takes a database of its own (`createDatabase()`).
public final class PostgresServer: @unchecked Sendable {
    /// Why the server could not be started; the PostgreSQL tests fail with it (they never skip).
    public struct StartError: Error, CustomStringConvertible {
        public var description: String
    }

    /// The folder holding the server's data, its log and its socket.
    public let folder: String
    /// The folder of the unix socket (libpq's `host=`).
    public var socketDirectory: String { folder + "/socket" }
    public let port = 5432
    /// The role tests connect as (the superuser initdb made).
    public let user: String
    private let binaries: String
    private let asUser: String?
    private let process: Process
    private let databases = Atomic<Int>(0)

    /// The server of this test process, started on first use.
    /// - Throws: `StartError` saying why PostgreSQL could not be started.
    public static func shared() throws(StartError) -> PostgresServer {
        try sharedServer.get()
    }

    private static let sharedServer: Result<PostgresServer, StartError> = {
        do throws(StartError) {
            let server = try PostgresServer()
            running = server
            atexit { PostgresServer.running?.stop() }
            return .success(server)
        } catch {
            return .failure(error)
        }
    }()

    nonisolated(unsafe) private static var running: PostgresServer?

    private init() throws(StartError) {
        guard let binaries = PostgresServer.findBinaries() else {
            throw StartError(
                description: "no PostgreSQL server binaries under /usr/lib/postgresql/*/bin (install Debian's `postgresql`; `make test` does)")
        }
        self.binaries = binaries
        let root = geteuid() == 0
        asUser = root ? "postgres" : nil
        user = root ? "postgres" : (ProcessInfo.processInfo.environment["USER"] ?? "postgres")
        var template = Array("/tmp/syncd-pg-XXXXXX".utf8CString)
        guard let made = mkdtemp(&template) else {
            throw StartError(description: "cannot create a temporary folder for PostgreSQL: \(String(cString: strerror(errno)))")
        }
        folder = String(cString: made)
        do {
            try FileManager.default.createDirectory(atPath: folder + "/socket", withIntermediateDirectories: true)
        } catch {
            throw StartError(description: "cannot create \(folder)/socket: \(error)")
        }
        if root {
            guard let account = getpwnam("postgres") else {
                throw StartError(
                    description: "running as root, and there is no `postgres` user to run the server as (Debian's `postgresql` creates it)")
            }
            let uid = account.pointee.pw_uid
            let gid = account.pointee.pw_gid
            for path in [folder, folder + "/socket"] where chown(path, uid, gid) != 0 {
                throw StartError(description: "cannot hand \(path) to the postgres user: \(String(cString: strerror(errno)))")
            }
        }
        let initdb = try PostgresServer.run(
            PostgresServer.command(
                [binaries + "/initdb", "-D", folder + "/data", "-U", user, "--auth=trust", "-E", "UTF8", "--no-sync", "--locale=C"], as: asUser))
        guard initdb.status == 0 else {
            throw StartError(description: "initdb failed (exit \(initdb.status)): \(initdb.output.suffix(2000))")
        }
        // The server in the background, and a watchdog that stops it when this process is gone.
        let parent = getpid()
        let server = [
            binaries + "/postgres", "-D", folder + "/data", "-k", folder + "/socket", "-p", "\(port)", "-c", "listen_addresses=",
            "-c", "fsync=off", "-c", "synchronous_commit=off", "-c", "full_page_writes=off", "-c", "max_connections=200",
            "-c", "max_locks_per_transaction=256",
        ].map(PostgresServer.quote).joined(separator: " ")
        let script = """
            \(server) >\(PostgresServer.quote(folder + "/server.log")) 2>&1 &
            pid=$!
            trap 'kill -INT $pid 2>/dev/null; wait $pid; exit 0' TERM INT
            while [ -d /proc/\(parent) ] && kill -0 $pid 2>/dev/null; do sleep 1; done
            kill -INT $pid 2>/dev/null; wait $pid
            """
        process = Process()
        let launch = PostgresServer.command(["/bin/sh", "-c", script], as: asUser)
        process.executableURL = URL(fileURLWithPath: launch[0])
        process.arguments = Array(launch.dropFirst())
        process.standardInput = FileHandle.nullDevice
        // runuser's own words on being stopped; the server writes to server.log.
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        do { try process.run() } catch { throw StartError(description: "cannot start postgres: \(error)") }
        // Ready when pg_isready says so; a server that died says why in its log.
        let deadline = Date().addingTimeInterval(60)
        while true {
            let ready = try PostgresServer.run([binaries + "/pg_isready", "-q", "-h", folder + "/socket", "-p", "\(port)", "-t", "2"])
            if ready.status == 0 { break }
            let log = (try? String(contentsOfFile: folder + "/server.log", encoding: .utf8)) ?? ""
            // pg_isready asking while the server starts up makes it log "FATAL: the database
            // system is starting up": not a failure (a slow start on a loaded machine hits it).
            let fatal = log.split(separator: "\n").contains { $0.contains("FATAL") && !$0.contains("starting up") }
            if !process.isRunning || fatal || Date() > deadline {
                process.terminate()
                try? FileManager.default.removeItem(atPath: folder)
                throw StartError(description: "PostgreSQL did not start in \(folder): \(log.suffix(2000))")
            }
            usleep(100_000)
        }
    }

    /// A new, empty database; returns its URL for `[store] url` (unix socket form).
    /// - Throws: `StartError` with psql's complaint.
    public func createDatabase(prefix: String = "t") throws(StartError) -> String {
        let name = "\(prefix)_\(getpid())_\(databases.add(1, ordering: .relaxed).newValue)"
        try psql("CREATE DATABASE \(name)")
        return url(database: name)
    }

    /// The URL of `database` on this server over its unix socket.
    public func url(database: String) -> String {
        "postgresql://\(user)@localhost:\(port)/\(database)?host=\(socketDirectory)"
    }

    /// Runs SQL through psql as the superuser (database `postgres` unless told).
    /// - Returns: what psql printed (unaligned, tuples only).
    /// - Throws: `StartError` with psql's complaint.
    @discardableResult
    public func psql(_ sql: String, database: String = "postgres") throws(StartError) -> String {
        let result = try PostgresServer.run([
            binaries + "/psql", "-X", "-q", "-A", "-t", "-v", "ON_ERROR_STOP=1", "-h", socketDirectory, "-p", "\(port)", "-U", user, "-d", database,
            "-c", sql,
        ])
        guard result.status == 0 else { throw StartError(description: "psql failed: \(sql): \(result.output)") }
        return result.output
    }

    /// Stops the server (fast shutdown) and removes its folder.
    public func stop() {
        if process.isRunning {
            process.terminate()
            process.waitUntilExit()
        }
        try? FileManager.default.removeItem(atPath: folder)
    }

    private static func findBinaries() -> String? {
        let base = "/usr/lib/postgresql"
        let versions = ((try? FileManager.default.contentsOfDirectory(atPath: base)) ?? []).compactMap(Int.init).sorted()
        return versions.reversed().map { "\(base)/\($0)/bin" }.first { FileManager.default.isExecutableFile(atPath: $0 + "/postgres") }
    }

    private static func command(_ arguments: [String], as user: String?) -> [String] {
        guard let user else { return arguments }
        return ["/usr/sbin/runuser", "-u", user, "--"] + arguments
    }

    private static func quote(_ text: String) -> String { "'" + text.replacingOccurrences(of: "'", with: "'\\''") + "'" }

    /// Runs a command to its end and returns its exit status and combined output.
    private static func run(_ arguments: [String]) throws(StartError) -> (status: Int32, output: String) {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: arguments[0])
        process.arguments = Array(arguments.dropFirst())
        process.currentDirectoryURL = URL(fileURLWithPath: "/tmp")
        let pipe = Pipe()
        process.standardOutput = pipe
        process.standardError = pipe
        process.standardInput = FileHandle.nullDevice
        do { try process.run() } catch { throw StartError(description: "cannot run \(arguments[0]): \(error)") }
        let data = pipe.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return (process.terminationStatus, String(decoding: data, as: UTF8.self))
    }
}
