// Temporary stand-in until the Extract module lands; delete when it does.
import Foundation
public import SyncModel

public enum DocumentFormat: String, Sendable { case text, markdown, html }

public struct DocumentReader: Sendable {
    let maxFileSize: Int
    public init(maxFileSize: Int) { self.maxFileSize = maxFileSize }
    public static func format(forFileName name: String) -> DocumentFormat? {
        let lower = name.lowercased()
        if lower.hasSuffix(".txt") { return .text }
        if lower.hasSuffix(".md") { return .markdown }
        if lower.hasSuffix(".html") || lower.hasSuffix(".htm") { return .html }
        return nil
    }
    public func read(path: String) throws(SyncError) -> Article {
        guard let data = FileManager.default.contents(atPath: path) else { throw SyncError(.unreadable, "cannot read", location: path) }
        if data.isEmpty { throw SyncError(.empty, "empty file", location: path) }
        if data.count > maxFileSize { throw SyncError(.tooLarge, "too large", location: path) }
        if data.contains(0) { throw SyncError(.binary, "binary content", location: path) }
        guard let text = String(data: data, encoding: .utf8) else { throw SyncError(.undecodable, "not UTF-8", location: path) }
        var lines = text.split(separator: "\n", omittingEmptySubsequences: false).map { $0.trimmingCharacters(in: .whitespaces) }
        while let first = lines.first, first.isEmpty { lines.removeFirst() }
        guard let title = lines.first else { throw SyncError(.empty, "empty file", location: path) }
        let body = lines.dropFirst().joined(separator: "\n").trimmingCharacters(in: .whitespacesAndNewlines)
        return Article(title: title, text: body)
    }
}
