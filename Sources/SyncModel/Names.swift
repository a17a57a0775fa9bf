/// Names people give to sources and change-feed consumers: 1-64 characters of
/// `A-Z a-z 0-9 . _ -`, so that `NAME:KEY` references and URL paths stay unambiguous.
public enum Names {
    public static func isValid(_ name: String) -> Bool {
        (1...64).contains(name.utf8.count) && name.utf8.allSatisfy(isNameByte)
    }

    /// `A-Z a-z 0-9 . _ -`.
    static func isNameByte(_ byte: UInt8) -> Bool {
        (byte >= 0x30 && byte <= 0x39) || (byte >= 0x41 && byte <= 0x5A) || (byte >= 0x61 && byte <= 0x7A)
            || byte == 0x2E || byte == 0x5F || byte == 0x2D
    }
}
