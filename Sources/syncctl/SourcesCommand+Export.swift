import ArgumentParser
import Feeds
import Foundation
import SyncConfig
import SyncModel

extension SourcesCommand {
    /// `syncctl sources export [--output FILE]`: the feed sources as OPML 2.0.
    struct Export: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "export",
            abstract: "Write the enabled feed sources as OPML 2.0, their tags as nested category outlines (what import reads back).")
        @OptionGroup var options: ConfigOptions
        @Option(name: .long, help: "Write the OPML to this file (replaced atomically) instead of standard output.") var output: String?

        func run() throws {
            try reportingErrors {
                let config = try options.load()
                let document = OPMLDocument(feedsOf: config)
                let xml = Data(document.xml(created: Date()))
                guard let output else {
                    FileHandle.standardOutput.write(xml)
                    return
                }
                do {
                    try xml.write(to: URL(fileURLWithPath: output), options: .atomic)
                } catch {
                    throw SyncError(.unwritable, "cannot write the OPML file", location: output, cause: error)
                }
                print("wrote \(document.outlines.count) feed sources to \(output)")
            }
        }
    }
}
