import Fingerprint
import Foundation
import Folders
import GRDB
import PostgresStore
@testable import SQLiteStore
import Storage
import SyncModel
import TestSupport
import Testing

/// A fresh store file in its own temporary folder.
func makeTemporaryDirectory() throws -> String {
    let path = FileManager.default.temporaryDirectory.appendingPathComponent("syncd-test-\(UUID().uuidString)").path
    try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
    return path
}

/// The store backends every store test runs against: one case per `DocumentStore`
/// implementation (a shared-database backend adds its case here).
enum Backend: String, CaseIterable, CustomTestStringConvertible, Sendable {
    /// A SQLite file (WAL, a `DatabasePool`), as syncd runs it.
    case sqlite
    /// SQLite in memory, injected as a `DatabaseQueue` (GRDB's `AppDatabase` pattern).
    case sqliteInMemory
    /// A database of its own on the test process's PostgreSQL server (`PostgresServer`); the
    /// tests fail, saying why, when that server cannot be started.
    case postgres

    var testDescription: String { rawValue }

    /// The SQLite backends, for tests that edit a SQLite file behind the store's back.
    static let sqliteCases: [Backend] = [.sqlite, .sqliteInMemory]

    /// A new, empty place for a store, which can be opened (and reopened).
    func fresh() throws -> StorePlace {
        switch self {
        case .sqlite: StorePlace(backend: self, location: try makeTemporaryDirectory() + "/store.db", memory: nil)
        case .sqliteInMemory: StorePlace(backend: self, location: ":memory:", memory: try DatabaseQueue())
        case .postgres: StorePlace(backend: self, location: try PostgresServer.shared().createDatabase(), memory: nil)
        }
    }
}

/// Where one test's store lives; `open()` opens it (again) with sources `a` and `b`.
struct StorePlace {
    let backend: Backend
    let location: String
    /// The in-memory database, kept so that a reopen sees what was written.
    let memory: DatabaseQueue?

    func open(sources: [String] = ["a", "b"]) throws -> any DocumentStore {
        let store: any DocumentStore
        switch backend {
        case .sqlite: store = try SQLiteStore(path: location, parameters: .default)
        case .sqliteInMemory: store = try SQLiteStore(writer: memory!, path: location, parameters: .default)
        case .postgres: store = try PostgresStore(url: try PostgresURL(location), parameters: .default, node: "test")
        }
        try store.registerSources(sources.map { StoreSource(name: $0, kind: .folder, location: "/tmp/\($0)") })
        return store
    }
}

extension StorePlace {
    /// Runs SQL on the store's database behind the store's back (what an older or newer syncd
    /// would have left).
    func execute(_ sql: String) throws {
        switch backend {
        case .sqlite, .sqliteInMemory:
            let database: any DatabaseWriter = try memory ?? DatabaseQueue(path: location)
            try database.write { db in try db.execute(sql: sql) }
        case .postgres:
            try PostgresServer.shared().psql(sql, database: try PostgresURL(location).database)
        }
    }
}

let repositoryRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent().path

/// The seed articles: five different stories on one topic.
func seedText(_ index: Int) throws -> String {
    let folder = repositoryRoot + "/seeds"
    let names = try FileManager.default.contentsOfDirectory(atPath: folder).sorted()
    return try String(contentsOfFile: folder + "/" + names[index], encoding: .utf8)
}

/// `text` with every `step`-th word replaced: a light edit.
func lightlyEdited(_ text: String, every step: Int = 25) -> String {
    var words = text.split(separator: " ", omittingEmptySubsequences: false).map(String.init)
    for i in stride(from: step / 2, to: words.count, by: step) { words[i] = "تعديل\(i)" }
    return words.joined(separator: " ")
}

func incoming(_ source: String, _ key: String, _ text: String) -> IncomingDocument {
    let lines = text.split(separator: "\n", maxSplits: 1).map(String.init)
    let article = Article(title: lines.first ?? "", text: lines.count > 1 ? lines[1] : "")
    return IncomingDocument(
        source: source, key: key, article: article,
        fingerprint: Fingerprinter(parameters: .default).fingerprint(article), stamp: nil)
}

extension DocumentStore {
    func mergeOne(_ source: String, _ key: String, _ text: String) throws -> MergeResult {
        try merge([incoming(source, key, text)])[0]
    }

    func allChanges() throws -> [Change] { try changes(since: 0, limit: 100_000) }
}
