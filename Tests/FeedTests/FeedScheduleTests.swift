import Foundation
import Testing
import Fetch
import SyncConfig
import Feeds
import Folders

@Suite("Feed scheduling")
struct FeedScheduleTests {
    let settings = FeedSettings(url: "https://example.org/feed", interval: 900, minInterval: 300, maxInterval: 86_400)
    let now = 1_795_262_400.0

    @Test("the configured interval applies when the feed says nothing")
    func plain() {
        #expect(FeedSchedule.interval(settings, ttlMinutes: nil, headers: [], publishInterval: nil, now: now) == 900)
    }

    @Test("ttl, max-age and Expires stretch the interval, never shrink it")
    func hints() {
        #expect(FeedSchedule.interval(settings, ttlMinutes: 60, headers: [], publishInterval: nil, now: now) == 3600)
        #expect(FeedSchedule.interval(settings, ttlMinutes: 5, headers: [], publishInterval: nil, now: now) == 900)
        #expect(
            FeedSchedule.interval(
                settings, ttlMinutes: nil, headers: [HTTPHeader("Cache-Control", "public, max-age=7200")], publishInterval: nil, now: now) == 7200)
        #expect(
            FeedSchedule.interval(
                settings, ttlMinutes: nil, headers: [HTTPHeader("Cache-Control", "no-store, max-age=7200")], publishInterval: nil, now: now) == 900)
        let expires = [HTTPHeader("Expires", "Sat, 21 Nov 2026 13:00:00 GMT")]
        #expect(FeedSchedule.interval(settings, ttlMinutes: nil, headers: expires, publishInterval: nil, now: now) == 3600)
    }

    @Test("a feed that publishes rarely is polled at half its rhythm, within the bounds")
    func rhythm() {
        #expect(FeedSchedule.interval(settings, ttlMinutes: nil, headers: [], publishInterval: 6 * 3600, now: now) == 3 * 3600)
        #expect(FeedSchedule.interval(settings, ttlMinutes: nil, headers: [], publishInterval: 600, now: now) == 900)
        #expect(FeedSchedule.interval(settings, ttlMinutes: 100_000, headers: [], publishInterval: nil, now: now) == 86_400)
        var short = settings
        short.interval = 10
        #expect(FeedSchedule.interval(short, ttlMinutes: nil, headers: [], publishInterval: nil, now: now) == 300)
    }

    @Test("the publishing rhythm is the mean gap between the newest twenty dated entries")
    func publishInterval() {
        let dates = (0..<30).map { Date(timeIntervalSince1970: now - Double($0) * 3600) }
        #expect(FeedSchedule.publishInterval(dates) == 3600)
        #expect(FeedSchedule.publishInterval([Date()]) == nil)
        #expect(FeedSchedule.publishInterval([Date(timeIntervalSince1970: now), Date(timeIntervalSince1970: now)]) == nil)
    }

    @Test("backoff doubles from min_interval to max_interval, with jitter of ±25%, and never stops")
    func backoff() {
        #expect((1...4).map { FeedSchedule.backoff(failures: $0, settings, jitter: 0.5) } == [300, 600, 1200, 2400])
        #expect(FeedSchedule.backoff(failures: 50, settings, jitter: 0.5) == 86_400)
        #expect(FeedSchedule.backoff(failures: 1, settings, jitter: 0) == 225)
        #expect(FeedSchedule.backoff(failures: 1, settings, jitter: 1) == 375)
    }

    @Test("Retry-After in seconds or as an HTTP-date")
    func retryAfter() {
        #expect(FeedSchedule.retryAfter("120", now: now) == now + 120)
        #expect(FeedSchedule.retryAfter("Sat, 21 Nov 2026 12:02:00 GMT", now: now) == now + 120)
        #expect(FeedSchedule.retryAfter("soon", now: now) == nil)
        #expect(FeedSchedule.retryAfter("-5", now: now) == nil)
    }
}
