internal import Foundation

/// Names made from titles people wrote (an OPML outline's, a feed's), for sources added by tools.
extension Names {
    /// `text` as a valid name: kept as it is when already valid, else transliterated to Latin
    /// (`الجزيرة` → `aljzyrt`), accents dropped, every run of other characters (dashes included)
    /// made one `-`, cut to 56 bytes so that `unique` can still add a suffix.
    /// - Returns: `nil` when nothing usable is left (a title of symbols only).
    public static func derived(from text: String) -> String? {
        let trimmed = text.trimmingCharacters(in: .whitespacesAndNewlines)
        if isValid(trimmed) { return trimmed }
        let latin = trimmed.applyingTransform(StringTransform("Any-Latin; Latin-ASCII"), reverse: false) ?? trimmed
        var slug = ""
        var pendingDash = false
        for byte in latin.utf8 {
            // A dash is a separator like a space: `a - b` becomes `a-b`, not `a---b`.
            if isNameByte(byte), byte != UInt8(ascii: "-") {
                if pendingDash && !slug.isEmpty { slug += "-" }
                pendingDash = false
                slug.unicodeScalars.append(Unicode.Scalar(byte))
            } else {
                pendingDash = true
            }
        }
        while slug.utf8.count > 56 { slug.removeLast() }
        while let last = slug.last, last == "-" || last == "." { slug.removeLast() }
        return slug.isEmpty ? nil : slug
    }

    /// `name`, or `name-2`, `name-3`... when `isTaken` says it is in use; still at most 64 bytes.
    public static func unique(_ name: String, isTaken: (String) -> Bool) -> String {
        guard isTaken(name) else { return name }
        var number = 2
        while true {
            let suffix = "-\(number)"
            let candidate = String(name.utf8.prefix(64 - suffix.utf8.count))! + suffix
            if !isTaken(candidate) { return candidate }
            number += 1
        }
    }
}
