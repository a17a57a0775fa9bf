internal import CCurl
import SyncModel

/// One hop's answer, before redirects are interpreted.
struct HopResponse: Sendable {
    var status: Int
    var headers: [HTTPHeader]
    var body: [UInt8]
    /// Where a 3xx points, made absolute by libcurl.
    var redirectURL: String?
    var httpVersion: Int
    var seconds: Double
    /// The peer's IP address (`CURLINFO_PRIMARY_IP`), `nil` when libcurl has none.
    var address: String?
}

/// One easy handle and what its callbacks collect. Created on the caller's thread, then touched
/// only by the loop thread (libcurl calls the callbacks from `curl_multi_perform`).
final class CurlTransfer: @unchecked Sendable {
    let id: UInt64
    let url: String
    let limits: FetchLimits
    /// The politeness key (`Politeness`) the transfer's permit is counted against.
    let site: String
    /// The request's checks, run on the loop thread while the permit is held.
    let beforeStart: (@Sendable (_ url: String) -> SyncError?)?
    let afterResponse: (@Sendable (_ url: String, _ status: Int, _ headers: [HTTPHeader]) -> Void)?
    let easy: UnsafeMutableRawPointer
    private var headerList: UnsafeMutablePointer<curl_slist>?
    private let errorBuffer = UnsafeMutablePointer<CChar>.allocate(capacity: Int(CURL_ERROR_SIZE) + 1)
    var body: [UInt8] = []
    var headers: [HTTPHeader] = []
    var overLimit = false
    /// Set by the pre-request callback when the connected address was refused (`publicAddressesOnly`).
    var refusedAddress: String?
    private var postBody: [UInt8] = []
    var continuation: CheckedContinuation<HopResponse, any Error>?

    /// - Throws: `SyncError` when libcurl refuses an option (an unusable URL or header).
    init(id: UInt64, request: FetchRequest, url: String, site: String) throws(SyncError) {
        guard let easy = curl_easy_init() else { throw SyncError(.network, "libcurl could not create a transfer", location: url) }
        self.id = id
        self.url = url
        self.site = site
        self.limits = request.limits
        self.beforeStart = request.beforeStart
        self.afterResponse = request.afterResponse
        self.easy = easy
        errorBuffer.initialize(repeating: 0, count: Int(CURL_ERROR_SIZE) + 1)
        try configure(request)
    }

    deinit {
        curl_easy_cleanup(easy)
        curl_slist_free_all(headerList)
        errorBuffer.deallocate()
    }

    private func configure(_ request: FetchRequest) throws(SyncError) {
        let limits = request.limits
        try set(CURLOPT_URL, url)
        // Only http and https, for the request and for anything libcurl might follow.
        try set(CURLOPT_PROTOCOLS_STR, "http,https")
        try set(CURLOPT_REDIR_PROTOCOLS_STR, "http,https")
        try set(CURLOPT_FOLLOWLOCATION, 0)  // redirects are followed by CurlFetcher, hop by hop
        try set(CURLOPT_NOSIGNAL, 1)
        try set(CURLOPT_SSL_VERIFYPEER, 1)
        try set(CURLOPT_SSL_VERIFYHOST, 2)
        try set(CURLOPT_HTTP_VERSION, Int(CURL_HTTP_VERSION_2TLS))
        try set(CURLOPT_PIPEWAIT, 1)
        try set(CURLOPT_ACCEPT_ENCODING, "")  // every encoding this libcurl decodes: gzip, deflate, br, zstd
        try set(CURLOPT_USERAGENT, request.userAgent)
        try set(CURLOPT_CONNECTTIMEOUT_MS, Self.milliseconds(limits.connectTimeout))
        try set(CURLOPT_TIMEOUT_MS, Self.milliseconds(limits.totalTimeout))
        try set(CURLOPT_LOW_SPEED_LIMIT, limits.lowSpeedBytes)
        try set(CURLOPT_LOW_SPEED_TIME, limits.lowSpeedSeconds)
        for header in request.headers {
            headerList = curl_slist_append(headerList, "\(header.name): \(header.value)")
        }
        if let etag = request.etag { headerList = curl_slist_append(headerList, "If-None-Match: \(etag)") }
        if let lastModified = request.lastModified { headerList = curl_slist_append(headerList, "If-Modified-Since: \(lastModified)") }
        if let socket = request.unixSocket { try set(CURLOPT_UNIX_SOCKET_PATH, socket) }
        if request.method == "POST" {
            let body = request.body ?? []
            postBody = body + [0]  // never an empty buffer: libcurl copies POSTFIELDSIZE bytes from it
            try set(CURLOPT_POST, 1)
            try check(CCurl_easy_setopt_long(easy, CURLOPT_POSTFIELDSIZE, body.count), "POSTFIELDSIZE")
            try check(postBody.withUnsafeMutableBytes { CCurl_easy_setopt_pointer(easy, CURLOPT_COPYPOSTFIELDS, $0.baseAddress) }, "COPYPOSTFIELDS")
            headerList = curl_slist_append(headerList, "Content-Type: application/json")
        }
        if let headerList { try check(CCurl_easy_setopt_slist(easy, CURLOPT_HTTPHEADER, headerList), "HTTPHEADER") }
        try check(CCurl_easy_setopt_pointer(easy, CURLOPT_ERRORBUFFER, errorBuffer), "ERRORBUFFER")
        let context = Unmanaged.passUnretained(self).toOpaque()
        try check(CCurl_easy_setopt_write_function(easy, CURLOPT_WRITEFUNCTION, curlWriteBody), "WRITEFUNCTION")
        try check(CCurl_easy_setopt_pointer(easy, CURLOPT_WRITEDATA, context), "WRITEDATA")
        try check(CCurl_easy_setopt_write_function(easy, CURLOPT_HEADERFUNCTION, curlWriteHeader), "HEADERFUNCTION")
        try check(CCurl_easy_setopt_pointer(easy, CURLOPT_HEADERDATA, context), "HEADERDATA")
        try check(CCurl_easy_setopt_pointer(easy, CURLOPT_PRIVATE, context), "PRIVATE")
        if request.publicAddressesOnly {
            // Called once the connection is made (or reused), before the request is sent.
            try check(CCurl_easy_setopt_prereq_function(easy, curlCheckAddress), "PREREQFUNCTION")
            try check(CCurl_easy_setopt_pointer(easy, CURLOPT_PREREQDATA, context), "PREREQDATA")
        }
    }

    /// At least 1 ms (0 would mean "no timeout" to libcurl), at most a year, never a trap.
    static func milliseconds(_ seconds: Double) -> Int {
        guard seconds.isFinite else { return 365 * 86_400_000 }
        return Int(min(max(seconds * 1000, 1), 365 * 86_400_000))
    }

    private func set(_ option: CURLoption, _ value: String) throws(SyncError) {
        try check(CCurl_easy_setopt_string(easy, option, value), "option \(option.rawValue)")
    }

    private func set(_ option: CURLoption, _ value: Int) throws(SyncError) {
        try check(CCurl_easy_setopt_long(easy, option, value), "option \(option.rawValue)")
    }

    private func check(_ code: CURLcode, _ what: String) throws(SyncError) {
        guard code == CURLE_OK else {
            let message = String(cString: curl_easy_strerror(code))
            if code == CURLE_UNSUPPORTED_PROTOCOL || code == CURLE_URL_MALFORMAT {
                throw CurlError.error(code, detail: message, url: url, limits: limits, overLimit: false)
            }
            throw SyncError(.invalidArgument, "libcurl refused \(what): \(message)", location: url)
        }
    }

    /// The libcurl error buffer: the specific reason of a failure.
    var errorDetail: String {
        String(cString: errorBuffer).trimmingTrailingNewlines
    }

    /// The hop's answer, read once the transfer is done.
    func response() -> HopResponse {
        var status = 0
        _ = CCurl_easy_getinfo_long(easy, CURLINFO_RESPONSE_CODE, &status)
        var version = 0
        _ = CCurl_easy_getinfo_long(easy, CURLINFO_HTTP_VERSION, &version)
        var micros: curl_off_t = 0
        _ = CCurl_easy_getinfo_off_t(easy, CURLINFO_TOTAL_TIME_T, &micros)
        var location: UnsafeMutablePointer<CChar>?
        _ = CCurl_easy_getinfo_string(easy, CURLINFO_REDIRECT_URL, &location)
        var peer: UnsafeMutablePointer<CChar>?
        _ = CCurl_easy_getinfo_string(easy, CURLINFO_PRIMARY_IP, &peer)
        let address = peer.map { String(cString: $0) }.flatMap { $0.isEmpty ? nil : $0 }
        let httpVersion =
            switch version {
            case Int(CURL_HTTP_VERSION_1_0): 1
            case Int(CURL_HTTP_VERSION_2_0): 2
            case Int(CURL_HTTP_VERSION_3): 3
            default: 11
            }
        return HopResponse(
            status: status, headers: headers, body: body, redirectURL: location.map { String(cString: $0) },
            httpVersion: httpVersion, seconds: Double(micros) / 1_000_000, address: address)
    }

    /// Called for every body chunk, already decompressed.
    func receive(_ bytes: UnsafeRawBufferPointer) -> Bool {
        guard body.count + bytes.count <= limits.maxBodySize else {
            overLimit = true
            return false
        }
        body.append(contentsOf: bytes)
        return true
    }

    /// Called for every header line, status lines included; a new status line (an interim
    /// `100 Continue`, a proxy's answer) starts a new header block.
    func receiveHeader(_ bytes: UnsafeRawBufferPointer) {
        let line = String(decoding: bytes, as: UTF8.self).trimmingTrailingNewlines
        if line.hasPrefix("HTTP/") {
            headers.removeAll()
            return
        }
        guard let colon = line.firstIndex(of: ":") else { return }
        let name = String(line[..<colon])
        var value = line[line.index(after: colon)...]
        while value.first == " " || value.first == "\t" { value.removeFirst() }
        while value.last == " " || value.last == "\t" { value.removeLast() }
        headers.append(HTTPHeader(name, String(value)))
    }
}

private let curlWriteBody: curl_write_callback = { data, size, count, context in
    guard let context else { return 0 }
    let transfer = Unmanaged<CurlTransfer>.fromOpaque(context).takeUnretainedValue()
    let length = size * count
    guard length > 0, let data else { return length }
    return transfer.receive(UnsafeRawBufferPointer(start: data, count: length)) ? length : 0
}

private let curlCheckAddress: curl_prereq_callback = { context, primary, _, _, _ in
    guard let context else { return CURL_PREREQFUNC_ABORT }
    let address = primary.map { String(cString: $0) } ?? ""
    guard AddressPolicy.isPrivate(address) else { return CURL_PREREQFUNC_OK }
    Unmanaged<CurlTransfer>.fromOpaque(context).takeUnretainedValue().refusedAddress = address.isEmpty ? "an unknown address" : address
    return CURL_PREREQFUNC_ABORT
}

private let curlWriteHeader: curl_write_callback = { data, size, count, context in
    guard let context else { return 0 }
    let length = size * count
    guard length > 0, let data else { return length }
    Unmanaged<CurlTransfer>.fromOpaque(context).takeUnretainedValue().receiveHeader(UnsafeRawBufferPointer(start: data, count: length))
    return length
}

extension String {
    var trimmingTrailingNewlines: String {
        var text = Substring(self)
        while let last = text.last, last == "\n" || last == "\r" || last == "\r\n" { text.removeLast() }
        return String(text)
    }
}
