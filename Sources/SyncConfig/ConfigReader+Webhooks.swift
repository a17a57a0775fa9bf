import Foundation
import SyncModel

/// `[[webhook]]` tables.
extension ConfigReader {
    static let webhookKeys = ["name", "url", "source", "op", "secret", "batch", "timeout"]

    func readWebhooks(_ value: TOMLValue) throws(SyncError) -> [WebhookSettings] {
        if value.kind == .table {
            throw error("[webhook] must be an array of tables: write [[webhook]] (double brackets) for each webhook", line: value.line)
        }
        guard let elements = value.array else { throw mismatch("webhook", "an array of tables ([[webhook]])", value) }
        var webhooks: [WebhookSettings] = []
        var nameLines: [String: Int] = [:]
        for (offset, element) in elements.enumerated() {
            guard let table = element.table else { throw mismatch("each webhook", "a table", element) }
            let (webhook, nameLine) = try readWebhook(table, number: offset + 1, line: element.line)
            if let first = nameLines[webhook.name] {
                throw error("duplicate webhook name \"\(webhook.name)\" (first defined at line \(first))", line: nameLine)
            }
            nameLines[webhook.name] = nameLine
            webhooks.append(webhook)
        }
        return webhooks
    }

    private func readWebhook(_ table: TOMLTable, number: Int, line: Int) throws(SyncError) -> (WebhookSettings, nameLine: Int) {
        let label = table["name"]?.string.flatMap { Names.isValid($0) ? "\"\($0)\"" : nil } ?? "#\(number)"
        let prefix = "webhook \(label)"
        try checkKeys(table, allowed: Self.webhookKeys, in: "webhook", describedAs: "[[webhook]] \(label)")
        guard let (name, nameLine) = try string("name", in: table, as: "\(prefix): name") else {
            throw error("\(prefix): missing required key \"name\"", line: line)
        }
        guard Names.isValid(name), name.utf8.count <= WebhookSettings.maxNameLength else {
            throw error(
                "\(prefix): invalid name \"\(name)\": use 1-\(WebhookSettings.maxNameLength) characters of A-Z, a-z, 0-9, '.', '_' and '-'",
                line: nameLine)
        }
        guard let (url, urlLine) = try string("url", in: table, as: "\(prefix): url") else {
            throw error("\(prefix): missing required key \"url\"", line: line)
        }
        if let problem = FeedSettings.urlProblem(url) { throw error("\(prefix): url \(problem)", line: urlLine) }
        var webhook = WebhookSettings(name: name, url: url, line: line)
        for name in try strings("source", in: table, as: "\(prefix): source") {
            guard Names.isValid(name.value) else {
                throw error("\(prefix): source \"\(name.value)\" is not a source name (A-Z, a-z, 0-9, '.', '_' and '-')", line: name.line)
            }
            webhook.filter.sources.insert(name.value)
        }
        for text in try strings("op", in: table, as: "\(prefix): op") {
            for part in text.value.split(separator: ",") {
                guard let op = ChangeOp(rawValue: part.trimmingCharacters(in: .whitespaces)) else {
                    throw error("\(prefix): op \"\(part)\" is not one of create, update, delete, cluster", line: text.line)
                }
                webhook.filter.ops.insert(op)
            }
        }
        if let (secret, secretLine) = try string("secret", in: table, as: "\(prefix): secret") {
            guard !secret.isEmpty else { throw error("\(prefix): secret must not be empty (leave it out for unsigned POSTs)", line: secretLine) }
            webhook.secret = secret
        }
        if let (batch, _) = try integer("batch", in: table, as: "\(prefix): batch", range: 1...1000) { webhook.batch = batch }
        if let timeout = try duration("timeout", in: table, as: "\(prefix): timeout") { webhook.timeout = timeout }
        return (webhook, nameLine)
    }

    /// A string, or an array of strings, with the line of each.
    private func strings(_ key: String, in table: TOMLTable, as name: String) throws(SyncError) -> [(value: String, line: Int)] {
        guard let value = table[key] else { return [] }
        if let text = value.string { return [(text, value.line)] }
        guard let elements = value.array else { throw mismatch(name, "a string or an array of strings", value) }
        var values: [(value: String, line: Int)] = []
        for element in elements {
            guard let text = element.string else { throw mismatch("each of \(name)", "a string", element) }
            values.append((text, element.line))
        }
        return values
    }
}
