import ArgumentParser
import Foundation
import Storage
import StoreBackends
import SyncModel

struct DiffCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "diff", abstract: "Line diff between two versions of a document (unified format, or hunks as JSON).")

    @OptionGroup var options: ConfigOptions
    @Argument(help: "Document id, or SOURCE:KEY.") var document: String
    @Argument(help: "Old version.") var from: Int
    @Argument(help: "New version.") var to: Int
    @Option(name: .long, help: "Lines of context around each change.") var context = 3
    @Flag(name: .long, help: "Print JSON: the document, both versions and the hunks.") var json = false

    func validate() throws {
        if from < 1 || to < 1 { throw ValidationError("versions start at 1") }
        if context < 0 { throw ValidationError("--context must be 0 or more") }
    }

    func run() throws {
        try reportingErrors {
            let store = try options.openStore()
            let doc = try store.resolve(document)
            let old = try store.document(doc, version: from)
            let new = try store.document(doc, version: to)
            let oldLines = (old.title + "\n\n" + old.text).components(separatedBy: "\n")
            let newLines = (new.title + "\n\n" + new.text).components(separatedBy: "\n")
            if json {
                return try printJSON(
                    DiffReport(
                        document: doc, source: new.source, key: new.key, from: from, to: to,
                        hunks: LineDiff.hunks(old: oldLines, new: newLines, context: context)))
            }
            let lines = LineDiff.unified(
                old: oldLines, new: newLines,
                oldLabel: "\(old.source):\(old.key) version \(from)",
                newLabel: "\(new.source):\(new.key) version \(to)", context: context)
            if !lines.isEmpty { print(lines.joined(separator: "\n")) }
        }
    }
}

/// `syncctl diff --json`.
struct DiffReport: Encodable {
    let document: Int64
    let source: String
    let key: String
    let from: Int
    let to: Int
    let hunks: [LineDiff.Hunk]
}
