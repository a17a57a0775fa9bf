public import Foundation
public import Fetch
public import SyncConfig

/// When a feed is polled next: pure arithmetic over what the feed and its server said, so it
/// can be tested without a clock.
public enum FeedSchedule {
    /// Seconds until the next poll after a successful fetch: the configured interval, stretched
    /// by the feed's `<ttl>` (minutes), `Cache-Control: max-age` or `Expires`, and by its
    /// publishing rhythm (a feed that posts once a day is not polled every 15 minutes: half its
    /// mean gap between entries, when that is longer), within `minInterval...maxInterval`.
    public static func interval(
        _ settings: FeedSettings, ttlMinutes: Int?, headers: [HTTPHeader], publishInterval: Double?,
        now: Double
    ) -> Double {
        var seconds = settings.interval
        if let ttlMinutes { seconds = max(seconds, Double(ttlMinutes) * 60) }
        if let maxAge = maxAge(headers) {
            seconds = max(seconds, maxAge)
        } else if let expires = headers.value("Expires").flatMap(FeedDate.parse) {
            seconds = max(seconds, expires.timeIntervalSince1970 - now)
        }
        if let publishInterval, publishInterval / 2 > seconds { seconds = publishInterval / 2 }
        return min(max(seconds, settings.minInterval), settings.maxInterval)
    }

    /// The delay after the `failures`-th consecutive failure: `minInterval` doubled each time up
    /// to `maxInterval`, times a jitter in 0.75...1.25 so feeds failing together spread out.
    /// Never "give up": the cap is still a next attempt.
    /// - Parameter jitter: a number in 0..<1 (random in production, fixed in tests).
    public static func backoff(failures: Int, _ settings: FeedSettings, jitter: Double) -> Double {
        let exponent = Double(min(max(failures - 1, 0), 30))
        let base = min(settings.minInterval * pow(2, exponent), settings.maxInterval)
        return base * (0.75 + 0.5 * min(max(jitter, 0), 1))
    }

    /// The instant a `Retry-After` value (seconds, or an HTTP-date) names, at most
    /// `maxRetryAfter` ahead (a server cannot park a host for years); `nil` when unreadable.
    public static func retryAfter(_ value: String, now: Double) -> Double? {
        let trimmed = value.trimmingCharacters(in: .whitespaces)
        let until: Double
        if !trimmed.isEmpty, trimmed.utf8.allSatisfy({ $0 >= 0x30 && $0 <= 0x39 }) {
            until = now + (Double(trimmed) ?? maxRetryAfter)
        } else if let date = FeedDate.parse(trimmed)?.timeIntervalSince1970 {
            until = date
        } else {
            return nil
        }
        return min(max(until, now), now + maxRetryAfter)
    }

    /// The longest Retry-After honoured: 7 days.
    public static let maxRetryAfter: Double = 7 * 86_400

    /// `max-age` of `Cache-Control`, unless the response says `no-store`.
    static func maxAge(_ headers: [HTTPHeader]) -> Double? {
        guard let value = headers.value("Cache-Control")?.lowercased() else { return nil }
        for directive in value.split(separator: ",") {
            let parts = directive.split(separator: "=", maxSplits: 1).map { $0.trimmingCharacters(in: .whitespaces) }
            if parts[0] == "no-store" { return nil }
            if parts[0] == "max-age", parts.count == 2, let seconds = Double(parts[1].trimmingCharacters(in: CharacterSet(charactersIn: "\""))) {
                return seconds
            }
        }
        return nil
    }

    /// The mean gap between the feed's most recent dated entries (up to 20), or `nil` with
    /// fewer than two dates.
    public static func publishInterval(_ dates: [Date]) -> Double? {
        let recent = dates.map(\.timeIntervalSince1970).sorted(by: >).prefix(20)
        guard recent.count >= 2, let newest = recent.first, let oldest = recent.last, newest > oldest else { return nil }
        return (newest - oldest) / Double(recent.count - 1)
    }
}
