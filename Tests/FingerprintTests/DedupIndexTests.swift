import Dedup
import Fingerprint
import Foundation
import SyncModel
import Testing

/// The index implementations every `DedupIndex` test runs against (a database-backed index adds
/// its case here).
enum IndexKind: String, CaseIterable, CustomTestStringConvertible, Sendable {
    case inMemoryLSH

    var testDescription: String { rawValue }

    func make() -> any DedupIndex {
        switch self {
        case .inMemoryLSH: LSHIndex(banding: LSHBanding.derive(threshold: 0.45, permutations: 128))
        }
    }
}

@Suite("the dedup index protocol")
struct DedupIndexTests {
    let fingerprinter = Fingerprinter(parameters: .default)
    let base = (0..<80).map { "كلمة\($0)" }.joined(separator: " ")
    var edited: String { base.replacingOccurrences(of: "كلمة40 ", with: "تعديل ") }
    let other = (0..<80).map { "word\($0)" }.joined(separator: " ")

    func signature(_ text: String) -> [UInt32] { fingerprinter.fingerprint(text: text).signature }

    @Test("insert returns the near-duplicates already there, not unrelated documents", arguments: IndexKind.allCases)
    func insertFindsCandidates(_ kind: IndexKind) {
        var index = kind.make()
        #expect(index.insert(1, signature: signature(base), candidatesAbove: 0.3).isEmpty)
        #expect(index.insert(2, signature: signature(other), candidatesAbove: 0.3).isEmpty)
        let found = index.insert(3, signature: signature(edited), candidatesAbove: 0.3)
        #expect(found.map(\.id) == [1])
        #expect(found.first.map { $0.estimate > 0.8 } == true)
        #expect(index.count == 3)
    }

    @Test("a query excludes the asking document; remove forgets; re-inserting replaces", arguments: IndexKind.allCases)
    func queryRemoveReplace(_ kind: IndexKind) {
        var index = kind.make()
        index.insert(1, signature: signature(base), candidatesAbove: nil)
        #expect(index.candidates(for: signature(base), minimumEstimate: 0.5, excluding: 1).isEmpty)
        #expect(index.candidates(for: signature(edited), minimumEstimate: 0.5, excluding: nil).map(\.id) == [1])
        index.insert(1, signature: signature(other), candidatesAbove: nil)  // document 1 now says something else
        #expect(index.count == 1)
        #expect(index.candidates(for: signature(edited), minimumEstimate: 0.5, excluding: nil).isEmpty)
        index.remove(1)
        index.remove(42)  // unknown ids are ignored
        #expect(index.count == 0)
        #expect(index.candidates(for: signature(other), minimumEstimate: 0.5, excluding: nil).isEmpty)
    }

    @Test("rebuild replaces the whole content with what is given", arguments: IndexKind.allCases)
    func rebuild(_ kind: IndexKind) {
        var index = kind.make()
        index.insert(7, signature: signature(other), candidatesAbove: nil)
        index.rebuild(from: [(id: 1, signature: signature(base)), (id: 2, signature: signature(edited))])
        #expect(index.count == 2)
        #expect(index.candidates(for: signature(other), minimumEstimate: 0.5, excluding: nil).isEmpty)
        #expect(Set(index.candidates(for: signature(base), minimumEstimate: 0.5, excluding: nil).map(\.id)) == [1, 2])
    }
}
