import Foundation

/// Server-rendered HTML for the status page: escaping, a page skeleton with its stylesheet, and
/// the few formats it repeats. No assets, no build step, no JavaScript.
enum HTML {
    /// Text escaped for element content and quoted attribute values.
    static func escape(_ text: String) -> String {
        var out = ""
        out.reserveCapacity(text.utf8.count)
        for character in text {
            switch character {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"": out += "&quot;"
            case "'": out += "&#39;"
            default: out.append(character)
            }
        }
        return out
    }

    /// A path segment or query value escaped for a URL inside an attribute.
    static func urlComponent(_ text: String) -> String {
        var allowed = CharacterSet.urlPathAllowed
        allowed.remove(charactersIn: "?#&=+%")
        return escape(text.addingPercentEncoding(withAllowedCharacters: allowed) ?? text)
    }

    /// A whole page. `refresh` reloads it every so many seconds with a meta tag, which works with
    /// JavaScript off.
    static func page(title: String, refresh: Int? = nil, body: String) -> String {
        """
        <!doctype html>
        <html lang="en">
        <head>
        <meta charset="utf-8">
        <meta name="viewport" content="width=device-width, initial-scale=1">
        \(refresh.map { "<meta http-equiv=\"refresh\" content=\"\($0)\">" } ?? "")
        <title>\(escape(title)) · syncd</title>
        <style>\(stylesheet)</style>
        </head>
        <body>
        <header><a class="brand" href="/">syncd</a> <span class="muted">\(escape(title))</span></header>
        <main>
        \(body)
        </main>
        </body>
        </html>
        """
    }

    /// Phone widths first: tables scroll inside their box, the side-by-side view stacks, long
    /// keys and URLs wrap; article text takes its own direction (`dir="auto"`).
    static let stylesheet = """
        *{box-sizing:border-box}
        body{margin:0;font:15px/1.45 system-ui,-apple-system,"Segoe UI",Roboto,"Noto Sans","Noto Naskh Arabic",sans-serif;color:#1d2327;background:#f6f7f7}
        header{padding:.6rem 1rem;background:#1d2327;color:#fff}
        header a.brand{color:#fff;font-weight:700;text-decoration:none;margin-inline-end:.5rem}
        header .muted{color:#c3c4c7}
        main{max-width:72rem;margin:0 auto;padding:.5rem 1rem 2rem}
        h1{font-size:1.35rem;margin:1rem 0 .5rem}
        h2{font-size:1.1rem;margin:1.4rem 0 .5rem}
        a{color:#2271b1}
        .muted{color:#646970}
        .figures{display:flex;flex-wrap:wrap;gap:.5rem;margin:0;padding:0;list-style:none}
        .figures li{background:#fff;border:1px solid #dcdcde;border-radius:6px;padding:.4rem .7rem}
        .figures b{display:block;font-size:1.15rem}
        .scroll{overflow-x:auto;background:#fff;border:1px solid #dcdcde;border-radius:6px}
        table{border-collapse:collapse;width:100%}
        th,td{text-align:start;padding:.35rem .6rem;border-bottom:1px solid #f0f0f1;vertical-align:top}
        th{font-weight:600;background:#f6f7f7;white-space:nowrap}
        td.key,td.wrap{overflow-wrap:anywhere;min-width:8rem}
        .badge{display:inline-block;border-radius:999px;padding:0 .55rem;font-size:.85rem;font-weight:600}
        .ok{background:#d1f0d9;color:#0a5c27}.warn{background:#fcf0c3;color:#6e4a00}.bad{background:#fbd5d5;color:#8a1f1f}
        .pair{display:grid;grid-template-columns:1fr 1fr;gap:1rem}
        .pair section{background:#fff;border:1px solid #dcdcde;border-radius:6px;padding:.5rem .8rem;min-width:0}
        .article{white-space:pre-wrap;overflow-wrap:anywhere}
        del{background:#fbd5d5;text-decoration:none}
        ins{background:#d1f0d9;text-decoration:none}
        pre.diff{margin:0;padding:.5rem;white-space:pre-wrap;overflow-wrap:anywhere;font:13px/1.4 ui-monospace,monospace}
        pre.diff .removed{background:#fbd5d5;display:block}
        pre.diff .added{background:#d1f0d9;display:block}
        pre.diff .hunk{color:#646970;display:block}
        @media (max-width:700px){.pair{grid-template-columns:1fr}main{padding:.5rem .5rem 2rem}}
        """

    /// `2026-12-01 03:05:50 UTC`.
    static func time(_ seconds: Double?) -> String {
        guard let seconds else { return "—" }
        let date = Date(timeIntervalSince1970: seconds)
        return date.formatted(.iso8601.year().month().day().dateSeparator(.dash).time(includingFractionalSeconds: false).timeSeparator(.colon))
            .replacingOccurrences(of: "T", with: " ") + " UTC"
    }

    /// `3 min ago`, `in 12 s`.
    static func relative(_ seconds: Double?, now: Double) -> String {
        guard let seconds else { return "—" }
        let delta = seconds - now
        let text = duration(abs(delta))
        return delta > 0 ? "in \(text)" : "\(text) ago"
    }

    static func duration(_ seconds: Double) -> String {
        switch seconds {
        case ..<60: return "\(Int(seconds)) s"
        case ..<3600: return "\(Int(seconds / 60)) min"
        case ..<86400: return "\(Int(seconds / 3600)) h \(Int(seconds.truncatingRemainder(dividingBy: 3600) / 60)) min"
        default: return "\(Int(seconds / 86400)) d"
        }
    }

    static func bytes(_ count: Int64) -> String {
        ByteCountFormatter.string(fromByteCount: count, countStyle: .binary)
    }

    /// A table inside a box that scrolls sideways on a narrow screen.
    static func table(_ headers: [String], _ rows: [String], empty: String) -> String {
        guard !rows.isEmpty else { return "<p class=\"muted\">\(escape(empty))</p>" }
        return "<div class=\"scroll\"><table><thead><tr>" + headers.map { "<th>\(escape($0))</th>" }.joined()
            + "</tr></thead><tbody>" + rows.joined() + "</tbody></table></div>"
    }
}
