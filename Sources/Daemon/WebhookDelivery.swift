import API
import Fetch
import Fingerprint
import Foundation
import Logging
import Storage
import SyncConfig
import SyncModel

/// One webhook's delivery loop: the changes after its consumer's cursor that its filter takes,
/// `batch` at a time, POSTed in `seq` order; the cursor is committed after each 2xx, so a
/// restart resumes where it stopped (a batch whose answer was lost is sent again: at least
/// once, with `seq` as the idempotency key). A failure is retried with backoff for as long as
/// it takes, never skipped; a 410 stops it.
struct WebhookDelivery: Sendable {
    let settings: WebhookSettings
    let writer: StoreWriter
    let fetcher: any Fetcher
    let clock: any SyncClock
    let logger: Logger
    let board: WebhookBoard

    /// The wait after `failures` failed POSTs in a row: 1 s, doubling, at most 5 minutes.
    static func backoff(failures: Int) -> Double {
        min(300, pow(2, Double(max(0, min(failures - 1, 20)))))
    }

    enum Outcome {
        case delivered(status: Int)
        case gone(String)
        case failed(status: Int?, error: String, retryAfter: Double?)
    }

    func run() async {
        let store = writer.store
        let consumer = settings.consumer
        var cursor: Int64 = 0
        var failures = 0
        // The committed cursor; a store that cannot be read now is asked again.
        while !Task.isCancelled {
            do {
                cursor = try await BlockingWork.run { () throws(SyncError) in try store.consumerSeq(consumer) } ?? 0
                break
            } catch {
                logger.error("webhook cannot read its cursor", metadata: ["webhook": "\(settings.name)", "error": "\(error)"])
                guard (try? await clock.sleep(for: .seconds(5))) != nil else { return }
            }
        }
        board.update(settings.name) { $0.seq = cursor }
        let (limit, filter) = (settings.batch, settings.filter)
        while !Task.isCancelled {
            let batch: (changes: [Change], through: Int64)
            do {
                let since = cursor
                batch = try await BlockingWork.run { () throws(SyncError) in try store.changes(since: since, limit: limit, matching: filter) }
            } catch {
                logger.error("webhook cannot read the change log", metadata: ["webhook": "\(settings.name)", "error": "\(error)"])
                guard (try? await clock.sleep(for: .seconds(5))) != nil else { return }
                continue
            }
            guard let first = batch.changes.first, let last = batch.changes.last else {
                if batch.through > cursor {
                    // Changes the filter skips move the cursor too, so the lag counts only what is left.
                    cursor = await commit(batch.through) ?? cursor
                } else {
                    await store.commits.wait(after: cursor, timeout: .seconds(5))
                }
                continue
            }
            let body = Self.body(webhook: settings.name, changes: batch.changes)
            switch await post(body, seq: last.seq) {
            case .delivered(let status):
                failures = 0
                let now = clock.now()
                board.update(settings.name) {
                    $0.delivered += batch.changes.count
                    $0.failures = 0
                    $0.lastStatus = status
                    $0.lastError = nil
                    $0.retryAt = nil
                    $0.lastSuccessAt = now
                }
                logger.debug(
                    "webhook delivered", metadata: ["webhook": "\(settings.name)", "seq": "\(first.seq)...\(last.seq)", "status": "\(status)"])
                cursor = await commit(batch.through) ?? batch.through
            case .gone(let reason):
                board.update(settings.name) {
                    $0.disabledReason = reason
                    $0.lastStatus = 410
                    $0.retryAt = nil
                }
                logger.error("webhook disabled", metadata: ["webhook": "\(settings.name)", "reason": "\(reason)"])
                return
            case .failed(let status, let error, let retryAfter):
                failures += 1
                let delay = retryAfter ?? Self.backoff(failures: failures)
                let retryAt = clock.now() + delay
                board.update(settings.name) {
                    $0.failures = failures
                    $0.lastStatus = status
                    $0.lastError = error
                    $0.retryAt = retryAt
                }
                logger.warning(
                    "webhook POST failed; retrying",
                    metadata: ["webhook": "\(settings.name)", "seq": "\(first.seq)", "error": "\(error)", "retry_in": "\(delay)"])
                guard (try? await clock.sleep(for: .milliseconds(Int64(delay * 1000)))) != nil else { return }
            }
        }
    }

    /// Commits the cursor through the writer; `nil` when the store refused it. The delivery
    /// then goes on from the batch it sent, and a restart before the next commit sends that
    /// batch again: at least once, never skipped.
    private func commit(_ seq: Int64) async -> Int64? {
        let (consumer, now) = (settings.consumer, clock.now())
        do {
            try await writer.perform { store throws(SyncError) in try store.ackConsumer(consumer, seq: seq, now: now) }
            board.update(settings.name) { $0.seq = seq }
            return seq
        } catch {
            logger.error("webhook cannot commit its cursor", metadata: ["webhook": "\(settings.name)", "error": "\(error)"])
            return nil
        }
    }

    /// `{"webhook": NAME, "seq": LAST, "first_seq": FIRST, "changes": [...]}`, keys sorted.
    static func body(webhook: String, changes: [Change]) -> [UInt8] {
        let object: [String: Any] = [
            "webhook": webhook, "seq": changes.last?.seq ?? 0, "first_seq": changes.first?.seq ?? 0,
            "changes": changes.map { ChangeJSON.object($0) },
        ]
        return Array((try? JSONSerialization.data(withJSONObject: object, options: [.sortedKeys, .withoutEscapingSlashes])) ?? Data())
    }

    /// `sha256=` and the lower-case hex HMAC-SHA256 of the body's bytes under the secret.
    static func signature(secret: String, body: [UInt8]) -> String {
        "sha256=" + SHA256Digest.hex(SHA256Digest.hmac(key: Array(secret.utf8), message: body))
    }

    private func post(_ body: [UInt8], seq: Int64) async -> Outcome {
        var request = FetchRequest(
            url: settings.url,
            headers: [HTTPHeader("X-Syncd-Webhook", settings.name), HTTPHeader("X-Syncd-Seq", "\(seq)")],
            limits: FetchLimits(connectTimeout: min(settings.timeout, 10), totalTimeout: settings.timeout, maxBodySize: 1 << 20, maxRedirects: 5))
        if let secret = settings.secret { request.headers.append(HTTPHeader("X-Syncd-Signature", Self.signature(secret: secret, body: body))) }
        request.method = "POST"
        request.body = body
        let response: FetchResponse
        do {
            response = try await fetcher.fetch(request)
        } catch {
            return .failed(status: nil, error: error.description, retryAfter: nil)
        }
        let snippet = String(decoding: response.body.prefix(200), as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
        switch response.status {
        case 200..<300:
            return .delivered(status: response.status)
        case 410:
            let stamp = ISO8601DateFormatter().string(from: Date(timeIntervalSince1970: clock.now()))
            return .gone("the receiver answered 410 Gone at \(stamp)" + (snippet.isEmpty ? "" : ": \(snippet)"))
        default:
            // Retry-After in seconds (429, 503), within an hour; otherwise the backoff.
            let retryAfter = response.headers.value("Retry-After").flatMap(Double.init).map { min(max($0, 1), 3600) }
            return .failed(
                status: response.status, error: "HTTP \(response.status)" + (snippet.isEmpty ? "" : ": \(snippet)"), retryAfter: retryAfter)
        }
    }
}
