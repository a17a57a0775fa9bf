internal import Glibc
public import SyncModel

/// Converts bytes in a legacy character encoding to UTF-8 with glibc's iconv.
public enum IconvConverter {
    /// Converts `bytes` from the encoding named `charset` to UTF-8.
    ///
    /// - Parameters:
    ///   - bytes: The encoded text.
    ///   - charset: The encoding, as resolved from its declared label.
    /// - Returns: Well-formed UTF-8.
    /// - Throws: `SyncError` `.undecodable` when iconv does not know the encoding, or a
    ///   byte is not valid in it (the message names the offset).
    ///   - replacingInvalid: replace each byte that is not valid in the encoding with U+FFFD
    ///     instead of refusing the text (what a feed reader does with a mislabelled feed).
    public static func convert(_ bytes: [UInt8], from charset: CharsetLabel, replacingInvalid: Bool = false) throws(SyncError) -> [UInt8] {
        do {
            return try convert(bytes, iconvName: charset.iconvName, label: charset.declared, replacingInvalid: false)
        } catch let error where error.code == .undecodable {
            guard replacingInvalid || charset.fallbackName != nil else { throw error }
            return try convert(
                bytes, iconvName: charset.fallbackName ?? charset.iconvName, label: charset.declared,
                replacingInvalid: replacingInvalid)
        }
    }

    private static func convert(_ bytes: [UInt8], iconvName: String, label: String, replacingInvalid: Bool) throws(SyncError) -> [UInt8] {
        let descriptor = iconv_open("UTF-8", iconvName)
        guard let descriptor, descriptor != iconv_t(bitPattern: -1) else {
            throw SyncError(.undecodable, "unsupported charset '\(label)'")
        }
        defer { iconv_close(descriptor) }

        var output = [UInt8](repeating: 0, count: max(64, bytes.count * 2 + 16))
        var produced = 0
        var failure: (offset: Int, code: Int32)?
        var input = bytes
        input.withUnsafeMutableBufferPointer { inputBuffer in
            guard let inputBase = inputBuffer.baseAddress else { return }
            var inPointer: UnsafeMutablePointer<CChar>? = UnsafeMutableRawPointer(inputBase)
                .assumingMemoryBound(to: CChar.self)
            var inLeft = inputBuffer.count
            while inLeft > 0 {
                let result: Int = output.withUnsafeMutableBufferPointer { outputBuffer in
                    guard let outputBase = outputBuffer.baseAddress else { return -1 }
                    var outPointer: UnsafeMutablePointer<CChar>? = UnsafeMutableRawPointer(outputBase + produced)
                        .assumingMemoryBound(to: CChar.self)
                    var outLeft = outputBuffer.count - produced
                    let converted = iconv(descriptor, &inPointer, &inLeft, &outPointer, &outLeft)
                    produced = outputBuffer.count - outLeft
                    return converted
                }
                if result != -1 { break }
                let code = errno
                if code == E2BIG {
                    output.append(contentsOf: repeatElement(0, count: output.count))
                    continue
                }
                if replacingInvalid && (code == EILSEQ || code == EINVAL) {
                    // Skip the offending byte and write U+FFFD in its place.
                    inPointer = inPointer.map { $0 + 1 }
                    inLeft -= 1
                    if output.count - produced < 3 { output.append(contentsOf: repeatElement(0, count: output.count)) }
                    output[produced] = 0xEF
                    output[produced + 1] = 0xBF
                    output[produced + 2] = 0xBD
                    produced += 3
                    continue
                }
                failure = (inputBuffer.count - inLeft, code)
                break
            }
        }
        if let failure {
            if failure.code == EINVAL {
                throw SyncError(.undecodable, "not valid \(label): incomplete character at offset \(failure.offset)")
            }
            throw SyncError(.undecodable, "not valid \(label) (bad byte at offset \(failure.offset))")
        }
        output.removeSubrange(produced...)
        return output
    }
}
