/// Line diffs from the standard library's `CollectionDifference` (Myers' algorithm): hunks as
/// data (`syncctl diff --json`, the API) and as a unified diff that `patch` applies.
public enum LineDiff {
    public enum Line: Equatable, Sendable { case same(String), removed(String), added(String) }

    /// One hunk: where it starts on each side (1-based; an empty side names the line after which
    /// the change goes, 0 before the first, as `diff -u` does) and its lines.
    public struct Hunk: Equatable, Sendable, Encodable {
        public var oldStart: Int
        public var oldLines: Int
        public var newStart: Int
        public var newLines: Int
        public var lines: [Line]

        enum CodingKeys: String, CodingKey { case oldStart, oldLines, newStart, newLines, lines }

        public func encode(to encoder: any Encoder) throws {
            var container = encoder.container(keyedBy: CodingKeys.self)
            try container.encode(oldStart, forKey: .oldStart)
            try container.encode(oldLines, forKey: .oldLines)
            try container.encode(newStart, forKey: .newStart)
            try container.encode(newLines, forKey: .newLines)
            try container.encode(lines.map(EncodedLine.init), forKey: .lines)
        }
    }

    /// A line as JSON: `{"op": "same" | "removed" | "added", "text": ...}`.
    private struct EncodedLine: Encodable {
        let op: String
        let text: String

        init(_ line: Line) {
            switch line {
            case .same(let text): (op, self.text) = ("same", text)
            case .removed(let text): (op, self.text) = ("removed", text)
            case .added(let text): (op, self.text) = ("added", text)
            }
        }
    }

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

    /// The changes with `context` unchanged lines around them; empty when the texts are equal.
    public static func hunks(old: [String], new: [String], context: Int) -> [Hunk] {
        let all = lines(old: old, new: new)
        let changed = all.indices.filter { if case .same = all[$0] { return false } else { return true } }
        guard let first = changed.first else { return [] }
        var ranges: [Range<Int>] = []
        var start = max(0, first - context)
        var end = min(all.count, first + context + 1)
        for index in changed.dropFirst() {
            if index - context <= end {
                end = min(all.count, index + context + 1)
            } else {
                ranges.append(start..<end)
                start = index - context
                end = min(all.count, index + context + 1)
            }
        }
        ranges.append(start..<end)
        var hunks: [Hunk] = []
        var oldLine = 1, newLine = 1, position = 0
        for range in ranges {
            for line in all[position..<range.lowerBound] { advance(line, &oldLine, &newLine) }
            let body = Array(all[range])
            let oldCount = body.filter { if case .added = $0 { return false } else { return true } }.count
            let newCount = body.filter { if case .removed = $0 { return false } else { return true } }.count
            hunks.append(
                Hunk(
                    oldStart: oldCount == 0 ? oldLine - 1 : oldLine, oldLines: oldCount,
                    newStart: newCount == 0 ? newLine - 1 : newLine, newLines: newCount, lines: body))
            for line in body { advance(line, &oldLine, &newLine) }
            position = range.upperBound
        }
        return hunks
    }

    private static func advance(_ line: Line, _ oldLine: inout Int, _ newLine: inout Int) {
        switch line {
        case .same: oldLine += 1; newLine += 1
        case .removed: oldLine += 1
        case .added: newLine += 1
        }
    }

    /// The hunks as a unified diff; empty when the texts are equal.
    public static func unified(old: [String], new: [String], oldLabel: String, newLabel: String, context: Int) -> [String] {
        let hunks = hunks(old: old, new: new, context: context)
        guard !hunks.isEmpty else { return [] }
        var output = ["--- \(oldLabel)", "+++ \(newLabel)"]
        for hunk in hunks {
            output.append("@@ -\(hunk.oldStart),\(hunk.oldLines) +\(hunk.newStart),\(hunk.newLines) @@")
            for line in hunk.lines {
                switch line {
                case .same(let text): output.append(" " + text)
                case .removed(let text): output.append("-" + text)
                case .added(let text): output.append("+" + text)
                }
            }
        }
        return output
    }
}
