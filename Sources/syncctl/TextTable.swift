import Foundation
import SyncModel

/// A plain-text table with left-aligned columns, as the human outputs print.
struct TextTable {
    var headers: [String]
    var rows: [[String]] = []

    init(_ headers: String...) { self.headers = headers }

    mutating func add(_ cells: String...) { rows.append(cells) }

    func render() -> String {
        var widths = headers.map(\.count)
        for row in rows {
            for (i, cell) in row.enumerated() where i < widths.count { widths[i] = max(widths[i], cell.count) }
        }
        func line(_ cells: [String]) -> String {
            cells.enumerated().map { i, cell in
                i == cells.count - 1 ? cell : cell + String(repeating: " ", count: widths[i] - cell.count)
            }.joined(separator: "  ")
        }
        return ([line(headers)] + rows.map(line)).joined(separator: "\n")
    }
}

func formatTime(_ seconds: Double?) -> String {
    guard let seconds else { return "-" }
    return Timestamp.rfc3339(seconds)
}

/// `45s`, `12m`, `3h05m`, `2d04h`.
func formatDuration(_ seconds: Double) -> String {
    let total = Int(seconds.rounded())
    switch total {
    case ..<60: return "\(total)s"
    case ..<3600: return "\(total / 60)m"
    case ..<86400: return String(format: "%dh%02dm", total / 3600, total % 3600 / 60)
    default: return String(format: "%dd%02dh", total / 86400, total % 86400 / 3600)
    }
}
