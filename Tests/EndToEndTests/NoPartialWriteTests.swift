import Foundation
import GRDB
import Testing

/// Every command that writes, made to fail: it exits 1 (64 for a usage error) and leaves
/// the database logically identical, every table compared row by row (issue 14, "no partial
/// writes"). One ledger, a demo close waiting at the cut-off, is the starting point of all.
@Suite struct NoPartialWriteTests {
    /// Every table's rows, in a stable order: equal when the ledger holds the same data.
    static func dump(_ path: String) throws -> [String] {
        var configuration = Configuration()
        configuration.readonly = true
        let queue = try DatabaseQueue(path: path, configuration: configuration)
        defer { try? queue.close() }
        return try queue.read { db in
            var lines = try String.fetchAll(db, sql: "SELECT type || ' ' || name || ' ' || coalesce(sql, '') FROM sqlite_master ORDER BY name")
            for table in try String.fetchAll(db, sql: "SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name") {
                lines += try Row.fetchAll(db, sql: "SELECT * FROM \"\(table)\"").map { "\(table): \($0)" }.sorted()
            }
            return lines
        }
    }

    struct Case {
        var name: String
        var arguments: [String]
        var status: Int32 = 1
        var message: String
    }

    @Test func everyWritingCommandThatFailsLeavesTheDatabaseAsItWas() throws {
        let scratch = try Scratch()
        let db = scratch.path("close.db")
        // Without --db: the default ./close.db of the scratch folder, created with the demo month.
        let waiting = try CloseBinary.run(["run", "--as", "bob", "--period", "2026-05"], in: scratch.url)
        #expect(waiting.status == 3, "\(waiting.stderr)")
        let show = try CloseBinary.run(["show", "cut-off", "--period", "2026-05", "--format", "json", "--db", db], in: scratch.url)
        let edited = show.stdout.replacingOccurrences(of: "\"summary\":\"", with: "\"summary\":\"\\u001b[8m")
        let files = [
            "big.csv": "entry_id,entity,date,account,debit,credit,currency,description,reference,partner\n"
                + "BIG,US01,2026-05-04,1000,92233720368547758.07,,USD,big,,\nBIG,US01,2026-05-04,4000,,92233720368547758.07,USD,big,,\n",
            "rates.csv": "date,from,to,rate\n2026-05-01,EUR,USD,0.000000000001\n",
            "deep.xml": "<?xml version=\"1.0\"?><Document xmlns=\"urn:iso:std:iso:20022:tech:xsd:camt.053.001.08\">"
                + String(repeating: "<a>", count: 60_000) + String(repeating: "</a>", count: 60_000) + "</Document>",
            "goods.csv": "receipt_id,entity,supplier,date,currency,amount,account,description,invoice\n"
                + "GR-1,US01,S,2026-05-06,USD,92233720368547758.07,1200,x,\nGR-2,US01,S,2026-05-06,USD,92233720368547758.07,1200,x,\n",
            "policy.yaml": try String(contentsOfFile: Fixtures.path("policies/default.yaml"), encoding: .utf8)
                .replacingOccurrences(of: "autonomy: propose", with: "autonomy: \"propose\\e[8m\""),
            "decisions.yaml": "decisions:\n  - {task: cut-off, as: bob, decide: approve, reason: \"ok\\0\"}\n",
            "edited.json": edited,
        ]
        for (name, text) in files { _ = try scratch.write(name, text) }
        try FileManager.default.createDirectory(atPath: scratch.path("full"), withIntermediateDirectories: true)
        _ = try scratch.write("full/keep.txt", "mine")

        let cases: [Case] = [
            Case(name: "init", arguments: ["init"], message: "already"),
            Case(name: "journal import", arguments: ["journal", "import", "big.csv", "--as", "alice"], message: "largest amount"),
            Case(name: "journal reverse", arguments: ["journal", "reverse", "NO-SUCH", "--as", "alice", "--reason", "x"], message: "NO-SUCH"),
            Case(name: "rates import", arguments: ["rates", "import", "rates.csv", "--as", "alice"], message: "0.000001 to 1000000"),
            Case(name: "bank import", arguments: ["bank", "import", "deep.xml", "--as", "alice"], message: "nest more than 64"),
            Case(name: "goods import", arguments: ["goods", "import", "goods.csv", "--as", "alice"], message: "largest amount"),
            Case(name: "period soft-close", arguments: ["period", "soft-close", "--period", "2026-05", "--entity", "US01", "--as", "alice"],
                 message: "may not soft-close"),
            Case(name: "period reopen", arguments: ["period", "reopen", "--period", "2026-05", "--entity", "US01", "--as", "carol",
                                                    "--reason", "x"], message: "2026-05"),
            Case(name: "policy set", arguments: ["policy", "set", "policy.yaml", "--as", "carol", "--reason", "x"], message: "U+001B"),
            Case(name: "run", arguments: ["run", "--period", "2026-05", "--as", "bob", "--decisions", "decisions.yaml"], message: "U+0000"),
            Case(name: "approve", arguments: ["approve", "cut-off", "--period", "2026-05", "--as", "alice"], message: "may not approve"),
            Case(name: "reject", arguments: ["reject", "cut-off", "--period", "2026-05", "--as", "bob"], message: "reason"),
            Case(name: "defer", arguments: ["defer", "no-such-task", "--period", "2026-05", "--as", "bob"], message: "no-such-task"),
            Case(name: "override", arguments: ["override", "cut-off", "--period", "2026-05", "--as", "carol", "--reason", "x",
                                               "--file", "edited.json"], message: "U+001B"),
            Case(name: "scenario load", arguments: ["scenario", "load", "demo"], message: "close.db"),
            Case(name: "scenario load --out", arguments: ["scenario", "load", "demo", "--out", "full"], message: "not empty"),
            Case(name: "after-hours", arguments: ["approve", "cut-off", "--period", "2026-05", "--as", "bob", "--after-hours", "9999999"],
                 status: 64, message: "--after-hours"),
        ]
        let before = try Self.dump(db)
        #expect(before.count > 100)
        for test in cases {
            let result = try CloseBinary.run(test.arguments + ["--db", db], in: scratch.url)
            #expect(result.status == test.status, "\(test.name): \(result.stderr)")
            #expect(result.stderr.contains(test.message), "\(test.name): \(result.stderr)")
            #expect(!result.stderr.contains("Fatal error") && !result.stderr.contains("\u{1B}"), "\(test.name)")
            #expect(try Self.dump(db) == before, "\(test.name) changed the database")
        }
        #expect(try String(contentsOfFile: scratch.path("full/keep.txt"), encoding: .utf8) == "mine")
    }

    @Test func scenarioGenerateRefusesAFolderThatHoldsFilesUnlessForced() throws {
        let scratch = try Scratch()
        let out = scratch.path("out")
        try FileManager.default.createDirectory(atPath: out, withIntermediateDirectories: true)
        _ = try scratch.write("out/rates.csv", "my own rates\n")
        let refused = try CloseBinary.run(["scenario", "generate", "demo", "--out", out], in: scratch.url)
        #expect(refused.status == 1 && refused.stderr.contains("not empty") && refused.stderr.contains("--force"), "\(refused.stderr)")
        #expect(try String(contentsOfFile: scratch.path("out/rates.csv"), encoding: .utf8) == "my own rates\n")
        let forced = try CloseBinary.run(["scenario", "generate", "demo", "--out", out, "--force"], in: scratch.url)
        #expect(forced.status == 0, "\(forced.stderr)")
        #expect(try String(contentsOfFile: scratch.path("out/rates.csv"), encoding: .utf8) != "my own rates\n")
        // A new or empty folder needs no --force.
        #expect(try CloseBinary.run(["scenario", "generate", "demo", "--out", scratch.path("new")], in: scratch.url).status == 0)
    }

    @Test func scaleHasAMaximumThatFitsInMemory() throws {
        let scratch = try Scratch()
        let huge = try CloseBinary.run(["scenario", "generate", "demo", "--scale", "1000000", "--out", scratch.path("x")], in: scratch.url)
        #expect(huge.status == 64 && huge.stderr.contains("--scale must be between 1 and 10000"), "\(huge.stderr)")
        let heavy = try CloseBinary.run(["scenario", "generate", "large", "--scale", "11", "--out", scratch.path("y")], in: scratch.url)
        #expect(heavy.status == 1 && heavy.stderr.contains("at most 1500000") && heavy.stderr.contains("scale 11"), "\(heavy.stderr)")
        #expect(!FileManager.default.fileExists(atPath: scratch.path("x")) && !FileManager.default.fileExists(atPath: scratch.path("y")))
        for (option, value) in [("--lines", "5000001"), ("--batch-lines", "0")] {
            let bench = try CloseBinary.run(["bench", "post", option, value], in: scratch.url)
            #expect(bench.status == 64 && bench.stderr.contains(option), "\(bench.stderr)")
        }
    }
}
