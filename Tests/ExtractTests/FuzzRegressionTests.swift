import Foundation
import FuzzTargets
import Testing

/// Every input under `Fixtures/fuzz/TARGET/` (what `make fuzz` once found crashing, or a
/// pathological input kept on purpose) still runs through its target and returns.
@Suite("fuzz regressions")
struct FuzzRegressionTests {
    static let folder = Bundle.module.resourceURL!.appendingPathComponent("Fixtures/fuzz")

    static var inputs: [(FuzzTarget, String)] {
        FuzzTarget.allCases.flatMap { target in
            let names = (try? FileManager.default.contentsOfDirectory(atPath: folder.appendingPathComponent(target.rawValue).path)) ?? []
            return names.sorted().map { (target, $0) }
        }
    }

    @Test("every kept input returns from its target")
    func replay() throws {
        let inputs = Self.inputs
        #expect(inputs.count >= FuzzTarget.allCases.count, "each target keeps at least one input")
        for (target, name) in inputs {
            let data = try Data(contentsOf: Self.folder.appendingPathComponent(target.rawValue).appendingPathComponent(name))
            target.run(Array(data))
        }
    }
}
