/// Unified diffs from the standard library's `CollectionDifference` (Myers' algorithm).
public enum LineDiff {
    public enum Line: Equatable, Sendable { case same(String), removed(String), added(String) }

    public static func lines(old: [String], new: [String]) -> [Line] {
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
    public static func unified(old: [String], new: [String], oldLabel: String, newLabel: String, context: Int) -> [String] {
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
            // An empty side names the line after which the change goes (0: before the first), as
            // diff -u does and patch expects.
            output.append("@@ -\(oldCount == 0 ? oldLine - 1 : oldLine),\(oldCount) +\(newCount == 0 ? newLine - 1 : newLine),\(newCount) @@")
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
