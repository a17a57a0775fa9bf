import Foundation
import Testing

/// The status page as a person sees it: headless Chromium (Debian's `chromium`, driven by
/// `scripts/browse` over the DevTools pipe) at a phone's width, with JavaScript off.
@Suite("status page in a browser", .serialized)
struct StatusPageTests {
    struct Page: Decodable {
        var status: Int?
        var title: String
        var text: String
        var fits: Bool
        var directions: [String: [String]]
    }

    static func browse(_ url: String, token: String, width: Int = 390, directions: [String] = [], screenshot: String? = nil) throws -> Page {
        var arguments = [Harness.repositoryRoot + "/scripts/browse", url, "--token", token, "--width", "\(width)"]
        for selector in directions { arguments += ["--direction", selector] }
        if let screenshot { arguments += ["--screenshot", screenshot] }
        let output = try Harness.runTool("python3", arguments)
        guard output.status == 0 else {
            throw POSIXError(.ENOENT, userInfo: [NSLocalizedDescriptionKey: "scripts/browse failed (is chromium installed?): \(output.stderr)"])
        }
        return try JSONDecoder().decode(Page.self, from: Data(output.stdout.utf8))
    }

    @Test(
        "`/` shows the node, every source with its health, the newest changes and the largest cluster; its pages show a pair side by side and a version diff"
    )
    func statusPage() throws {
        let token = "page-token-0123456789abcdef"
        let harness = try Harness(extraConfig: DaemonTests.daemonConfig + "listen = \"127.0.0.1:0\"\ntoken_file = \"api.token\"\n")
        try "\(token)\n".write(toFile: harness.folder + "/api.token", atomically: true, encoding: .utf8)
        let seeds = try FileManager.default.contentsOfDirectory(atPath: Harness.repositoryRoot + "/seeds").sorted()
        for name in seeds {
            try harness.write(name, try String(contentsOfFile: Harness.repositoryRoot + "/seeds/" + name, encoding: .utf8))
        }
        // A copy of seed 002 with one city renamed: a cluster of two whose difference is marked.
        let story = try String(contentsOfFile: Harness.repositoryRoot + "/seeds/" + seeds[2], encoding: .utf8)
        try harness.write("copy.txt", story.replacingOccurrences(of: "مايو/أيار 2014", with: "يونيو/حزيران 2014"))
        let daemon = try DaemonProcess(harness: harness, notify: nil)
        try daemon.waitForAPI()
        _ = try daemon.waitForChanges(since: 0, within: 20) { rows in rows.contains { $0["op"] as? String == "cluster" } }
        try harness.write("copy.txt", story.replacingOccurrences(of: "مايو/أيار 2014", with: "يوليو/تموز 2014"))
        _ = try daemon.waitForChanges(since: 0, within: 20) { rows in rows.contains { $0["op"] as? String == "update" } }
        let line = try #require(daemon.log.split(separator: "\n").first { $0.contains("API listening on TCP") })
        let port = try #require(line.split(separator: " ").first { $0.hasPrefix("port=") }.flatMap { Int($0.dropFirst(5)) })
        let base = "http://127.0.0.1:\(port)"

        let home = try Self.browse(base + "/", token: token, directions: ["td[dir=auto]"])
        #expect(home.status == 200 && home.title == "status · syncd")
        #expect(home.fits, "the page scrolls sideways at a phone's width")
        for heading in ["Daemon and nodes", "Sources", "Newest changes", "Largest clusters"] { #expect(home.text.contains(heading), "\(heading)") }
        #expect(home.text.contains("ready") && home.text.contains("docs\tfolder\tok\t6"), "\(home.text)")
        #expect(home.text.contains("docs:copy.txt") && home.text.contains("update"))
        // The canonical title of the one cluster, in Arabic, is laid out right to left.
        #expect(home.text.contains("أحياء حمص.. قصف وحصار وتهجير\tdocs"))
        #expect(home.directions["td[dir=auto]"] == ["rtl"])

        let cluster = try Self.browse(base + "/clusters/1", token: token, width: 1100, directions: [".article"])
        #expect(cluster.status == 200 && cluster.text.contains("Side by side") && cluster.text.contains("docs:copy.txt"))
        #expect(cluster.text.contains("مايو/أيار 2014") && cluster.text.contains("يوليو/تموز 2014"))
        #expect(cluster.directions[".article"] == ["rtl", "rtl"])

        let document = try Self.browse(base + "/documents/docs:copy.txt", token: token)
        #expect(document.status == 200 && document.fits)
        #expect(document.text.contains("version 2 of 2") && document.text.contains("Changes from version 1 to 2"), "\(document.text)")
        #expect(document.text.contains("-") && document.text.contains("يونيو/حزيران 2014") && document.text.contains("يوليو/تموز 2014"))

        let missing = try Self.browse(base + "/documents/docs:nope.txt", token: token)
        #expect(missing.status == 404 && missing.text.contains("no such document"), "\(missing.text)")
        #expect(try Self.browse(base + "/", token: "wrong-token-0123456789abcdef").status == 401)
        #expect(daemon.stop() == 0)
    }
}
