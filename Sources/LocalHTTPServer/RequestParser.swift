/// Parses a request head: the bytes up to and including the blank line that ends it.
/// Lines may end in CRLF or a bare LF. Throws the status to answer with (400, 501, 505, 413).
func parseHead(_ bytes: UnsafeBufferPointer<UInt8>) throws(RequestError) -> RequestHead {
    var head = RequestHead()
    var lineStart = 0
    var sawRequestLine = false
    var sawLength = false
    var connectionClose = false
    var connectionKeepAlive = false
    while lineStart < bytes.count {
        guard var lineEnd = bytes[lineStart...].firstIndex(of: 10) else { throw RequestError(status: 400) }
        let next = lineEnd + 1
        if lineEnd > lineStart && bytes[lineEnd - 1] == 13 { lineEnd -= 1 }
        let line = UnsafeBufferPointer(rebasing: bytes[lineStart..<lineEnd])
        lineStart = next
        if line.isEmpty { break }
        if !sawRequestLine {
            try parseRequestLine(line, into: &head)
            sawRequestLine = true
            continue
        }
        // obs-fold and whitespace before the colon are rejected (RFC 9112 §5).
        guard let colon = line.firstIndex(of: 58), colon > 0, line.prefix(colon).allSatisfy(isTokenByte)
        else { throw RequestError(status: 400) }
        var vStart = colon + 1, vEnd = line.count
        while vStart < vEnd && (line[vStart] == 32 || line[vStart] == 9) { vStart += 1 }
        while vEnd > vStart && (line[vEnd - 1] == 32 || line[vEnd - 1] == 9) { vEnd -= 1 }
        let valueBytes = UnsafeBufferPointer(rebasing: line[vStart..<vEnd])
        guard valueBytes.allSatisfy({ $0 == 9 || ($0 >= 32 && $0 != 127) }) else { throw RequestError(status: 400) }
        let name = String(decoding: UnsafeBufferPointer(rebasing: line[..<colon]), as: UTF8.self)
        let value = String(decoding: valueBytes, as: UTF8.self)
        head.headers.append((name: name, value: value))

        if asciiCaseInsensitiveEqual(name, "content-length") {
            guard !valueBytes.isEmpty, valueBytes.count <= 12, valueBytes.allSatisfy({ $0 >= 48 && $0 <= 57 }),
                  let length = Int(value), !sawLength || length == head.contentLength
            else { throw RequestError(status: 400) }
            guard length <= Connection.maxBodyBytes else { throw RequestError(status: 413) }
            head.contentLength = length
            sawLength = true
        } else if asciiCaseInsensitiveEqual(name, "transfer-encoding") {
            throw RequestError(status: 501) // chunked request bodies are not supported
        } else if asciiCaseInsensitiveEqual(name, "connection") {
            if hasToken(value, "close") { connectionClose = true }
            if hasToken(value, "keep-alive") { connectionKeepAlive = true }
        } else if asciiCaseInsensitiveEqual(name, "expect") {
            head.expectContinue = asciiCaseInsensitiveEqual(value, "100-continue")
        }
    }
    guard sawRequestLine else { throw RequestError(status: 400) }
    let http11 = head.version == "HTTP/1.1"
    head.keepAlive = !connectionClose && (http11 || connectionKeepAlive)
    head.expectContinue = head.expectContinue && http11
    return head
}

private func parseRequestLine(_ line: UnsafeBufferPointer<UInt8>, into head: inout RequestHead) throws(RequestError) {
    guard let sp1 = line.firstIndex(of: 32), let sp2 = line[(sp1 + 1)...].firstIndex(of: 32),
          sp1 > 0, sp2 > sp1 + 1, sp2 + 1 < line.count, !line[(sp2 + 1)...].contains(32)
    else { throw RequestError(status: 400) }
    let method = UnsafeBufferPointer(rebasing: line[..<sp1])
    let target = UnsafeBufferPointer(rebasing: line[(sp1 + 1)..<sp2])
    let version = UnsafeBufferPointer(rebasing: line[(sp2 + 1)...])
    guard method.allSatisfy(isTokenByte), target.allSatisfy({ $0 > 32 && $0 != 127 })
    else { throw RequestError(status: 400) }
    let versionText = String(decoding: version, as: UTF8.self)
    guard versionText == "HTTP/1.1" || versionText == "HTTP/1.0" else {
        let isHTTP = version.count == 8 && versionText.hasPrefix("HTTP/") && version[6] == 46
            && (48...57).contains(version[5]) && (48...57).contains(version[7])
        throw RequestError(status: isHTTP ? 505 : 400)
    }
    head.method = String(decoding: method, as: UTF8.self)
    head.target = String(decoding: target, as: UTF8.self)
    head.version = versionText
}

/// RFC 9110 `tchar`.
private func isTokenByte(_ c: UInt8) -> Bool {
    switch c {
    case 48...57, 65...90, 97...122: true
    case 33, 35, 36, 37, 38, 39, 42, 43, 45, 46, 94, 95, 96, 124, 126: true
    default: false
    }
}
