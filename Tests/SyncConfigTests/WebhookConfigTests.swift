import Foundation
import SyncModel
import Testing
@testable import SyncConfig

/// `[[webhook]]` tables: their keys, defaults, and errors at `file:line`.
@Suite("SyncdConfig: webhooks")
final class WebhookConfigTests {
    let dir: TemporaryDirectory
    var file: String { dir.configPath }

    init() throws {
        dir = try TemporaryDirectory()
        try dir.makeFolder("seeds")
    }

    deinit { dir.remove() }

    func error(_ text: String) -> String? { configError(minimalSource + "\n" + text, in: dir) }

    @Test func keysAndDefaults() throws {
        let text =
            minimalSource + """

                [[webhook]]
                name = "indexer"
                url = "https://hooks.example.org/syncd"
                source = ["seeds", "news"]
                op = "create,update"
                secret = "k3y"
                batch = 50
                timeout = "30s"

                [[webhook]]
                name = "all"
                url = "http://127.0.0.1:9000/"
                op = ["delete"]
                """
        let config = try SyncdConfig.parse(text, path: dir.configPath)
        #expect(
            config.webhooks == [
                WebhookSettings(
                    name: "indexer", url: "https://hooks.example.org/syncd",
                    filter: ChangeFilter(sources: ["seeds", "news"], ops: [.create, .update]), secret: "k3y", batch: 50, timeout: 30, line: 5),
                WebhookSettings(name: "all", url: "http://127.0.0.1:9000/", filter: ChangeFilter(ops: [.delete]), line: 14),
            ])
        #expect(config.webhooks[1].batch == 100 && config.webhooks[1].timeout == 10 && config.webhooks[1].secret == nil)
        #expect(config.webhooks[0].consumer == "webhook.indexer")
    }

    @Test func errorsNameTheFileLineAndKey() {
        #expect(error("[[webhook]]\nurl = \"http://x.org/\"") == "\(file):5: webhook #1: missing required key \"name\"")
        #expect(error("[[webhook]]\nname = \"a\"") == "\(file):5: webhook \"a\": missing required key \"url\"")
        #expect(
            error("[[webhook]]\nname = \"a\"\nurl = \"ftp://x.org/\"")
                == "\(file):7: webhook \"a\": url \"ftp://x.org/\" must start with http:// or https://")
        #expect(
            error("[[webhook]]\nname = \"a\"\nurl = \"http://x.org/\"\nop = \"create,rename\"")
                == "\(file):8: webhook \"a\": op \"rename\" is not one of create, update, delete, cluster")
        #expect(
            error("[[webhook]]\nname = \"a\"\nurl = \"http://x.org/\"\nbatch = 0")
                == "\(file):8: webhook \"a\": batch must be between 1 and 1000, found 0")
        #expect(
            error("[[webhook]]\nname = \"a\"\nurl = \"http://x.org/\"\nretries = 3")
                == "\(file):8: unknown key \"retries\" in [[webhook]] \"a\" (allowed: name, url, source, op, secret, batch, timeout)")
        #expect(
            error("[[webhook]]\nname = \"a\"\nurl = \"http://x.org/\"\nsecret = \"\"")?.hasPrefix(
                "\(file):8: webhook \"a\": secret must not be empty") == true)
        #expect(
            error("[[webhook]]\nname = \"a\"\nurl = \"http://x.org/\"\n[[webhook]]\nname = \"a\"\nurl = \"http://y.org/\"")
                == "\(file):9: duplicate webhook name \"a\" (first defined at line 6)")
        #expect(error("[webhook]\nname = \"a\"")?.hasPrefix("\(file):5: [webhook] must be an array of tables") == true)
        #expect(error("[[webhook]]\nname = \"\(String(repeating: "x", count: 57))\"\nurl = \"http://x.org/\"")?.contains("1-56 characters") == true)
    }
}
