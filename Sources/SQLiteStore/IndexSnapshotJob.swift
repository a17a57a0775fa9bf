import Dispatch
import Foundation
import Dedup
import Synchronization

/// The next layer of both index snapshots (full signatures, leads) written on a thread of its own
/// from copies of the indexes taken between two transactions, while merges go on; the store then
/// moves its indexes onto the new stacks (`LayeredLSHIndex.rebased`), applying again what changed
/// meanwhile.
final class IndexSnapshotJob: Sendable {
    /// For each index, its new stack of layers.
    typealias Outcome = Result<[[LSHSnapshot]], LSHSnapshot.Unusable>
    private let outcome = Mutex<Outcome?>(nil)
    private let finished = DispatchSemaphore(value: 0)

    /// Starts writing.
    /// - Parameter files: for each index, its copy, its file and the stamp to record.
    init(_ files: [(index: LayeredLSHIndex, path: String, stamp: LSHSnapshot.Stamp)]) {
        let thread = Thread { [self] in
            let result = Outcome { () throws(LSHSnapshot.Unusable) in
                try files.map { file throws(LSHSnapshot.Unusable) in
                    try file.index.writeLayer(to: file.path, stamp: file.stamp)
                }
            }
            outcome.withLock { $0 = result }
            finished.signal()
        }
        thread.name = "syncd.index-snapshot"
        thread.start()
    }

    /// Whether the files are written (or failed).
    var isFinished: Bool { outcome.withLock { $0 != nil } }

    /// Waits until the files are written (or failed).
    func wait() -> Outcome {
        finished.wait()
        finished.signal()
        return outcome.withLock { $0! }
    }
}
