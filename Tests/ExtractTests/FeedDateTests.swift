@testable import Extract
@testable import Feeds
@testable import Folders
@testable import TextEncoding
import Foundation
import SyncModel
import Testing

@Suite("Feed dates")
struct FeedDateTests {
    private func iso(_ text: String) -> String? { FeedDate.parse(text).map { Timestamp.rfc3339($0) } }

    @Test(
        "RFC 822 and its broken variants",
        arguments: [
            ("Thu, 01 Jan 2004 19:48:21 GMT", "2004-01-01T19:48:21Z"),
            ("01 Jan 2004 19:48:21 GMT", "2004-01-01T19:48:21Z"),
            ("Thu, 1 Jan 04 19:48:21 GMT", "2004-01-01T19:48:21Z"),
            ("Thu, 01 Jan 99 19:48:21 +0000", "1999-01-01T19:48:21Z"),
            ("Thu, 01 Jan 2004 14:48:21 EST", "2004-01-01T19:48:21Z"),
            ("Thu, 01 Jan 2004 12:48:21 PDT", "2004-01-01T19:48:21Z"),
            ("Thu, 01 Jan 2004 19:48:21 UT", "2004-01-01T19:48:21Z"),
            ("Thu, 01 Jan 2004 19:48:21 Z", "2004-01-01T19:48:21Z"),
            ("Thu, 01 Jan 2004 18:48:21 A", "2004-01-01T19:48:21Z"),
            ("Thu, 01 Jan 2004 20:48:21 N", "2004-01-01T19:48:21Z"),
            ("Thu, 01 Jan 2004 19:48 GMT", "2004-01-01T19:48:00Z"),
            ("Thu,  01   Jan, 2004 , 19:48:21 GMT", "2004-01-01T19:48:21Z"),
            ("THU, 01 JAN 2004 21:48:21 +02:00", "2004-01-01T19:48:21Z"),
            ("thu, 01 january 2004 19:48:21 -0000", "2004-01-01T19:48:21Z"),
            ("Sun, 31 Dec 2006 23:59:59 -0800", "2007-01-01T07:59:59Z"),
            ("Jan 1 2004 19:48:21 GMT", "2004-01-01T19:48:21Z"),
        ])
    func rfc822(_ text: String, _ expected: String) {
        #expect(iso(text) == expected)
    }

    @Test(
        "RFC 3339, ISO 8601 and W3CDTF, partial dates included",
        arguments: [
            ("2003-12-31T10:14:55Z", "2003-12-31T10:14:55Z"),
            ("2003-12-31T10:14:55.123Z", "2003-12-31T10:14:55Z"),
            ("2003-12-31T10:14:55-08:00", "2003-12-31T18:14:55Z"),
            ("2003-12-31T10:14:55+0100", "2003-12-31T09:14:55Z"),
            ("2003-12-31T10:14-08:00", "2003-12-31T18:14:00Z"),
            ("2003-12-31 10:14:55", "2003-12-31T10:14:55Z"),
            ("20031231T101455Z", "2003-12-31T10:14:55Z"),
            ("2003-12-31", "2003-12-31T00:00:00Z"),
            ("2003-12", "2003-12-01T00:00:00Z"),
            ("2003", "2003-01-01T00:00:00Z"),
            ("2004-02-29T00:00:00Z", "2004-02-29T00:00:00Z"),
        ])
    func w3cdtf(_ text: String, _ expected: String) {
        #expect(iso(text) == expected)
    }

    @Test("nonsense is no date", arguments: ["", "yesterday", "2003-13-01", "2003-02-30", "Thu, 32 Jan 2004 10:00 GMT", "٢٩ مايو"])
    func invalid(_ text: String) {
        #expect(FeedDate.parse(text) == nil)
    }

    @Test("formats before 1970 and far ahead")
    func formatting() {
        #expect(Timestamp.rfc3339(Date(timeIntervalSince1970: -1)) == "1969-12-31T23:59:59Z")
        #expect(iso("2100-03-01T00:00:00Z") == "2100-03-01T00:00:00Z")
    }
}
