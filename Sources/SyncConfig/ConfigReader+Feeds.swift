import SyncModel

/// Feed sources and the `[feeds]` defaults.
extension ConfigReader {
    func readFeeds(_ table: TOMLTable) throws(SyncError) -> FeedDefaults {
        try checkKeys(table, allowed: Self.feedsKeys, in: "feeds")
        var feeds = FeedDefaults()
        if let value = try duration("interval", in: table, as: "feeds.interval") { feeds.interval = value }
        if let value = try duration("min_interval", in: table, as: "feeds.min_interval") { feeds.minInterval = value }
        if let value = try duration("max_interval", in: table, as: "feeds.max_interval") { feeds.maxInterval = value }
        if feeds.minInterval > feeds.maxInterval {
            throw error(
                "feeds.min_interval (\(Int(feeds.minInterval)) s) is longer than feeds.max_interval (\(Int(feeds.maxInterval)) s)",
                line: table.entry("min_interval")?.line ?? table.entry("max_interval")?.line ?? 1)
        }
        if let (agent, line) = try string("user_agent", in: table, as: "feeds.user_agent") {
            try checkHeaderValue(agent, as: "feeds.user_agent", line: line)
            feeds.userAgent = agent
        }
        if let value = try duration("connect_timeout", in: table, as: "feeds.connect_timeout") { feeds.connectTimeout = value }
        if let value = try duration("timeout", in: table, as: "feeds.timeout") { feeds.timeout = value }
        if let value = try size("max_size", in: table, as: "feeds.max_size") { feeds.maxSize = value }
        if let (value, _) = try integer("per_host", in: table, as: "feeds.per_host", range: 1...16) { feeds.perHost = value }
        if let (value, _) = try integer("concurrency", in: table, as: "feeds.concurrency", range: 1...256) { feeds.concurrency = value }
        if let mode = try fullText(in: table, as: "feeds.full_text") { feeds.fullText = mode }
        return feeds
    }

    func readFeed(_ table: TOMLTable, name: String, prefix: String, line: Int, defaults: FeedDefaults) throws(SyncError) -> SourceSettings {
        guard let (url, urlLine) = try string("url", in: table, as: "\(prefix): url") else {
            throw error("\(prefix): missing required key \"url\"", line: line)
        }
        try checkFeedURL(url, prefix: prefix, line: urlLine)
        var feed = FeedSettings(
            url: url, interval: defaults.interval, minInterval: defaults.minInterval, maxInterval: defaults.maxInterval,
            userAgent: defaults.userAgent, connectTimeout: defaults.connectTimeout, timeout: defaults.timeout,
            maxSize: defaults.maxSize, fullText: defaults.fullText)
        if let value = try duration("interval", in: table, as: "\(prefix): interval") { feed.interval = value }
        if let (agent, agentLine) = try string("user_agent", in: table, as: "\(prefix): user_agent") {
            try checkHeaderValue(agent, as: "\(prefix): user_agent", line: agentLine)
            feed.userAgent = agent
        }
        if let value = table["headers"] {
            guard let headers = value.table else {
                throw mismatch("\(prefix): headers", "a table of header names to values, e.g. { \"Accept-Language\" = \"ar\" }", value)
            }
            for entry in headers.entries {
                guard let text = entry.value.string else { throw mismatch("\(prefix): headers.\(entry.key)", "a string", entry.value) }
                try checkHeaderName(entry.key, prefix: prefix, line: entry.line)
                try checkHeaderValue(text, as: "\(prefix): headers.\(entry.key)", line: entry.line)
                feed.headers.append((entry.key, text))
            }
        }
        if let (charset, charsetLine) = try string("charset", in: table, as: "\(prefix): charset") {
            guard !charset.isEmpty, charset.utf8.allSatisfy({ $0 > 0x20 && $0 < 0x7F }) else {
                throw error("\(prefix): charset \"\(charset)\" is not a charset name (e.g. \"windows-1256\")", line: charsetLine)
            }
            feed.charset = charset
        }
        if let value = try duration("connect_timeout", in: table, as: "\(prefix): connect_timeout") { feed.connectTimeout = value }
        if let value = try duration("timeout", in: table, as: "\(prefix): timeout") { feed.timeout = value }
        if let value = try size("max_size", in: table, as: "\(prefix): max_size") { feed.maxSize = value }
        if let mode = try fullText(in: table, as: "\(prefix): full_text") { feed.fullText = mode }
        return .feed(name, feed, line: line)
    }

    /// `full_text`: `"never"`, `"auto"` or `"always"`.
    private func fullText(in table: TOMLTable, as name: String) throws(SyncError) -> FullTextMode? {
        guard let (text, line) = try string("full_text", in: table, as: name) else { return nil }
        guard let mode = FullTextMode(rawValue: text) else {
            throw error("\(name): \"\(text)\" is not one of \"never\", \"auto\", \"always\"", line: line)
        }
        return mode
    }

    private func checkFeedURL(_ url: String, prefix: String, line: Int) throws(SyncError) {
        if let problem = FeedSettings.urlProblem(url) { throw error("\(prefix): url \(problem)", line: line) }
    }

    private func checkHeaderName(_ name: String, prefix: String, line: Int) throws(SyncError) {
        let token =
            !name.isEmpty
            && name.utf8.allSatisfy { byte in
                (byte >= 0x30 && byte <= 0x39) || (byte >= 0x41 && byte <= 0x5A) || (byte >= 0x61 && byte <= 0x7A)
                    || "!#$%&'*+-.^_`|~".utf8.contains(byte)
            }
        guard token else { throw error("\(prefix): \"\(name)\" is not a valid HTTP header name", line: line) }
        let reserved = ["if-none-match", "if-modified-since", "host", "content-length", "user-agent", "accept-encoding"]
        if reserved.contains(name.lowercased()) {
            throw error("\(prefix): header \"\(name)\" is set by syncd\(name.lowercased() == "user-agent" ? " (use user_agent)" : "")", line: line)
        }
    }

    private func checkHeaderValue(_ value: String, as name: String, line: Int) throws(SyncError) {
        guard !value.unicodeScalars.contains(where: { $0 == "\r" || $0 == "\n" || $0 == "\0" }) else {
            throw error("\(name) must not contain line breaks", line: line)
        }
    }

    /// A duration: `"15m"`, `"1h30m"`, `"90s"`, or an integer of seconds; positive.
    func duration(_ key: String, in table: TOMLTable, as name: String) throws(SyncError) -> Double? {
        guard let value = table[key] else { return nil }
        let seconds: Double
        switch value.content {
        case .integer(let integer):
            seconds = Double(integer)
        case .string(let text):
            guard let parsed = DurationText.seconds(text) else {
                throw error("\(name): invalid duration \"\(text)\" (write e.g. \"90s\", \"15m\", \"1h30m\", \"2d\")", line: value.line)
            }
            seconds = parsed
        default:
            throw mismatch(name, "a duration string like \"15m\" or an integer of seconds", value)
        }
        guard seconds > 0 else { throw error("\(name) must be greater than 0", line: value.line) }
        guard seconds >= 1, seconds <= 365 * 86_400 else {
            throw error("\(name) must be between 1 s and 365 d", line: value.line)
        }
        return seconds
    }
}
