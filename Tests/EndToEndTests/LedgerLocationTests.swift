import Foundation
import Testing

/// Which ledger a command works on, and that none is ever made by accident (issue 15): only
/// `close run` with neither --db nor $CLOSE_DB creates the demo ledger at ./close.db; a named
/// file that does not exist is an error that creates nothing, for every command that opens a
/// ledger; `close demo` honours $CLOSE_DB and ends with the next commands on its ledger.
@Suite struct LedgerLocationTests {
    /// Every command that opens an existing ledger, with arguments that are otherwise valid.
    static let openingCommands: [[String]] = {
        let journal = Fixtures.path("journals/opening-2026-04.csv")
        let rates = Fixtures.path("rates/2026-04.csv")
        let policy = Fixtures.path("policies/default.yaml")
        let decisions = Fixtures.path("decisions/demo.yaml")
        let may = ["--period", "2026-05"]
        return [
            ["run", "--as", "bob"] + may, ["run", "--as", "bob", "--decisions", decisions] + may,
            ["status"] + may, ["show", "cut-off"] + may,
            ["approve", "cut-off", "--as", "bob"] + may, ["reject", "cut-off", "--as", "bob", "--reason", "x"] + may,
            ["defer", "cut-off", "--as", "bob"] + may,
            ["override", "cut-off", "--as", "bob", "--reason", "x", "--file", policy] + may,
            ["journal", "import", journal, "--as", "alice"], ["journal", "show", "E1"],
            ["journal", "reverse", "E1", "--as", "alice", "--reason", "x"],
            ["rates", "import", rates, "--as", "alice"], ["rates", "list"],
            ["bank", "import", journal, "--as", "alice"], ["goods", "import", journal, "--as", "alice"],
            ["period", "status"] + may, ["period", "soft-close", "--as", "bob"] + may, ["period", "close", "--as", "carol"] + may,
            ["period", "reopen", "--as", "bob", "--reason", "x"] + may,
            ["report", "trial-balance"] + may, ["report", "reconciliation"] + may, ["report", "close-summary"] + may,
            ["report", "intercompany"] + may, ["report", "consolidated"] + may, ["report", "statements", "--consolidated"] + may,
            ["policy", "show"], ["policy", "set", policy, "--as", "carol", "--reason", "x"],
            ["audit", "verify"], ["audit", "head"], ["entities", "list"], ["accounts", "list"],
        ]
    }()

    /// The folder holds nothing but what the test put there: no ledger, no WAL, no demo.
    static func files(in scratch: Scratch) throws -> [String] {
        try FileManager.default.contentsOfDirectory(atPath: scratch.url.path).sorted()
    }

    @Test func closeRunWithNoNamedLedgerCreatesTheDemoAtTheDefaultPathAndSaysSoInOneLine() throws {
        let scratch = try Scratch()
        let result = try CloseBinary.run(["run", "--period", "2026-05", "--as", "bob"], in: scratch.url)
        #expect(result.status == 3, "\(result.stderr)")
        let notes = result.stderr.split(separator: "\n")
        #expect(notes.count == 1, "\(result.stderr)")
        #expect(notes.first?.hasPrefix("no ledger at ./close.db: created it with the demo group, Acme Group, and its demo month") == true)
        #expect(try Self.files(in: scratch).contains("close.db"))
    }

    @Test func aMistypedDbIsAnErrorForEveryCommandThatOpensALedgerAndCreatesNoFile() throws {
        let scratch = try Scratch()
        for arguments in Self.openingCommands {
            let result = try CloseBinary.run(arguments + ["--db", "mistyped.db"], in: scratch.url)
            let command = "close " + arguments.joined(separator: " ")
            #expect(result.status == 1, "\(command): \(result.stderr)")
            #expect(try Self.files(in: scratch).isEmpty, "\(command) left a file behind")
            // `override` checks its edited proposal whole before it opens anything (here a YAML file, refused first).
            guard arguments[0] != "override" else { continue }
            #expect(result.stderr.contains("no ledger at mistyped.db (named by --db), and nothing was created"), "\(command): \(result.stderr)")
            #expect(result.stderr.contains("close init --db mistyped.db --group FILE") && result.stderr.contains("close demo --db mistyped.db"),
                    "\(command): \(result.stderr)")
        }
    }

    @Test func aMissingLedgerNamedByCloseDBIsAnErrorToo() throws {
        let scratch = try Scratch()
        for arguments in [["run", "--period", "2026-05", "--as", "bob"], ["status", "--period", "2026-05"], ["audit", "verify"]] {
            let result = try CloseBinary.run(arguments, in: scratch.url, environment: ["CLOSE_DB": "typo.db"])
            #expect(result.status == 1, "\(arguments): \(result.stderr)")
            #expect(result.stderr.contains("no ledger at typo.db (named by $CLOSE_DB)"), "\(result.stderr)")
            #expect(try Self.files(in: scratch).isEmpty, "\(arguments) left a file behind")
        }
        // Named explicitly, even the default path is not a demo to create.
        let explicit = try CloseBinary.run(["run", "--period", "2026-05", "--as", "bob", "--db", "./close.db"], in: scratch.url)
        #expect(explicit.status == 1 && explicit.stderr.contains("no ledger at ./close.db (named by --db)"), "\(explicit.stderr)")
        #expect(try Self.files(in: scratch).isEmpty)
    }

    @Test func closeDemoWritesWhereCloseDBSaysAndItsNextCommandsWorkAsPrinted() throws {
        let scratch = try Scratch()
        let demo = try CloseBinary.run(["demo"], in: scratch.url, environment: ["CLOSE_DB": "mine.db"])
        #expect(demo.status == 0, "\(demo.stderr)")
        #expect(try Self.files(in: scratch).contains("mine.db") && !Self.files(in: scratch).contains("close-demo.db"))
        #expect(demo.stdout.contains("ledger mine.db"))
        let tail = try #require(demo.stdout.components(separatedBy: "next, on this ledger:\n").last)
        let commands = tail.split(separator: "\n").map { $0.trimmingCharacters(in: .whitespaces) }.filter { $0.hasPrefix("close ") }
        #expect(commands.count == 5, "\(tail)")
        #expect(commands.contains("close status --period 2026-05 --db mine.db"))
        #expect(commands.contains("close audit verify --db mine.db"))
        // Each as printed, without $CLOSE_DB: the --db it names is enough.
        for command in commands {
            let arguments = command.split(separator: " ").dropFirst().map(String.init)
            let result = try CloseBinary.run(arguments, in: scratch.url)
            #expect(result.status == 0, "\(command): \(result.stderr)")
            #expect(!result.stdout.isEmpty, "\(command)")
        }
    }
}
