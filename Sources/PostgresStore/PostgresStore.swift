import Dedup
import Fingerprint
import Foundation
public import Storage
public import SyncModel
import Synchronization

/// The versioned document store on PostgreSQL, shared by several syncd nodes.
///
/// The same tables and the same merge rules as the SQLite store (clusters, canonical stability,
/// splits, summaries), with what several writers on one database need: the near-duplicate
/// index is a table of band keys (`PostgresStore+Index.swift`), inserts that could match each
/// other are serialized by advisory locks on their band keys, and change-log `seq`s are given at
/// commit under one row's lock, so they increase in commit order (`PostgresStore+Changes.swift`).
///
/// The protocol is synchronous and PostgresNIO is asynchronous: every statement runs on a
/// connection's event loop while the calling thread (a store thread: the writer's queue, a
/// blocking-work thread, a test) waits for it (`PGSession`).
public final class PostgresStore: DocumentStore, @unchecked Sendable {
    public let url: PostgresURL
    public let parameters: DedupParameters
    /// This node's name: in the change log (`node`) and in the node table.
    public let node: String
    public let commits = CommitSignal()
    public var location: String { url.description }
    let password: String?
    let fingerprinter: Fingerprinter
    let banding: LSHBanding
    let state: Mutex<State>
    private let idle = Mutex<[PGSession]>([])
    private let nextID = Atomic<Int>(0)
    let listener = Mutex<PGSession?>(nil)

    struct State {
        var sourceIDs: [String: Int64] = [:]
        /// Shingle profiles by content hash: equal hashes mean equal normalized texts, so an
        /// entry stays true whichever node changes which document.
        var profiles = ProfileCache(capacity: 8192)
    }

    /// Opens the store in the database `url` names, creating and migrating its schema unless
    /// `readOnly`.
    /// - Parameters:
    ///   - password: used when the URL has none (`PGPASSWORD`, a password file).
    ///   - node: this node's name (`[daemon] node`).
    ///   - readOnly: for syncctl: migrates nothing and refuses a schema older than this version's.
    /// - Throws: `SyncError(.store)` naming the database (never the password).
    public init(url: PostgresURL, password: String? = nil, parameters: DedupParameters, node: String, readOnly: Bool = false) throws(SyncError) {
        self.url = url
        self.password = password
        self.parameters = parameters
        self.node = node
        fingerprinter = Fingerprinter(parameters: parameters)
        banding = LSHBanding.derive(threshold: parameters.threshold, permutations: parameters.permutations, bands: parameters.bands)
        state = Mutex(State())
        try withSession { session in
            try self.prepareSchema(session, migrate: !readOnly)
        }
        if !readOnly {
            try refreshFingerprintsIfParametersChanged()
            try listen()
        }
    }

    deinit {
        listener.withLock { $0?.close() }
        idle.withLock { sessions in
            for session in sessions { session.close() }
        }
    }

    /// Runs `body` on an idle connection (a new one when none is idle), mapping errors.
    func withSession<T>(_ what: String = "store read failed", _ body: (PGSession) throws -> T) throws(SyncError) -> T {
        let session: PGSession
        if let reused = idle.withLock({ $0.popLast() }) {
            session = reused
        } else {
            session = try PGSession.connect(url, password: password, id: nextID.add(1, ordering: .relaxed).newValue)
        }
        do {
            let result = try body(session)
            give(back: session)
            return result
        } catch {
            give(back: session)
            throw PGSession.error(error, what, location: location)
        }
    }

    private func give(back session: PGSession) {
        guard !session.isClosed else { return }
        idle.withLock { sessions in
            if sessions.count < 8 { sessions.append(session) } else { session.close() }
        }
    }

    /// Runs one write transaction: `body` appends its changes to the buffer, which gets its
    /// `seq`s at the end, under the head row's lock (`flush`). A transaction that lost a
    /// deadlock or a serialization conflict to another node runs again.
    @discardableResult
    func write<T>(_ what: String, _ body: (PGSession, inout ChangeBuffer) throws -> T) throws(SyncError) -> T {
        let (result, head): (T, Int64?) = try withSession(what) { session in
            var attempt = 0
            while true {
                attempt += 1
                do {
                    return try session.transaction { () throws -> (T, Int64?) in
                        var changes = ChangeBuffer(node: node)
                        let result = try body(session, &changes)
                        return (result, try flush(session, changes))
                    }
                } catch  where PGSession.isRetryable(error) && attempt < 8 {
                    continue
                }
            }
        }
        if let head { commits.notify(head: head) }
        return result
    }

    /// Signatures are stored as little-endian UInt32s, as in the SQLite store.
    static func encodeSignature(_ signature: [UInt32]) -> [UInt8] {
        var bytes: [UInt8] = []
        bytes.reserveCapacity(signature.count * 4)
        for value in signature {
            withUnsafeBytes(of: value.littleEndian) { bytes.append(contentsOf: $0) }
        }
        return bytes
    }

    static func decodeSignature(_ bytes: [UInt8]) -> [UInt32] {
        bytes.withUnsafeBytes { raw in
            (0..<(raw.count / 4)).map { UInt32(littleEndian: raw.loadUnaligned(fromByteOffset: $0 * 4, as: UInt32.self)) }
        }
    }

    /// The current stored text of a document (title, blank line, body).
    func currentText(_ session: PGSession, doc: Int64) throws -> String {
        session.flushDeferred()
        guard
            let blob = try session.first(
                """
                SELECT b.data, b.size FROM document d
                JOIN version v ON v.doc_id = d.id AND v.version = d.version
                JOIN blob b ON b.hash = v.blob_hash WHERE d.id = $1
                """, [doc], { (data: try $0.bytes(0), size: try $0.int(1)) })
        else {
            throw SyncError(.store, "document \(doc) has no stored version")
        }
        return String(decoding: try BlobCodec.decompress(blob.data, size: blob.size), as: UTF8.self)
    }

    /// Recomputes stored signatures and band keys when the fingerprint-shaping parameters changed.
    private func refreshFingerprintsIfParametersChanged() throws(SyncError) {
        let wanted =
            "k=\(parameters.shingleSize);perm=\(parameters.permutations);seed=\(parameters.seed);fingerprint=3;bands=\(banding.bands)x\(banding.rows)"
        try write("cannot refresh fingerprints") { session, _ in
            _ = try session.query("SELECT pg_advisory_xact_lock(\(PostgresStore.lockClass), 0)")
            let stored = try session.first("SELECT value FROM meta WHERE key = 'fingerprint'") { try $0.text(0) }
            if stored == wanted { return }
            if stored != nil {
                for doc in try session.all("SELECT doc_id FROM fingerprint ORDER BY doc_id", [], { try $0.int64(0) }) {
                    let fingerprint = fingerprinter.fingerprint(text: try currentText(session, doc: doc))
                    try session.query(
                        "UPDATE fingerprint SET content_hash = $2, signature = $3, lead_signature = $4 WHERE doc_id = $1",
                        [
                            doc, fingerprint.contentHash, PostgresStore.encodeSignature(fingerprint.signature),
                            fingerprint.leadSignature.map(PostgresStore.encodeSignature),
                        ])
                    try indexBands(session, doc: doc, fingerprint: fingerprint)
                }
            }
            try session.query(
                "INSERT INTO meta(key, value) VALUES ('fingerprint', $1) ON CONFLICT (key) DO UPDATE SET value = excluded.value", [wanted])
        }
    }

    /// The first number of syncd's two-number advisory locks (schema steps, band-key slots).
    static let lockClass: Int32 = 0x5359
}
