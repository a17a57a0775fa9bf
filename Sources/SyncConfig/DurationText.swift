/// Durations written for people: `"15m"`, `"90s"`, `"1h30m"`, `"2d"`; a bare integer is seconds.
enum DurationText {
    static let units: [Character: Double] = ["s": 1, "m": 60, "h": 3600, "d": 86400]

    /// Seconds, or `nil` when the text is not a sequence of number-unit pairs.
    static func seconds(_ text: String) -> Double? {
        var total = 0.0
        var digits = ""
        var sawPair = false
        for character in text.lowercased() where character != " " {
            if character.isASCII && (character.isNumber || character == ".") {
                digits.append(character)
            } else if let unit = units[character], let number = Double(digits) {
                total += number * unit
                digits = ""
                sawPair = true
            } else {
                return nil
            }
        }
        guard digits.isEmpty, sawPair, total.isFinite else { return nil }
        return total
    }
}
