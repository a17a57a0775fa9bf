import ArgumentParser
import Extract
import Feeds
import Folders
import Fingerprint
import Foundation
import Storage
import StoreBackends
import SyncConfig
import SyncModel

struct ExtractCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "extract", abstract: "The title and text of a file exactly as syncd would store them.")

    @OptionGroup var options: ConfigOptions
    @Argument(help: "A .txt, .md or .html file.") var file: String
    @Flag(name: .long, help: "Print the normalized text that is fingerprinted instead.") var normalized = false
    @Flag(name: .long, help: "Print JSON: title (null when the page has none), text and the article's metadata.") var json = false
    @Flag(name: .long, help: "With --json: also each block of a page dump with its decision and the reason.")
    var explain = false
    @Option(
        name: .long,
        help: "Apply this source's chrome model (default: the folder source the file lies in, when the store knows it).")
    var source: String?

    func run() throws {
        try reportingErrors {
            // The config only sets the size limit; without one the default applies.
            let maxFileSize =
                options.config == nil && !FileManager.default.fileExists(atPath: options.path)
                ? 10 * 1024 * 1024 : try options.load().ingest.maxFileSize
            guard let format = DocumentReader.format(forFileName: file) else {
                throw SyncError(.unsupported, "not a .txt, .md or .html file; syncd skips it", location: file)
            }
            let (model, known) = try chromeModel()
            let reader = DocumentReader(maxFileSize: maxFileSize, knownChrome: known)
            guard json || explain else {
                let article = try reader.read(path: file)
                print(normalized ? TextNormalizer().normalizedString(article.storedText) : article.storedText)
                return
            }
            var object: [String: Any]
            if explain {
                guard let data = FileManager.default.contents(atPath: file) else {
                    _ = try reader.read(path: file)  // throws the reason
                    return
                }
                let explanation = try reader.explain(bytes: [UInt8](data), fileName: file, format: format)
                object = Self.json(explanation.article)
                object["page_dump"] = explanation.pageDump
                if let model { object["model"] = ["source": model, "known_chrome": known.count] }
                object["blocks"] = explanation.blocks.map { block -> [String: Any] in
                    ["text": block.text, "kept": block.kept, "role": block.role, "reason": block.reason]
                }
            } else {
                object = Self.json(try reader.read(path: file))
            }
            if normalized, let text = object["text"] as? String {
                object["text"] = TextNormalizer().normalizedString(text)
            }
            let data = try JSONSerialization.data(withJSONObject: object, options: [.sortedKeys, .withoutEscapingSlashes])
            print(String(decoding: data, as: UTF8.self))
        }
    }

    /// The source whose chrome model applies (`--source`, else the configured folder source
    /// holding the file) and the lines it knows; none without a configuration or a store.
    private func chromeModel() throws(SyncError) -> (source: String?, known: Set<UInt64>) {
        guard source != nil || options.config != nil || FileManager.default.fileExists(atPath: options.path) else { return (nil, []) }
        let config = try options.load()
        let path = URL(fileURLWithPath: file).standardizedFileURL.path
        let name =
            source
            ?? config.sources.first { settings in
                settings.kind == .folder && path.hasPrefix(URL(fileURLWithPath: settings.location).standardizedFileURL.path + "/")
            }?.name
        guard let name else { return (nil, []) }
        if source != nil, !config.sources.contains(where: { $0.name == name }) {
            throw SyncError(.notFound, "no enabled source named \"\(name)\"", location: config.path)
        }
        guard let store = try? StoreBackends.openReader(config) else { return (name, []) }
        let model = SourceChromeModel()
        return (name, model.knownChrome(try store.pageLineCounts(source: name, minDocuments: model.minDocuments)))
    }

    private static func json(_ article: Article) -> [String: Any] {
        let metadata = (try? JSONEncoder().encode(article.metadata)).flatMap { try? JSONSerialization.jsonObject(with: $0) } ?? [:]
        return ["title": article.title.isEmpty ? NSNull() : article.title as Any, "text": article.text, "metadata": metadata]
    }
}
