import Foundation
import Testing

/// Issue 19: the help offers what the parser accepts, and an argument error says what was
/// meant without the engine's bookkeeping.
@Suite struct HelpTruthTests {
    /// Every command path: `close --help` lists the commands, each group's help its own.
    static func commands(_ prefix: [String], in scratch: Scratch) throws -> [[String]] {
        let help = try CloseBinary.run(prefix + ["--help"], in: scratch.url).stdout
        guard let section = help.components(separatedBy: "SUBCOMMANDS:").dropFirst().first else { return [prefix] }
        var found: [[String]] = []
        for line in section.split(separator: "\n") {
            // "  approve                 Approve ..." (a name indented by two spaces); "(default)" may follow.
            guard line.hasPrefix("  "), !line.hasPrefix("   "), let name = line.split(separator: " ").first,
                  name.allSatisfy({ $0.isLowercase || $0 == "-" }), name != "help" else { continue }
            found += try commands(prefix + [String(name)], in: scratch)
        }
        return found
    }

    /// The values the help offers for --format: "(values: table, json; default: table)".
    static func formats(_ help: String) -> [String]? {
        // The option's own line in OPTIONS, not the usage line above it.
        guard let start = help.range(of: "\n  --format <format>") else { return nil }
        let rest = help[start.upperBound...]
        let option = rest.components(separatedBy: "\n  -").first ?? ""
        let flat = option.split(whereSeparator: \.isWhitespace).joined(separator: " ")
        guard let values = flat.range(of: #"values: [a-z, ]+"#, options: .regularExpression) else { return [] }
        return flat[values].dropFirst("values: ".count).split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }
    }

    @Test func everyFormatTheHelpOffersIsAcceptedAndNoOtherIs() throws {
        let scratch = try Scratch()
        let commands = try Self.commands([], in: scratch)
        #expect(commands.count > 40, "\(commands)")
        var withFormat = 0
        for command in commands {
            let help = try CloseBinary.run(command + ["--help"], in: scratch.url).stdout
            guard let offered = Self.formats(help) else { continue }
            #expect(!offered.isEmpty, "\(command): --format lists no values\n\(help)")
            withFormat += 1
            for value in offered + ["nonsense"] {
                // An unknown option stops every command before it runs (nothing is made), but only
                // after the values were read: a refused format is reported first.
                let result = try CloseBinary.run(command + ["--format", value, "--no-such-option-for-this-test"], in: scratch.url)
                #expect(result.status == 64, "close \(command.joined(separator: " ")) --format \(value)")
                let refused = result.stderr.contains("invalid for '--format") || result.stderr.contains("--format must be")
                #expect(refused == (value == "nonsense"), "close \(command.joined(separator: " ")) --format \(value): \(result.stderr)")
            }
        }
        #expect(withFormat > 20)
        #expect(try FileManager.default.contentsOfDirectory(atPath: scratch.url.path).isEmpty, "nothing created")
    }

    @Test func theHelpOfApproveAndDeferDoesNotCallTheReasonRequired() throws {
        let scratch = try Scratch()
        for command in ["approve", "defer"] {
            let help = try CloseBinary.run([command, "--help"], in: scratch.url).stdout
            #expect(help.contains("--reason") && !help.contains("required to reject"), "\(help)")
        }
        #expect(try CloseBinary.run(["reject", "--help"], in: scratch.url).stdout.contains("Why (required)."))
    }

    @Test func unknownNamesSuggestTheNearestAndErrorsCarryNoInternalPrefix() throws {
        let scratch = try Scratch()
        #expect(try CloseBinary.run(["run", "--as", "bob", "--period", "2026-05"], in: scratch.url).status == 3)
        let cases: [([String], String)] = [
            (["approve", "cut-of", "--period", "2026-05", "--as", "bob"], "did you mean 'cut-off'?"),
            (["show", "final-review/DE1", "--period", "2026-05"], "did you mean 'final-review/DE01'?"),
            (["approve", "cut-off", "--period", "2026-05", "--as", "bbo"], "did you mean 'bob'?"),
            (["report", "trial-balance", "--entity", "us01", "--period", "2026-05"], "did you mean 'US01'?"),
            (["period", "status", "--entity", "DE1", "--period", "2026-05"], "did you mean 'DE01'?"),
        ]
        for (arguments, hint) in cases {
            let result = try CloseBinary.run(arguments, in: scratch.url)
            #expect(result.status == 1, "\(arguments)")
            #expect(result.stderr.contains(hint), "\(arguments): \(result.stderr)")
            #expect(!result.stderr.contains("field '"), "\(arguments): \(result.stderr)")
        }
        // A name from the command line is quoted visibly, never obeyed, and the ledger is unchanged.
        let before = try scratch.fingerprint("close.db")
        for arguments in [["journal", "list", "--entity", "US\u{1B}[2J01", "--period", "2026-05"],
                          ["approve", "--ready", "--kind", "cut\u{1B}]0;x\u{7}", "--period", "2026-05", "--as", "bob"],
                          ["show", "lock\u{1B}[8m", "--period", "2026-05"]] {
            let result = try CloseBinary.run(arguments, in: scratch.url)
            #expect(result.status == 1 && result.stderr.contains("\\u{1B}") && !result.stderr.contains("\u{1B}"), "\(arguments): \(result.stderr)")
        }
        #expect(try scratch.fingerprint("close.db") == before)
        let user = try CloseBinary.run(["approve", "cut-off", "--period", "2026-05", "--as", "bbo"], in: scratch.url)
        #expect(user.stderr.contains("alice (accountant)") && user.stderr.contains("carol (cfo)"), "\(user.stderr)")
    }

    @Test func aGroupFileThatIsACSVIsRefusedWithoutPastingTheFile() throws {
        let scratch = try Scratch()
        let rows = (1...400).map { "E\($0),US01,2026-05-04,1000,10.00,,USD,line number \($0) of a journal,r,\n" }.joined()
        let csv = try scratch.write("journal.csv", "entry_id,entity,date,account,debit,credit,currency,description,reference,partner\n" + rows)
        let result = try CloseBinary.run(["init", "--db", "new.db", "--group", csv], in: scratch.url)
        #expect(result.status == 1, "\(result.stderr)")
        #expect(result.stderr.contains("journal.csv"), "\(result.stderr)")
        #expect(result.stderr.count < 600 && !result.stderr.contains("line number 300"), "\(result.stderr.count) characters: \(result.stderr.prefix(800))")
        #expect(!FileManager.default.fileExists(atPath: scratch.path("new.db")))
    }
}
