import ArgumentParser
import Extract
import Feeds
import Folders
import Fingerprint
import Foundation
import SyncConfig
import SyncModel

struct ExtractCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "extract", abstract: "The title and text of a file exactly as syncd would store them.")

    @OptionGroup var options: ConfigOptions
    @Argument(help: "A .txt, .md or .html file.") var file: String
    @Flag(name: .long, help: "Print the normalized text that is fingerprinted instead.") var normalized = false
    @Flag(name: .long, help: "Print JSON: title, text and the article's metadata.") var json = false

    /// What `--json` prints.
    struct Output: Encodable {
        var title: String
        var text: String
        var metadata: ArticleMetadata
    }

    func validate() throws {
        if json && normalized { throw ValidationError("--json and --normalized cannot be combined") }
    }

    func run() throws {
        try reportingErrors {
            // The config only sets the size limit; without one the default applies.
            let maxFileSize =
                options.config == nil && !FileManager.default.fileExists(atPath: options.path)
                ? 10 * 1024 * 1024 : try options.load().ingest.maxFileSize
            guard let format = DocumentReader.format(forFileName: file) else {
                throw SyncError(.unsupported, "not a .txt, .md or .html file; syncd skips it", location: file)
            }
            _ = format
            let article = try DocumentReader(maxFileSize: maxFileSize).read(path: file)
            if json { return try printJSON(Output(title: article.title, text: article.text, metadata: article.metadata)) }
            print(normalized ? TextNormalizer().normalizedString(article.storedText) : article.storedText)
        }
    }
}
