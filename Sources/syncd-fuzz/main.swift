import FuzzTargets
import Foundation

// `syncd-fuzz TARGET [ARGS...]`. Built by `make fuzz` with `-sanitize=fuzzer,address -D FUZZING`,
// it is libFuzzer's driver for TARGET (ARGS are libFuzzer's: corpus folders, -max_total_time...).
// Built plainly, it runs TARGET once on each file named in ARGS: a crashing input replayed.

let arguments = CommandLine.arguments
guard arguments.count >= 2, let target = FuzzTarget(rawValue: arguments[1]) else {
    FileHandle.standardError.write(
        Data("usage: syncd-fuzz \(FuzzTarget.allCases.map(\.rawValue).joined(separator: "|")) [libFuzzer arguments | FILE...]\n".utf8))
    exit(64)
}

#if FUZZING
@_silgen_name("LLVMFuzzerRunDriver")
func runDriver(
    _ argc: UnsafeMutablePointer<Int32>, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?>,
    _ callback: @convention(c) (UnsafePointer<UInt8>?, Int) -> Int32
) -> Int32

nonisolated(unsafe) var chosen: FuzzTarget = target
chosen = target

/// libFuzzer's entry point (its driver links against it); runs the chosen target.
@_cdecl("LLVMFuzzerTestOneInput")
func fuzzOne(_ data: UnsafePointer<UInt8>?, _ size: Int) -> Int32 {
    chosen.run(size == 0 ? [] : Array(UnsafeBufferPointer(start: data, count: size)))
    return 0
}
// libFuzzer sees its own arguments: the program name, then what follows TARGET.
var driverArguments = [arguments[0]] + arguments.dropFirst(2)
var argc = Int32(driverArguments.count)
var cStrings = driverArguments.map { strdup($0) } + [nil]
let status = cStrings.withUnsafeMutableBufferPointer { buffer -> Int32 in
    var argv = buffer.baseAddress
    return runDriver(&argc, &argv, fuzzOne)
}
exit(status)
#else
for path in arguments.dropFirst(2) {
    guard let data = FileManager.default.contents(atPath: path) else {
        FileHandle.standardError.write(Data("syncd-fuzz: cannot read \(path)\n".utf8))
        exit(1)
    }
    target.run(Array(data))
    print("\(target.rawValue): \(path): ok")
}
#endif
