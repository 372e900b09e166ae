import Foundation
import Testing

/// `close check` and the set-up checks from the outside: the demo ledger is ready; a ledger
/// missing a rate, a statement and an account the policy names lists all three at once, and
/// `close run` refuses with the same list and leaves the database as it was.
@Suite struct CloseCheckTests {
    func run(_ arguments: [String], _ scratch: Scratch, db: String = "close.db") throws -> CloseBinary.Result {
        try CloseBinary.run(arguments + ["--db", db], in: scratch.url)
    }

    @Test func theDemoLedgerPassesTheCheck() throws {
        let scratch = try Scratch()
        #expect(try run(["scenario", "load", "demo"], scratch).status == 0)
        let check = try run(["check", "--period", "2026-05"], scratch)
        #expect(check.status == 0, "\(check.stdout)\(check.stderr)")
        #expect(check.stdout == "the close of 2026-05 has every rate, statement, account and approver it needs (the default policy)\n")
        let json = try run(["check", "--period", "2026-05", "--format", "json"], scratch)
        #expect(json.status == 0)
        #expect(json.stdout.contains("\"gaps\":[]") && json.stdout.contains("\"ready\":true"))
    }

    /// The demo month of a group whose chart lacks the bank-charges account 6400 (loaded as a
    /// scenario, which `close init` would refuse), with June's rates and statements imported
    /// but for the closing EUR/USD rate and the statement of DE01/1010.
    static func incompleteJune(_ scratch: Scratch) throws {
        let acme = try String(contentsOfFile: Fixtures.path("groups/acme.yaml"), encoding: .utf8)
        _ = try scratch.write("group.yaml", acme.split(separator: "\n", omittingEmptySubsequences: false)
            .filter { !$0.contains("\"6400\"") }.joined(separator: "\n"))
        let demo = try String(contentsOfFile: Fixtures.path("scenarios/demo.yaml"), encoding: .utf8)
        _ = try scratch.write("scenario.yaml", demo.replacingOccurrences(of: "group: acme", with: "group: group.yaml")
            .replacingOccurrences(of: "bank_fees: 1", with: "bank_fees: 0")
            .replacingOccurrences(of: "unrecorded-bank-fee: 2", with: "unrecorded-bank-fee: 0"))
        let load = try CloseBinary.run(["scenario", "load", "scenario.yaml", "--db", "close.db"], in: scratch.url)
        #expect(load.status == 0, "\(load.stderr)")
        // Every rate stored from USD: the other directions are their inverses.
        _ = try scratch.write("june-rates.csv", """
            date,from,to,rate,type
            2026-06-30,USD,EUR,0.9,spot
            2026-06-30,USD,GBP,0.8,spot
            2026-06-30,USD,JPY,150,spot
            2026-06-30,USD,EUR,0.9,average
            2026-06-30,USD,GBP,0.8,average
            2026-06-30,USD,GBP,0.8,closing
            2026-06-30,USD,JPY,150,average
            2026-06-30,USD,JPY,150,closing

            """)
        _ = try scratch.write("june-bank.csv", """
            statement_id,entity,account,date,amount,currency,reference,counterparty,description
            US01-1000-2026-06,US01,1000,2026-06-30,-1.00,USD,,,Account fee
            US01-1010-2026-06,US01,1010,2026-06-30,-1.00,USD,,,Account fee
            DE01-1000-2026-06,DE01,1000,2026-06-30,-1.00,EUR,,,Account fee
            GB01-1000-2026-06,GB01,1000,2026-06-30,-1.00,GBP,,,Account fee
            GB01-1010-2026-06,GB01,1010,2026-06-30,-1.00,USD,,,Account fee
            JP01-1000-2026-06,JP01,1000,2026-06-30,-100,JPY,,,Account fee
            JP01-1010-2026-06,JP01,1010,2026-06-30,-1.00,USD,,,Account fee

            """)
        for arguments in [["rates", "import", "june-rates.csv"], ["bank", "import", "june-bank.csv"]] {
            let imported = try CloseBinary.run(arguments + ["--as", "bob", "--db", "close.db"], in: scratch.url)
            #expect(imported.status == 0, "\(arguments): \(imported.stderr)")
        }
    }

    static let expectedGaps = [
        "  [closing-rate] EUR->USD 2026-06: no closing rate EUR->USD (or USD->EUR, or both legs via USD) for 2026-06 (needed: fx-revaluation/DE01; intercompany matching, flux review; consolidation of DE01); import it with `close rates import FILE --as USER` (type closing, dated 2026-06-30)",
        "  [bank-statement] DE01/1010: no bank statement of DE01/1010 (DE62370400440532013001) closes in 2026-06; import its statement up to 2026-06-30 with `close bank import FILE --as USER`",
        "  [policy-account] reconciliation.fee_account: 6400: no such account in the group's chart; it is for bank charges and must be an expense account; add the account to the group's chart, or name another in the policy with `close policy set`",
    ]

    @Test func aMissingRateStatementAndPolicyAccountAreListedAtOnce() throws {
        let scratch = try Scratch()
        try Self.incompleteJune(scratch)
        let check = try run(["check", "--period", "2026-06"], scratch)
        #expect(check.status == 1)
        #expect(check.stdout == (["the close of 2026-06 lacks 3 thing(s) it needs (the default policy):"] + Self.expectedGaps).joined(separator: "\n") + "\n")
        let json = try run(["check", "--period", "2026-06", "--format", "json"], scratch)
        #expect(json.status == 1)
        for kind in ["closing-rate", "bank-statement", "policy-account"] { #expect(json.stdout.contains("\"kind\":\"\(kind)\"")) }
    }

    @Test func runRefusesWithTheSameListAndChangesNothing() throws {
        let scratch = try Scratch()
        try Self.incompleteJune(scratch)
        let before = try scratch.fingerprint("close.db")
        let refused = try run(["run", "--period", "2026-06", "--as", "bob"], scratch)
        #expect(refused.status == 1)
        for gap in Self.expectedGaps { #expect(refused.stderr.contains(gap), "\(gap) in \(refused.stderr)") }
        #expect(refused.stderr.contains("cannot start: it lacks 3 thing(s)"))
        #expect(try scratch.fingerprint("close.db") == before)
        let status = try run(["status", "--period", "2026-06"], scratch)
        #expect(status.status == 1 && status.stderr.contains("no close of 2026-06 has started"))
    }

    @Test func initRefusesAChartWithoutAnAccountThePolicyNames() throws {
        let scratch = try Scratch()
        let acme = try String(contentsOfFile: Fixtures.path("groups/acme.yaml"), encoding: .utf8)
        _ = try scratch.write("group.yaml", acme.replacingOccurrences(of: "  - {code: \"6400\", name: Bank charges, type: expense}\n", with: ""))
        let refused = try run(["init", "--group", "group.yaml"], scratch)
        #expect(refused.status == 1)
        #expect(refused.stderr.contains("reconciliation.fee_account names 6400: no such account"))
        #expect(!FileManager.default.fileExists(atPath: scratch.path("close.db")))
    }
}
