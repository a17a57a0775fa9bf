import Foundation
import SyncModel

extension PostgresStore {
    /// Applies the schema steps this database lacks (a writable store), or checks that none is
    /// missing (a reader). Nodes starting together take turns on one advisory lock, so each step
    /// runs once. A database a newer syncd migrated is refused before anything is written.
    func prepareSchema(_ session: PGSession, migrate: Bool) throws {
        if migrate {
            try session.query("SELECT pg_advisory_lock(\(PostgresStore.lockClass), 0)")
        }
        defer {
            if migrate { _ = try? session.query("SELECT pg_advisory_unlock(\(PostgresStore.lockClass), 0)") }
        }
        let exists = try session.first("SELECT to_regclass('schema_migration') IS NOT NULL", [], { try $0.bool(0) }) ?? false
        var applied: [String] = []
        if exists {
            applied = try session.all("SELECT id FROM schema_migration ORDER BY applied_at", [], { try $0.text(0) })
        }
        let known = PostgresStore.migrations.map(\.id)
        let unknown = applied.filter { !known.contains($0) }
        guard unknown.isEmpty else {
            throw SyncError(
                .store,
                "the store was migrated by a newer syncd (schema steps \(unknown.joined(separator: ", ")) are unknown to \(SyncdVersion.current)); "
                    + "syncd writes nothing to it. Run the newer syncd",
                location: location)
        }
        let missing = PostgresStore.migrations.filter { !applied.contains($0.id) }
        guard migrate else {
            guard missing.isEmpty else {
                throw SyncError(
                    .store,
                    exists
                        ? "the store predates this version (schema steps \(missing.map(\.id).joined(separator: ", ")) not applied yet); "
                            + "restart syncd, or run `syncd --once`, to migrate it"
                        : "no store here yet (run syncd first)",
                    location: location)
            }
            return
        }
        if !exists {
            try session.script("CREATE TABLE schema_migration (id TEXT PRIMARY KEY, applied_at DOUBLE PRECISION NOT NULL)")
        }
        for step in missing {
            try session.transaction {
                try session.script(step.sql)
                try session.query("INSERT INTO schema_migration(id, applied_at) VALUES ($1, $2)", [step.id, Date().timeIntervalSince1970])
            }
        }
    }
}
