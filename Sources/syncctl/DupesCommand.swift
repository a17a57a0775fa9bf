import ArgumentParser
import Foundation
import Storage
import StoreBackends
import SyncModel

struct DupesCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "dupes", abstract: "Near-duplicate clusters with two or more live members.")

    @OptionGroup var options: ConfigOptions
    @Flag(name: .long, help: "Print JSON: [{\"cluster\", \"members\": [{\"doc\", \"source\", \"key\", \"canonical\", \"similarity\"}]}].")
    var json = false

    func run() throws {
        try reportingErrors {
            let clusters = try options.openStore().duplicateClusters()
            if json { return try printJSON(clusters, pretty: false) }
            if clusters.isEmpty { print("no near-duplicate clusters"); return }
            for cluster in clusters {
                print("cluster \(cluster.cluster) (\(cluster.members.count) members)")
                var table = TextTable("", "DOC", "SOURCE:KEY", "SIMILARITY", "TITLE")
                for member in cluster.members {
                    table.add(
                        member.canonical ? "*" : "", "\(member.doc)", "\(member.source):\(member.key)",
                        String(format: "%.3f", member.similarity), String(member.title.prefix(60)))
                }
                print(table.render().split(separator: "\n").map { "  " + $0 }.joined(separator: "\n"))
                print("")
            }
            print("\(clusters.count) clusters; * marks the canonical member")
        }
    }
}
