public enum CharsetGuess {
    public static func guess(_ bytes: [UInt8]) -> String? { nil }
}
