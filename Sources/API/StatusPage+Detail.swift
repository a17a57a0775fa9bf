import Foundation
import Storage
import SyncModel

extension StatusPage {
    /// Beyond this many words a side, the side-by-side view marks differing lines, not words.
    static let wordDiffLimit = 30_000

    /// `/clusters/ID[?a=DOC&b=DOC]`: the members, and two of them side by side (the canonical
    /// and the next member unless chosen) with the passages that differ marked.
    static func cluster(_ daemon: any DaemonControl, id: Int64, left: Int64?, right: Int64?) async throws -> String {
        let store = daemon.store
        let (cluster, pair) = try await APIServer.read { () throws(SyncError) in
            let cluster = try store.cluster(id)
            let members = cluster.members.map(\.doc)
            let a = left ?? cluster.members.first { $0.canonical }?.doc ?? members.first
            let b = right ?? members.first { $0 != a }
            guard let a, let b, members.contains(a), members.contains(b) else { return (cluster, nil as (DocumentView, DocumentView)?) }
            return (cluster, (try store.document(a), try store.document(b)))
        }
        if (left != nil || right != nil) && pair == nil { throw PageError.badRequest("a and b must be members of cluster \(id)") }
        let rows = cluster.members.map { member in
            let compare =
                pair.map { pair in
                    member.doc == pair.0.doc
                        ? "left" : member.doc == pair.1.doc ? "right" : "<a href=\"/clusters/\(id)?a=\(pair.0.doc)&amp;b=\(member.doc)\">compare</a>"
                } ?? ""
            return "<tr><td><a href=\"/documents/\(member.doc)\">\(member.doc)</a></td>"
                + "<td class=\"key\">\(HTML.escape(member.source + ":" + member.key))</td>"
                + "<td>\(member.canonical ? "<span class=\"badge ok\">canonical</span>" : String(format: "%.2f", member.similarity))</td>"
                + "<td dir=\"auto\">\(HTML.escape(member.title))</td><td>\(compare)</td></tr>"
        }
        var body = "<h1>Cluster \(id)</h1><p class=\"muted\">\(cluster.members.count) members</p>"
        body += HTML.table(["doc", "document", "similarity", "title", "side by side"], rows, empty: "This cluster has no live members.")
        if let (a, b) = pair {
            let (leftHTML, rightHTML) = sideBySide(a.text, b.text)
            body += "<h2>Side by side</h2><p class=\"muted\">Marked: what one has and the other does not.</p><div class=\"pair\">"
            for (document, text) in [(a, leftHTML), (b, rightHTML)] {
                body += "<section><h3><a href=\"/documents/\(document.doc)\">\(HTML.escape(document.source + ":" + document.key))</a></h3>"
                body += "<p dir=\"auto\"><b>\(HTML.escape(document.title))</b></p><div class=\"article\" dir=\"auto\">\(text)</div></section>"
            }
            body += "</div>"
        }
        return HTML.page(title: "cluster \(id)", body: body)
    }

    /// Both texts as HTML, the words only the left has in `<del>`, those only the right has in
    /// `<ins>`; paragraph breaks kept.
    static func sideBySide(_ left: String, _ right: String) -> (String, String) {
        func tokens(_ text: String) -> [String] {
            text.split(separator: "\n", omittingEmptySubsequences: false).enumerated().flatMap { index, line in
                (index == 0 ? [] : ["\n"]) + line.split(separator: " ").map(String.init)
            }
        }
        var a = tokens(left), b = tokens(right)
        if a.count > wordDiffLimit || b.count > wordDiffLimit {
            a = left.components(separatedBy: "\n")
            b = right.components(separatedBy: "\n")
        }
        var leftParts: [(String, Bool)] = [], rightParts: [(String, Bool)] = []
        for line in LineDiff.lines(old: a, new: b) {
            switch line {
            case .same(let token): leftParts.append((token, false)); rightParts.append((token, false))
            case .removed(let token): leftParts.append((token, true))
            case .added(let token): rightParts.append((token, true))
            }
        }
        return (render(leftParts, tag: "del"), render(rightParts, tag: "ins"))
    }

    /// Tokens joined by spaces (none around a line break), runs of marked ones in one `tag`.
    private static func render(_ parts: [(String, Bool)], tag: String) -> String {
        var out = ""
        var open = false
        var previous: String?
        for (token, marked) in parts {
            if marked != open {
                out += marked ? "<\(tag)>" : "</\(tag)>"
                open = marked
            }
            if let previous, previous != "\n", token != "\n" { out += " " }
            out += token == "\n" ? "\n" : HTML.escape(token)
            previous = token
        }
        if open { out += "</\(tag)>" }
        return out
    }

    /// `/documents/ID|SOURCE:KEY[?from=N&to=M]`: the document at a version, its versions, and the
    /// diff between two of them (the last two unless chosen).
    static func document(_ daemon: any DaemonControl, reference: String, from: Int?, to: Int?) async throws -> String {
        guard !reference.isEmpty else { throw PageError.badRequest("expected /documents/ID or SOURCE:KEY") }
        let store = daemon.store
        let (shown, versions, older) = try await APIServer.read { () throws(SyncError) in
            let id = try store.resolve(reference)
            let latest = try store.document(id, version: nil)
            let target = to ?? latest.latestVersion
            let shown = target == latest.version ? latest : try store.document(id, version: target)
            let base = from ?? (target > 1 ? target - 1 : nil)
            return (shown, try store.versions(id), try base.map { version throws(SyncError) in try store.document(id, version: version) })
        }
        var body = "<h1 dir=\"auto\">\(HTML.escape(shown.title.isEmpty ? "(no title)" : shown.title))</h1>"
        body += "<p class=\"muted\"><span class=\"key\">\(HTML.escape(shown.source + ":" + shown.key))</span> · document \(shown.doc) · version "
        body += "\(shown.version) of \(shown.latestVersion)"
        if shown.deleted { body += " · <span class=\"badge bad\">deleted</span>" }
        if let cluster = shown.cluster {
            body += " · <a href=\"/clusters/\(cluster)\">cluster \(cluster)</a>\(shown.canonical ? " (canonical)" : "")"
        }
        body += "</p>"
        let rows = versions.map { version in
            let diff = version.version > 1 ? "<a href=\"?from=\(version.version - 1)&amp;to=\(version.version)\">diff</a>" : ""
            return "<tr><td><a href=\"?to=\(version.version)\">\(version.version)</a></td><td>\(HTML.time(version.createdAt))</td>"
                + "<td>\(version.bytes)</td><td>\(version.tokens)</td><td dir=\"auto\">\(HTML.escape(version.title))</td><td>\(diff)</td></tr>"
        }
        body += "<h2>Versions</h2>" + HTML.table(["version", "stored", "bytes", "tokens", "title", ""], rows, empty: "")
        if let older {
            let hunks = LineDiff.hunks(
                old: (older.title + "\n\n" + older.text).components(separatedBy: "\n"),
                new: (shown.title + "\n\n" + shown.text).components(separatedBy: "\n"), context: 2)
            body += "<h2>Changes from version \(older.version) to \(shown.version)</h2>"
            body +=
                hunks.isEmpty
                ? "<p class=\"muted\">The texts are the same.</p>"
                : "<div class=\"scroll\"><pre class=\"diff\" dir=\"auto\">\(diffHTML(hunks))</pre></div>"
        }
        body +=
            "<h2>Text of version \(shown.version)</h2><section class=\"scroll\"><div class=\"article\" dir=\"auto\" style=\"padding:.5rem .8rem\">"
        body += HTML.escape(shown.text) + "</div></section>"
        return HTML.page(title: shown.source + ":" + shown.key, body: body)
    }

    static func diffHTML(_ hunks: [LineDiff.Hunk]) -> String {
        hunks.map { hunk in
            "<span class=\"hunk\">@@ -\(hunk.oldStart),\(hunk.oldLines) +\(hunk.newStart),\(hunk.newLines) @@</span>"
                + hunk.lines.map { line -> String in
                    switch line {
                    case .same(let text): return "<span> \(HTML.escape(text))</span>\n"
                    case .removed(let text): return "<span class=\"removed\">-\(HTML.escape(text))</span>"
                    case .added(let text): return "<span class=\"added\">+\(HTML.escape(text))</span>"
                    }
                }.joined()
        }.joined()
    }
}
