internal import GRDB
import Storage

/// A row of `source_problem`: a file or entry of a source's latest scan or fetch that could not
/// be ingested, with the reason.
struct SourceProblemRecord: Equatable {
    var sourceID: Int64
    var key: String
    var code: String
    var message: String
    var at: Double
}

extension SourceProblemRecord: FetchableRecord, PersistableRecord {
    static let databaseTableName = "source_problem"

    enum Columns: String, ColumnExpression, CaseIterable {
        case sourceID = "source_id"
        case key, code, message, at
    }

    init(row: Row) {
        sourceID = row[Columns.sourceID]
        key = row[Columns.key]
        code = row[Columns.code]
        message = row[Columns.message]
        at = row[Columns.at]
    }

    func encode(to container: inout PersistenceContainer) {
        container[Columns.sourceID] = sourceID
        container[Columns.key] = key
        container[Columns.code] = code
        container[Columns.message] = message
        container[Columns.at] = at
    }
}

extension SourceProblemRecord {
    init(sourceID: Int64, problem: SourceProblem) {
        self.init(sourceID: sourceID, key: problem.key, code: problem.code, message: problem.message, at: problem.at)
    }

    var problem: SourceProblem {
        SourceProblem(key: key, code: code, message: message, at: at)
    }

    /// Replaces the problems kept against a source with `problems`.
    static func replace(_ db: Database, source: Int64, with problems: [SourceProblem]) throws {
        try db.run("DELETE FROM source_problem WHERE source_id = ?", [source])
        for problem in problems {
            try SourceProblemRecord(sourceID: source, problem: problem).insert(db, onConflict: .replace)
        }
    }
}
