internal import Glibc

/// Character counts the scoring works with.
enum TextMetrics {
    /// Characters that are neither whitespace nor invisible formatting.
    static func visibleCount(_ text: String) -> Int {
        var text = text
        return text.withUTF8 { visibleCount($0) }
    }

    /// Characters of UTF-8 text that are neither whitespace nor invisible formatting.
    ///
    /// - Parameter limit: Stop counting once this many are found.
    static func visibleCount(_ utf8: UnsafeBufferPointer<UInt8>, limit: Int = .max) -> Int {
        var count = 0
        var index = 0
        while index < utf8.count, count < limit {
            let byte = utf8[index]
            // Lead bytes that may start whitespace or invisible formatting get a closer look;
            // everything else that is not a continuation byte or ASCII space is a character.
            switch byte {
            case 0x20, 0x09, 0x0A, 0x0B, 0x0C, 0x0D, 0x80..<0xC0:
                index += 1
            case 0xC2, 0xE1, 0xE2, 0xE3, 0xEF:
                let (length, kind) = UTF8Scan.character(in: utf8, at: index)
                if kind == .other || kind == .comma { count += 1 }
                index += length
            default:
                count += 1
                index += 1
            }
        }
        return count
    }

    /// About the number of visible characters, fast: characters other than ASCII
    /// whitespace (Unicode spaces and invisible formatting count, which is rare enough for
    /// the page-level sums it feeds).
    static func approximateVisibleCount(_ utf8: UnsafeBufferPointer<UInt8>) -> Int {
        var count = 0
        for byte in utf8 {
            count &+= byte > 0x20 && byte & 0xC0 != 0x80 ? 1 : 0
        }
        return count
    }

    /// Commas in UTF-8 text: `,`, the Arabic comma U+060C, and the CJK commas U+FF0C,
    /// U+3001. Found with `memchr`, as they are rare.
    static func commaCount(_ utf8: UnsafeBufferPointer<UInt8>) -> Int {
        guard let base = utf8.baseAddress else { return 0 }
        var commas = 0
        forEach(0x2C, in: utf8) { _ in commas += 1 }
        forEach(0x8C, in: utf8) { index in
            if index >= 1, base[index - 1] == 0xD8 { commas += 1 }  // U+060C
            if index >= 2, base[index - 1] == 0xBC, base[index - 2] == 0xEF { commas += 1 }  // U+FF0C
        }
        forEach(0x81, in: utf8) { index in
            if index >= 2, base[index - 1] == 0x80, base[index - 2] == 0xE3 { commas += 1 }  // U+3001
        }
        return commas
    }

    private static func forEach(_ byte: UInt8, in utf8: UnsafeBufferPointer<UInt8>, _ body: (Int) -> Void) {
        guard let base = utf8.baseAddress else { return }
        var offset = 0
        while offset < utf8.count, let found = memchr(base + offset, Int32(byte), utf8.count - offset) {
            let index = UnsafeRawPointer(found) - UnsafeRawPointer(base)
            body(index)
            offset = index + 1
        }
    }

    /// A short line that is mostly a date ("23.10.2018", "Publié le 19 février 2020 12:02",
    /// "الأربعاء، 28 آب 2013، آخر تحديث 14:00"): a year (19xx, 20xx), digits making up more
    /// than a quarter of it, at most 80 visible characters.
    static func isDateLine(_ text: String) -> Bool {
        var visible = 0
        var digits = 0
        var hasYear = false
        var run: [Int] = []  // the current run of digits
        func endRun() {
            if run.count == 4, (run[0] == 1 && run[1] == 9) || (run[0] == 2 && run[1] == 0) { hasYear = true }
            run.removeAll(keepingCapacity: true)
        }
        for scalar in text.unicodeScalars {
            if !Whitespace.isSpace(scalar) { visible += 1 }
            if visible > 80 { return false }
            if let digit = decimalDigit(scalar) {
                digits += 1
                run.append(digit)
            } else {
                endRun()
            }
        }
        endRun()
        return visible > 0 && hasYear && digits * 4 > visible
    }

    /// The value of an ASCII, Arabic-Indic or Eastern Arabic-Indic digit.
    private static func decimalDigit(_ scalar: Unicode.Scalar) -> Int? {
        switch scalar.value {
        case 0x30...0x39: Int(scalar.value - 0x30)
        case 0x660...0x669: Int(scalar.value - 0x660)
        case 0x6F0...0x6F9: Int(scalar.value - 0x6F0)
        default: nil
        }
    }
}
