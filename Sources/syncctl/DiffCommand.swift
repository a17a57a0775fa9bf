import ArgumentParser
import Foundation
import Storage
import StoreBackends
import SyncModel

struct DiffCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "diff", abstract: "Line diff between two versions of a document (unified format).")

    @OptionGroup var options: ConfigOptions
    @Argument(help: "Document id, or SOURCE:KEY.") var document: String
    @Argument(help: "Old version.") var from: Int
    @Argument(help: "New version.") var to: Int
    @Option(name: .long, help: "Lines of context around each change.") var context = 3

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
            let lines = LineDiff.unified(old: (old.title + "\n\n" + old.text).components(separatedBy: "\n"),
                                         new: (new.title + "\n\n" + new.text).components(separatedBy: "\n"),
                                         oldLabel: "\(old.source):\(old.key) version \(from)",
                                         newLabel: "\(new.source):\(new.key) version \(to)", context: context)
            if !lines.isEmpty { print(lines.joined(separator: "\n")) }
        }
    }
}

/// Unified diffs from the standard library's `CollectionDifference` (Myers' algorithm).
enum LineDiff {
    enum Line: Equatable { case same(String), removed(String), added(String) }

    static func lines(old: [String], new: [String]) -> [Line] {
        let difference = new.difference(from: old)
        var removed = Set<Int>(), added = Set<Int>()
        for change in difference {
            switch change {
            case .remove(let offset, _, _): removed.insert(offset)
            case .insert(let offset, _, _): added.insert(offset)
            }
        }
        var out: [Line] = []
        var i = 0, j = 0
        while i < old.count || j < new.count {
            if i < old.count && removed.contains(i) {
                out.append(.removed(old[i])); i += 1
            } else if j < new.count && added.contains(j) {
                out.append(.added(new[j])); j += 1
            } else {
                if i < old.count { out.append(.same(old[i])) }
                i += 1; j += 1
            }
        }
        return out
    }

    /// Hunks with `context` unchanged lines around changes; empty when the texts are equal.
    static func unified(old: [String], new: [String], oldLabel: String, newLabel: String, context: Int) -> [String] {
        let all = lines(old: old, new: new)
        let changed = all.indices.filter { if case .same = all[$0] { return false } else { return true } }
        guard !changed.isEmpty else { return [] }
        var output = ["--- \(oldLabel)", "+++ \(newLabel)"]
        var hunkStart = max(0, changed[0] - context)
        var hunkEnd = min(all.count, changed[0] + context + 1)
        func flush() {
            var oldLine = 1, newLine = 1
            for line in all[..<hunkStart] {
                switch line {
                case .same: oldLine += 1; newLine += 1
                case .removed: oldLine += 1
                case .added: newLine += 1
                }
            }
            let body = all[hunkStart..<hunkEnd]
            let oldCount = body.filter { if case .added = $0 { return false } else { return true } }.count
            let newCount = body.filter { if case .removed = $0 { return false } else { return true } }.count
            output.append("@@ -\(oldLine),\(oldCount) +\(newLine),\(newCount) @@")
            for line in body {
                switch line {
                case .same(let text): output.append(" " + text)
                case .removed(let text): output.append("-" + text)
                case .added(let text): output.append("+" + text)
                }
            }
        }
        for index in changed.dropFirst() {
            if index - context <= hunkEnd {
                hunkEnd = min(all.count, index + context + 1)
            } else {
                flush()
                hunkStart = index - context
                hunkEnd = min(all.count, index + context + 1)
            }
        }
        flush()
        return output
    }
}
