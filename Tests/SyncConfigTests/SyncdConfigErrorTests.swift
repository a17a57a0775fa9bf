import Foundation
import SyncModel
import Testing
@testable import SyncConfig

/// Every error must read `file:line: message`; these tests pin both the line and the text.
/// A class, so that `deinit` removes each test's temporary directory.
@Suite("SyncdConfig: errors")
final class SyncdConfigErrorTests {
    let dir: TemporaryDirectory
    var file: String { dir.configPath }

    init() throws {
        dir = try TemporaryDirectory()
        try dir.makeFolder("seeds")
        try dir.write("plain.txt", "not a folder")
    }

    deinit {
        dir.remove()
    }

    /// The error of `text` (with a valid source appended unless `withSource` is false).
    func error(_ text: String, withSource: Bool = true) -> String? {
        configError(withSource ? text + "\n" + minimalSource : text, in: dir)
    }

    @Test func unknownKeyInStore() {
        #expect(error("[store]\npath = \"x.db\"\nfoo = 1") == "\(file):3: unknown key \"foo\" in [store] (allowed: path, url, password_file)")
    }

    @Test func unknownKeyInSource() {
        let text = minimalSource + "\nfoo = true"
        #expect(
            error(text, withSource: false)
                == "\(file):5: unknown key \"foo\" in folder [[source]] \"seeds\" (allowed: name, type, path, max_file_size, tags, enabled)")
    }

    @Test func unknownKeyAtTopLevel() {
        #expect(
            error("verbose = true")
                == "\(file):1: unknown key \"verbose\" at top level"
                + " (expected [store], [dedup], [ingest], [feeds], [daemon], [[source]] or [[webhook]])")
    }

    @Test func unknownTables() {
        #expect(
            error("[foo]\nx = 1")
                == "\(file):1: unknown table [foo] (expected [store], [dedup], [ingest], [feeds], [daemon], [[source]] or [[webhook]])")
        #expect(
            error("\n[[foo]]")
                == "\(file):2: unknown table [[foo]] (expected [store], [dedup], [ingest], [feeds], [daemon], [[source]] or [[webhook]])")
        #expect(error("[store.extra]") == "\(file):1: unknown table [store.extra]")
    }

    @Test func wrongTypes() {
        #expect(error("[store]\npath = 5") == "\(file):2: store.path must be a string, found integer")
        #expect(error("[dedup]\nthreshold = 1") == "\(file):2: dedup.threshold must be a float, found integer")
        #expect(error("[dedup]\nshingle_size = \"3\"") == "\(file):2: dedup.shingle_size must be an integer, found string")
        #expect(error("[dedup]\nseed = 1979-05-27") == "\(file):2: dedup.seed must be an integer, found date-time")
        #expect(error("store = 5") == "\(file):1: store must be a table, found integer")
        #expect(
            error("[ingest]\nmax_file_size = 1.5")
                == "\(file):2: ingest.max_file_size must be an integer (bytes) or a string like \"10MiB\", found float")
        let badName = "[[source]]\nname = 5\ntype = \"folder\"\npath = \"seeds\""
        #expect(error(badName, withSource: false) == "\(file):2: source #1: name must be a string, found integer")
        #expect(
            error(minimalSource + "\nenabled = \"yes\"", withSource: false)
                == "\(file):5: source \"seeds\": enabled must be a boolean (true or false), found string")
    }

    @Test func duplicateSourceName() {
        let text = minimalSource + "\n\n" + minimalSource
        #expect(error(text, withSource: false) == "\(file):7: duplicate source name \"seeds\" (first defined at line 2)")
    }

    @Test func missingRequiredKeys() {
        let noPath = "[[source]]\nname = \"seeds\"\ntype = \"folder\""
        #expect(error("# header\n" + noPath, withSource: false) == "\(file):2: source \"seeds\": missing required key \"path\"")
        let noName = minimalSource + "\n[[source]]\ntype = \"folder\"\npath = \"seeds\""
        #expect(error(noName, withSource: false) == "\(file):5: source #2: missing required key \"name\"")
        let noType = "[[source]]\nname = \"seeds\"\npath = \"seeds\""
        #expect(error(noType, withSource: false) == "\(file):1: source \"seeds\": missing required key \"type\"")
    }

    @Test(arguments: [
        ("shingle_size = 0", "dedup.shingle_size must be between 1 and 16, found 0"),
        ("shingle_size = 17", "dedup.shingle_size must be between 1 and 16, found 17"),
        ("permutations = 8", "dedup.permutations must be a multiple of 8 between 16 and 1024, found 8"),
        ("permutations = 2048", "dedup.permutations must be a multiple of 8 between 16 and 1024, found 2048"),
        ("permutations = 100", "dedup.permutations must be a multiple of 8 between 16 and 1024, found 100"),
        ("threshold = 0.0", "dedup.threshold must be strictly between 0 and 1, found 0.0"),
        ("threshold = 1.0", "dedup.threshold must be strictly between 0 and 1, found 1.0"),
        ("threshold = -0.5", "dedup.threshold must be strictly between 0 and 1, found -0.5"),
        ("threshold = nan", "dedup.threshold must be strictly between 0 and 1, found nan"),
        ("bands = 5", "dedup.bands must be between 1 and 128 and divide dedup.permutations (128), found 5"),
        ("bands = 256", "dedup.bands must be between 1 and 128 and divide dedup.permutations (128), found 256"),
        ("bands = 0", "dedup.bands must be between 1 and 128 and divide dedup.permutations (128), found 0"),
        ("seed = -1", "dedup.seed must not be negative, found -1"),
    ])
    func outOfRangeDedup(line: String, message: String) {
        #expect(error("[dedup]\n\(line)") == "\(file):2: \(message)")
    }

    @Test func bandsAreCheckedAgainstTheFilesPermutations() {
        #expect(error("[dedup]\nbands = 48\npermutations = 96") == nil)
        #expect(
            error("[dedup]\nbands = 64\npermutations = 96")
                == "\(file):2: dedup.bands must be between 1 and 96 and divide dedup.permutations (96), found 64")
    }

    @Test(arguments: [
        ("\"10\"", "ingest.max_file_size: invalid size \"10\" (write a whole number with a unit: B, KB, KiB, MB, MiB, GB, GiB, e.g. \"10MiB\")"),
        (
            "\"1.5MiB\"",
            "ingest.max_file_size: invalid size \"1.5MiB\" (write a whole number with a unit: B, KB, KiB, MB, MiB, GB, GiB, e.g. \"10MiB\")"
        ),
        (
            "\"10 XB\"",
            "ingest.max_file_size: invalid size \"10 XB\" (write a whole number with a unit: B, KB, KiB, MB, MiB, GB, GiB, e.g. \"10MiB\")"
        ),
        (
            "\"-1MiB\"",
            "ingest.max_file_size: invalid size \"-1MiB\" (write a whole number with a unit: B, KB, KiB, MB, MiB, GB, GiB, e.g. \"10MiB\")"
        ),
        (
            "\"99999999999999999999GiB\"",
            "ingest.max_file_size: invalid size \"99999999999999999999GiB\""
                + " (write a whole number with a unit: B, KB, KiB, MB, MiB, GB, GiB, e.g. \"10MiB\")"
        ),
        ("\"0MiB\"", "ingest.max_file_size must be greater than 0, found 0"),
        ("0", "ingest.max_file_size must be greater than 0, found 0"),
        ("-5", "ingest.max_file_size must be greater than 0, found -5"),
    ])
    func invalidSizes(literal: String, message: String) {
        #expect(error("[ingest]\nmax_file_size = \(literal)") == "\(file):2: \(message)")
    }

    @Test func plainSourceTableGetsAHint() {
        let text = "[source]\nname = \"seeds\"\ntype = \"folder\"\npath = \"seeds\""
        #expect(
            error(text, withSource: false) == "\(file):1: [source] must be an array of tables: write [[source]] (double brackets) for each source")
    }

    @Test func feedSourceTakesAURLNotAPath() {
        let text = "[[source]]\nname = \"news\"\ntype = \"feed\"\npath = \"seeds\""
        #expect(
            error(text, withSource: false)
                == "\(file):4: unknown key \"path\" in feed [[source]] \"news\""
                + " (allowed: name, type, url, interval, user_agent, headers, charset, connect_timeout, timeout, max_size, full_text, tags, enabled)"
        )
        #expect(
            error("[[source]]\nname = \"news\"\ntype = \"feed\"", withSource: false) == "\(file):1: source \"news\": missing required key \"url\"")
    }

    @Test(
        arguments: [
            ("url = \"ftp://example.org/feed\"", "source \"news\": url \"ftp://example.org/feed\" must start with http:// or https://"),
            ("url = \"https:///feed\"", "source \"news\": url \"https:///feed\" has no host or contains spaces or control characters"),
            ("url = \"https://x.org/a b\"", "source \"news\": url \"https://x.org/a b\" has no host or contains spaces or control characters"),
            (
                "interval = \"15 minutes\"",
                "source \"news\": interval: invalid duration \"15 minutes\" (write e.g. \"90s\", \"15m\", \"1h30m\", \"2d\")"
            ),
            ("interval = 0", "source \"news\": interval must be greater than 0"),
            ("interval = true", "source \"news\": interval must be a duration string like \"15m\" or an integer of seconds, found boolean"),
            ("headers = { \"Bad Name\" = \"x\" }", "source \"news\": \"Bad Name\" is not a valid HTTP header name"),
            ("headers = { \"If-None-Match\" = \"x\" }", "source \"news\": header \"If-None-Match\" is set by syncd"),
            ("headers = { \"User-Agent\" = \"x\" }", "source \"news\": header \"User-Agent\" is set by syncd (use user_agent)"),
            ("headers = { \"X-Token\" = 5 }", "source \"news\": headers.X-Token must be a string, found integer"),
            (
                "headers = \"X-Token: 1\"",
                "source \"news\": headers must be a table of header names to values, e.g. { \"Accept-Language\" = \"ar\" }, found string"
            ),
            ("charset = \"\"", "source \"news\": charset \"\" is not a charset name (e.g. \"windows-1256\")"),
            ("tags = \"news\"", "source \"news\": tags must be an array of strings, e.g. [\"news\", \"ar\"], found string"),
            ("tags = [\"news\", 5]", "source \"news\": each tag must be a string, found integer"),
            ("tags = [\" \"]", "source \"news\": a tag must not be empty"),
            ("tags = [\"a\\u0007b\"]", "source \"news\": tag \"a\\u0007b\" contains a control character"),
            ("tags = [\"ar\", \"ar\"]", "source \"news\": tag \"ar\" is listed twice"),
            ("full_text = \"sometimes\"", "source \"news\": full_text: \"sometimes\" is not one of \"never\", \"auto\", \"always\""),
            ("full_text = true", "source \"news\": full_text must be a string, found boolean"),
            (
                "max_size = \"huge\"",
                "source \"news\": max_size: invalid size \"huge\" (write a whole number with a unit: B, KB, KiB, MB, MiB, GB, GiB, e.g. \"10MiB\")"
            ),
        ] as [(String, String)])
    func invalidFeedKeys(line: String, message: String) {
        var text = "[[source]]\nname = \"news\"\ntype = \"feed\"\n"
        if !line.hasPrefix("url") { text += "url = \"https://example.org/feed.xml\"\n" }
        text += line
        let lineNumber = line.hasPrefix("url") ? 4 : 5
        #expect(error(text, withSource: false) == "\(file):\(lineNumber): \(message)")
    }

    @Test func daemonTableIsChecked() {
        #expect(
            error("[daemon]\nlisten = \"localhost\"") == "\(file):2: daemon.listen must be HOST:PORT, e.g. \"127.0.0.1:8089\", found \"localhost\"")
        #expect(
            error("[daemon]\nlisten = \"127.0.0.1:99999\"")
                == "\(file):2: daemon.listen must be HOST:PORT, e.g. \"127.0.0.1:8089\", found \"127.0.0.1:99999\"")
        #expect(error("[daemon]\nrescan_interval = \"0s\"") == "\(file):2: daemon.rescan_interval must be greater than 0")
        #expect(
            error("[daemon]\nsocket = \"s.sock\"\nlisten = \"127.0.0.1:8089\"")
                == "\(file):3: daemon.listen needs daemon.token_file: the TCP listener requires a bearer token")
        #expect(error("[daemon]\nmax_connections = 0") == "\(file):2: daemon.max_connections must be between 1 and 100000, found 0")
        #expect(error("[daemon]\nidle_timeout = \"0s\"") == "\(file):2: daemon.idle_timeout must be greater than 0")
        #expect(
            error("[daemon]\nport = 1")
                == "\(file):2: unknown key \"port\" in [daemon] "
                + "(allowed: rescan_interval, socket, socket_group, listen, token_file, max_connections, idle_timeout, node)"
        )
    }

    @Test func feedsTableIsChecked() {
        #expect(error("[feeds]\nper_host = 0") == "\(file):2: feeds.per_host must be between 1 and 16, found 0")
        #expect(error("[feeds]\nfull_text = \"yes\"") == "\(file):2: feeds.full_text: \"yes\" is not one of \"never\", \"auto\", \"always\"")
        #expect(
            error("[feeds]\nmin_interval = \"2h\"\nmax_interval = \"1h\"")
                == "\(file):2: feeds.min_interval (7200 s) is longer than feeds.max_interval (3600 s)")
        #expect(
            error("[feeds]\nretries = 3")
                == "\(file):2: unknown key \"retries\" in [feeds]"
                + " (allowed: interval, min_interval, max_interval, user_agent, connect_timeout, timeout, max_size, per_host, concurrency, full_text)"
        )
    }

    @Test func unknownSourceType() {
        let text = "[[source]]\nname = \"news\"\ntype = \"ftp\"\npath = \"seeds\""
        #expect(error(text, withSource: false) == "\(file):3: source \"news\": unknown type \"ftp\" (expected \"folder\" or \"feed\")")
    }

    @Test func sourceFolderMayBeMissingButNotAFile() throws {
        // A missing folder is the scan's business (recorded against the source), not the config's.
        let missing = "[[source]]\nname = \"a\"\ntype = \"folder\"\npath = \"nowhere/../missing\""
        let config = try SyncdConfig.parse(missing, path: file)
        #expect(config.sources.first?.location == "\(dir.path)/missing")
        let plainFile = "[[source]]\nname = \"a\"\ntype = \"folder\"\npath = \"plain.txt\""
        #expect(configError(plainFile, in: dir) == "\(file):4: source \"a\": \"\(dir.path)/plain.txt\" is not a directory")
    }

    @Test(arguments: ["a b", "seeds:news", "", "ünïcode", String(repeating: "x", count: 65)])
    func invalidSourceNames(name: String) {
        let text = "[[source]]\nname = \"\(name)\"\ntype = \"folder\"\npath = \"seeds\""
        #expect(
            error(text, withSource: false) == "\(file):2: source #1: invalid name \"\(name)\": use 1-64 characters of A-Z, a-z, 0-9, '.', '_' and '-'"
        )
    }

    @Test func longestValidName() {
        let name = String(repeating: "x", count: 64)
        #expect(error("[[source]]\nname = \"\(name)\"\ntype = \"folder\"\npath = \"seeds\"", withSource: false) == nil)
    }

    @Test func atLeastOneSource() {
        #expect(error("", withSource: false) == "\(file):1: no sources: add at least one [[source]] table")
        #expect(error("\nsource = []\n[store]", withSource: false) == "\(file):2: no sources: add at least one [[source]] table")
        #expect(error("source = [1]", withSource: false) == "\(file):1: each source must be a table, found integer")
        #expect(error("source = \"seeds\"", withSource: false) == "\(file):1: source must be an array of tables ([[source]]), found string")
    }

    @Test func tomlSyntaxErrorsCarryAColumn() {
        #expect(error("[store]\npath = \"x.db\" junk") == "\(file):2:15: expected the end of the line, found 'j'")
        #expect(error("[store]\npath = \"x.db", withSource: false) == "\(file):2:8: unterminated string")
        #expect(error("[store]\npath = \"x.db") == "\(file):2:13: newline in basic string (use \"\"\" for a multi-line string)")
    }

    @Test func tomlSemanticErrorsCarryALine() {
        #expect(error("[store]\npath = \"a\"\npath = \"b\"") == "\(file):3: duplicate key \"path\" (first defined at line 2)")
        #expect(error("[store]\n[dedup]\n[store]") == "\(file):3: cannot define [store]: \"store\" is already a table (line 1)")
    }

    @Test func linesCountWithCRLF() {
        #expect(error("[store]\r\n\r\nfoo = 1\r\n") == "\(file):3: unknown key \"foo\" in [store] (allowed: path, url, password_file)")
    }

    @Test func missingConfigFile() {
        let missing = dir.path + "/absent.toml"
        #expect(throws: SyncError.self) { try SyncdConfig.load(path: missing) }
        do {
            _ = try SyncdConfig.load(path: missing)
        } catch {
            #expect(error.code == .invalidConfig)
            #expect(error.location == missing)
            #expect(String(describing: error) == "\(missing): cannot read config file: no such file")
        }
        do {
            _ = try SyncdConfig.load(path: dir.path + "/seeds")
        } catch {
            #expect(String(describing: error) == "\(dir.path)/seeds: cannot read config file: it is a directory")
        }
    }

    @Test func configFileMustBeUTF8() throws {
        let path = dir.path + "/latin1.toml"
        _ = FileManager.default.createFile(atPath: path, contents: Data([0x61, 0x20, 0x3D, 0x20, 0x22, 0xE9, 0x22]))
        do {
            _ = try SyncdConfig.load(path: path)
            Issue.record("expected an error")
        } catch {
            #expect(String(describing: error) == "\(path): config file is not valid UTF-8")
        }
    }

    @Test func loadReportsTheFileInLocations() throws {
        let path = try dir.write("syncd.toml", "[store]\npath = 1\n")
        do {
            _ = try SyncdConfig.load(path: path)
            Issue.record("expected an error")
        } catch {
            #expect(error.location == "\(path):2")
            #expect(String(describing: error) == "\(path):2: store.path must be a string, found integer")
        }
    }
}
