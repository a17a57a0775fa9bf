internal import CCurl
import SyncModel

/// Maps libcurl's result codes to `SyncError`, in one place.
enum CurlError {
    /// - Parameters:
    ///   - code: what `curl_multi_info_read` reported for the transfer.
    ///   - detail: libcurl's error buffer (the specific reason), possibly empty.
    ///   - url: the URL being fetched, the error's location.
    ///   - limits: the transfer's limits, to name the one that was hit.
    ///   - overLimit: whether the write callback stopped the transfer for its size.
    static func error(_ code: CURLcode, detail: String, url: String, limits: FetchLimits, overLimit: Bool) -> SyncError {
        let reason = detail.isEmpty ? String(cString: curl_easy_strerror(code)) : detail
        switch code {
        case CURLE_WRITE_ERROR where overLimit:
            return SyncError(
                .tooLarge, "the body is over the \(limits.maxBodySize)-byte limit (counted after decompression); transfer stopped", location: url)
        case CURLE_OPERATION_TIMEDOUT:
            if reason.contains("too slow") {
                return SyncError(
                    .timedOut, "too slow: under \(limits.lowSpeedBytes) bytes/s for \(limits.lowSpeedSeconds) s (\(reason))", location: url)
            }
            return SyncError(
                .timedOut, "timed out (connect \(format(limits.connectTimeout)) s, total \(format(limits.totalTimeout)) s): \(reason)", location: url)
        case CURLE_UNSUPPORTED_PROTOCOL where url.lowercased().hasPrefix("http://") || url.lowercased().hasPrefix("https://"):
            // An http(s) URL: what the server sent back is not HTTP (libcurl calls it HTTP/0.9).
            return SyncError(.network, "the server's answer is not an HTTP response: \(reason)", location: url)
        case CURLE_UNSUPPORTED_PROTOCOL:
            return SyncError(.refused, "only http and https are fetched: \(reason)", location: url)
        case CURLE_URL_MALFORMAT:
            return SyncError(.invalidArgument, "not a valid URL: \(reason)", location: url)
        case CURLE_BAD_CONTENT_ENCODING:
            return SyncError(.undecodable, "the compressed body could not be decoded: \(reason)", location: url)
        case CURLE_PEER_FAILED_VERIFICATION, CURLE_SSL_CONNECT_ERROR, CURLE_SSL_CERTPROBLEM, CURLE_SSL_CACERT_BADFILE:
            return SyncError(.network, "TLS failed: \(reason)", location: url)
        default:
            return SyncError(.network, reason, location: url)
        }
    }

    private static func format(_ seconds: Double) -> String {
        seconds == seconds.rounded() ? String(Int(seconds)) : String(seconds)
    }
}
