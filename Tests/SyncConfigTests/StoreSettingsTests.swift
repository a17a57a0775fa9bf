import Foundation
import SyncModel
import Testing
@testable import SyncConfig

/// `[store]`: a SQLite path or a PostgreSQL URL, never both; the password never from the log.
@Suite("SyncdConfig: the store and the node")
final class StoreSettingsTests {
    let dir: TemporaryDirectory

    init() throws {
        dir = try TemporaryDirectory()
        try dir.makeFolder("seeds")
    }

    deinit {
        dir.remove()
    }

    @Test func urlSelectsPostgres() throws {
        let config = try SyncdConfig.parse(
            "[store]\nurl = \"postgresql://syncd:s3cret@db.example:5433/news\"\n" + minimalSource, path: dir.configPath)
        let url = try #require(config.store.postgres)
        #expect(url.user == "syncd" && url.password == "s3cret" && url.host == "db.example" && url.port == 5433 && url.database == "news")
        #expect(url.description == "postgresql://syncd@db.example:5433/news")
        #expect(!url.description.contains("s3cret"))
    }

    @Test func socketForm() throws {
        let url = try PostgresURL("postgresql://syncd@localhost/news?host=/run/postgresql")
        #expect(url.socketPath == "/run/postgresql/.s.PGSQL.5432" && url.password == nil)
    }

    @Test func bothPathAndURLIsAnErrorOnTheURLsLine() {
        let error = configError("[store]\npath = \"x.db\"\nurl = \"postgresql://u@h/d\"\n" + minimalSource, in: dir)
        #expect(error?.hasPrefix("\(dir.configPath):3: store.url and store.path are both set (store.path at line 2)") == true)
    }

    @Test func badURLsSayWhat() {
        #expect(
            configError("[store]\nurl = \"postgresql://u@h/\"\n" + minimalSource, in: dir)
                == "\(dir.configPath):2: store.url: the PostgreSQL URL names no database (postgresql://USER@HOST/DB)")
        #expect(
            configError("[store]\nurl = \"postgresql://u:pw@h/d?sslmode=require\"\n" + minimalSource, in: dir)?.contains(
                "unknown parameter \"sslmode\"")
                == true)
        #expect(
            configError("[store]\npassword_file = \"pw\"\n" + minimalSource, in: dir)
                == "\(dir.configPath):2: store.password_file needs store.url (a PostgreSQL store)")
    }

    @Test func passwordFromFileThenEnvironment() throws {
        try dir.write("pw", "from-file\nignored\n")
        let config = try SyncdConfig.parse("[store]\nurl = \"postgresql://u@h/d\"\npassword_file = \"pw\"\n" + minimalSource, path: dir.configPath)
        #expect(try config.store.password(environment: ["PGPASSWORD": "from-env"]) == "from-file")
        var plain = config.store
        plain.passwordFile = nil
        #expect(try plain.password(environment: ["PGPASSWORD": "from-env"]) == "from-env")
        #expect(try plain.password(environment: [:]) == nil)
    }

    @Test func nodeNameDefaultsToTheHostName() throws {
        #expect(try SyncdConfig.parse(minimalSource, path: dir.configPath).daemon.node == ProcessInfo.processInfo.hostName)
        #expect(try SyncdConfig.parse("[daemon]\nnode = \"east-1\"\n" + minimalSource, path: dir.configPath).daemon.node == "east-1")
        #expect(configError("[daemon]\nnode = \"two words\"\n" + minimalSource, in: dir)?.contains(":2: daemon.node must be a name") == true)
    }
}
