import CLibFuzzer
import Foundation

/// The `main` of every target: write the seeds when asked (CLOSE_FUZZ_SEEDS=DIR, see
/// `Seeds`), else hand the command line and the target's test function to libFuzzer.
/// `-sanitize=fuzzer` also links libFuzzer's own `main`, which names the test function
/// `LLVMFuzzerTestOneInput`: each target exports its function under that name too, though
/// SwiftPM points `main` at the target's `@main`, so this one runs.
public enum Fuzzer {
    public typealias TestOneInput = @convention(c) (UnsafePointer<UInt8>?, Int) -> CInt

    public static func run(seeds: () -> [Seed], _ test: TestOneInput) -> Never {
        Seeds.writeIfAsked(seeds)
        var argc = CommandLine.argc
        var argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>? = CommandLine.unsafeArgv
        exit(LLVMFuzzerRunDriver(&argc, &argv, test))
    }
}
