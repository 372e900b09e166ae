import Foundation
import Testing

/// Progress goes to standard error only (issue 18): what a command prints on standard output
/// is the same bytes with progress and with --quiet, and --quiet writes nothing to standard
/// error.
@Suite struct ProgressOutputTests {
    @Test func aScriptedCloseRunPrintsTheSameWithAndWithoutProgress() throws {
        var outputs: [String] = []
        for quiet in [false, true] {
            let scratch = try Scratch()
            _ = try CloseBinary.run(["scenario", "load", "demo", "--db", "books.db", "--quiet"], in: scratch.url)
            let run = try CloseBinary.run(["run", "--db", "books.db", "--as", "bob", "--period", "2026-05",
                                           "--decisions", CloseRunTests.decisions] + (quiet ? ["--quiet"] : []), in: scratch.url)
            #expect(run.status == 0, "\(run.stderr)")
            if quiet { #expect(run.stderr.isEmpty, "\(run.stderr)") }
            // A progress line names the task being prepared.
            for line in run.stderr.split(separator: "\n") where line.hasPrefix("close run: preparing") {
                #expect(line.contains("/") || line.contains("cut-off"), "\(line)")
            }
            outputs.append(run.stdout)
        }
        #expect(outputs[0] == outputs[1])
        #expect(outputs[0].contains("task.prepared"))
    }

    @Test func auditVerifyPrintsTheSameWithAndWithoutProgress() throws {
        let scratch = try Scratch()
        _ = try CloseBinary.run(["scenario", "load", "demo", "--db", "books.db", "--quiet"], in: scratch.url)
        let loud = try CloseBinary.run(["audit", "verify", "--db", "books.db"], in: scratch.url)
        let quiet = try CloseBinary.run(["audit", "verify", "--db", "books.db", "--quiet"], in: scratch.url)
        #expect(loud.status == 0 && quiet.status == 0, "\(loud.stderr)")
        #expect(loud.stdout == quiet.stdout && loud.stdout.contains("audit chain verified"))
        #expect(quiet.stderr.isEmpty, "\(quiet.stderr)")
    }

    /// `close import saft` takes --quiet like every import: the same standard output either way,
    /// nothing on standard error when quiet.
    @Test func aSAFTImportPrintsTheSameWithAndWithoutProgress() throws {
        var outputs: [String] = []
        for quiet in [false, true] {
            let scratch = try Scratch()
            let imported = try CloseBinary.run(["import", "saft", SAFTCommandsTests.example, "--group", SAFTCommandsTests.group, "--db", "ex.db",
                                                "--as", "kari", "--accept-differences"] + (quiet ? ["--quiet"] : []), in: scratch.url)
            #expect(imported.status == 0, "\(imported.stderr)")
            if quiet { #expect(imported.stderr.isEmpty, "\(imported.stderr)") }
            outputs.append(imported.stdout)
        }
        #expect(outputs[0] == outputs[1] && outputs[0].contains("posted 4 entries"))
    }

    /// Every bench takes --quiet and then writes nothing to standard error (issue 18: progress
    /// on every bench, nothing with --quiet); its figures still reach standard output.
    @Test(arguments: [["post", "--lines", "2000"], ["trial-balance", "--lines", "2000"], ["verify", "--lines", "2000"],
                      ["reconcile", "--lines", "2000", "--repeat", "1"], ["compare", "--entries", "200"],
                      ["saft-read", SAFTCommandsTests.example]])
    func everyBenchIsSilentWithQuiet(_ bench: [String]) throws {
        let scratch = try Scratch()
        let run = try CloseBinary.run(["bench"] + bench + ["--quiet"], in: scratch.url)
        #expect(run.status == 0, "\(run.stderr)")
        #expect(run.stderr.isEmpty, "\(run.stderr)")
        #expect(!run.stdout.isEmpty)
    }

    /// `scenario generate` reports its steps unless --quiet, and prints the same either way.
    @Test func scenarioGeneratePrintsTheSameWithAndWithoutProgress() throws {
        let scratch = try Scratch()
        let loud = try CloseBinary.run(["scenario", "generate", "demo", "--out", "loud"], in: scratch.url)
        let quiet = try CloseBinary.run(["scenario", "generate", "demo", "--out", "quiet", "--quiet"], in: scratch.url)
        #expect(loud.status == 0 && quiet.status == 0, "\(loud.stderr)")
        #expect(quiet.stderr.isEmpty, "\(quiet.stderr)")
        #expect(loud.stdout.replacingOccurrences(of: "loud", with: "DIR") == quiet.stdout.replacingOccurrences(of: "quiet", with: "DIR"))
        #expect(try Data(contentsOf: scratch.url.appendingPathComponent("loud/manifest.json"))
                == Data(contentsOf: scratch.url.appendingPathComponent("quiet/manifest.json")))
    }
}
