import Foundation
import Testing

/// Issue 19: a mistyped command is answered with the command meant, and the help lists every
/// exit code the commands use.
@Suite struct CommandLineHelpTests {
    @Test func aMistypedCommandSuggestsTheNearestOne() throws {
        let scratch = try Scratch()
        for (typed, meant) in [("aprove", "approve"), ("stauts", "status"), ("reprot", "report"), ("Approve", "approve")] {
            let result = try CloseBinary.run([typed, "cut-off", "--period", "2026-05"], in: scratch.url)
            #expect(result.status == 64, "\(typed)")
            #expect(result.stderr.contains("unknown command '\(typed)'; did you mean '\(meant)'?"), "\(result.stderr)")
        }
        let far = try CloseBinary.run(["frobnicate"], in: scratch.url)
        #expect(far.status == 64)
        #expect(far.stderr.contains("the commands are demo, init,"), "\(far.stderr)")
        // Hostile text is shown, never obeyed.
        let hostile = try CloseBinary.run(["\u{1B}[2Jx"], in: scratch.url)
        #expect(hostile.status == 64 && !hostile.stderr.contains("\u{1B}"), "\(hostile.stderr)")
        #expect(try FileManager.default.contentsOfDirectory(atPath: scratch.url.path).isEmpty, "no ledger created")
    }

    @Test func theHelpListsEveryExitCode() throws {
        let scratch = try Scratch()  // kept alive: its folder is the working directory
        let help = try CloseBinary.run(["--help"], in: scratch.url)
        // Wrapped at the width of whatever runs the test: read as one line.
        let text = help.stdout.split(whereSeparator: \.isNewline).joined(separator: " ")
        for code in ["0 success", "1 refused or failed", "3 `close run` stopped", "4 `close run` blocked", "64 usage error"] {
            #expect(text.contains(code), "\(code)")
        }
    }
}
