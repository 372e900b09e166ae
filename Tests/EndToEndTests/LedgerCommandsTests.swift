import Foundation
import Testing

/// The `close` binary from the outside: outputs, exit codes and the database left behind.
@Suite struct LedgerCommandsTests {
    static let journal = """
    entry_id,entity,date,account,debit,credit,currency,description,reference,partner
    S-1,US01,2026-05-04,1100,1250.00,,USD,Invoice 1,INV-1,
    S-1,US01,2026-05-04,4000,,1250.00,USD,Invoice 1,INV-1,
    IC-1,US01,2026-05-06,1150,300.00,,USD,"Fee, May",IC-1,DE01
    IC-1,US01,2026-05-06,4100,,300.00,USD,"Fee, May",IC-1,DE01
    J-1,JP01,2026-05-07,6100,120000,,JPY,Rent,R-1,
    J-1,JP01,2026-05-07,1000,,120000,JPY,Rent,R-1,

    """

    func initLedger(_ scratch: Scratch) throws {
        let result = try CloseBinary.run(["init", "--db", "ledger.db"], in: scratch.url)
        #expect(result.status == 0, "\(result.stderr)")
    }

    @Test func helpExistsForEveryCommand() throws {
        let scratch = try Scratch()
        let commands = [[], ["demo"], ["init"], ["entities", "list"], ["accounts", "list"], ["journal", "import"],
                        ["journal", "show"], ["journal", "reverse"], ["rates", "import"], ["rates", "list"],
                        ["period", "status"], ["period", "soft-close"], ["period", "close"], ["period", "reopen"],
                        ["report", "trial-balance"], ["report", "consolidated"], ["report", "statements"], ["audit", "verify"], ["audit", "head"],
                        ["bench", "post"], ["bench", "trial-balance"], ["bench", "verify"],
                        ["bench", "generate"], ["scenario"], ["scenario", "list"], ["scenario", "generate"], ["scenario", "load"],
                        ["import", "saft"], ["export", "saft"], ["export", "ledger"], ["export", "hledger"], ["export", "beancount"]]
        for command in commands {
            let result = try CloseBinary.run(command + ["--help"], in: scratch.url)
            #expect(result.status == 0, "close \(command.joined(separator: " ")) --help")
            #expect(result.stdout.contains("USAGE: close"), "close \(command.joined(separator: " ")) --help")
        }
    }

    @Test func initAndListsDescribeTheDemoGroup() throws {
        let scratch = try Scratch()
        try initLedger(scratch)
        let again = try CloseBinary.run(["init", "--db", "ledger.db"], in: scratch.url)
        #expect(again.status == 1)
        #expect(again.stderr.contains("already exists"))

        let entities = try CloseBinary.run(["entities", "list", "--db", "ledger.db", "--format", "json"], in: scratch.url)
        let entityObjects = try #require(try JSONSerialization.jsonObject(with: Data(entities.stdout.utf8)) as? [[String: Any]])
        #expect(entityObjects.map { $0["code"] as? String } == ["US01", "DE01", "GB01", "JP01", "CONS"])
        #expect(entityObjects.map { $0["currency"] as? String } == ["USD", "EUR", "GBP", "JPY", "USD"])

        let accounts = try CloseBinary.run(["accounts", "list", "--format", "json"], in: scratch.url,
                                           environment: ["CLOSE_DB": scratch.path("ledger.db")])
        let accountObjects = try #require(try JSONSerialization.jsonObject(with: Data(accounts.stdout.utf8)) as? [[String: Any]])
        #expect(accountObjects.count >= 28)
        let bank = try #require(accountObjects.first { $0["code"] as? String == "1000" })
        #expect(bank["type"] as? String == "asset")
        #expect(bank["bank"] as? Bool == true)
        #expect(bank["intercompany"] as? Bool == false)
        #expect(accountObjects.contains { $0["intercompany"] as? Bool == true })
    }

    @Test func journalImportIsAllOrNothingAndIdempotent() throws {
        let scratch = try Scratch()
        try initLedger(scratch)
        let file = try scratch.write("may.csv", Self.journal)
        let first = try CloseBinary.run(["journal", "import", "--as", "alice", file, "--db", "ledger.db"], in: scratch.url)
        #expect(first.status == 0, "\(first.stderr)")
        #expect(first.stdout.contains("posted 3 entries (6 lines), skipped 0 entries (0 lines)"))
        let before = try scratch.fingerprint("ledger.db")
        let second = try CloseBinary.run(["journal", "import", "--as", "alice", file, "--db", "ledger.db"], in: scratch.url)
        #expect(second.status == 0)
        #expect(second.stdout.contains("posted 0 entries (0 lines), skipped 3 entries (6 lines)"))
        #expect(try scratch.fingerprint("ledger.db") != before, "a replay is audited as a batch")

        let changed = try scratch.write("changed.csv", Self.journal.replacingOccurrences(of: "1250.00", with: "1260.00"))
        let beforeConflict = try scratch.fingerprint("ledger.db")
        let conflict = try CloseBinary.run(["journal", "import", "--as", "alice", changed, "--db", "ledger.db"], in: scratch.url)
        #expect(conflict.status == 1)
        #expect(conflict.stderr.contains("changed.csv"))
        #expect(conflict.stderr.contains("line 2"))
        #expect(conflict.stderr.contains("different content"))
        #expect(try scratch.fingerprint("ledger.db") == beforeConflict)
    }

    @Test func trialBalanceJSONHasTheDocumentedShape() throws {
        let scratch = try Scratch()
        try initLedger(scratch)
        let file = try scratch.write("may.csv", Self.journal)
        try CloseBinary.run(["journal", "import", "--as", "alice", file, "--db", "ledger.db"], in: scratch.url)
        let result = try CloseBinary.run(["report", "trial-balance", "--period", "2026-05", "--entity", "US01",
                                          "--format", "json", "--db", "ledger.db"], in: scratch.url)
        #expect(result.status == 0, "\(result.stderr)")
        let object = try #require(try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any])
        #expect(object["period"] as? String == "2026-05")
        #expect(object["entity"] as? String == "US01")
        #expect(object["currency"] as? String == "USD")
        #expect(object["total_debit"] as? String == "1550.00")
        #expect(object["total_credit"] as? String == "1550.00")
        let accounts = try #require(object["accounts"] as? [[String: String]])
        #expect(accounts.map { $0["account"] } == ["1100", "1150", "4000", "4100"])
        #expect(accounts.first?["balance"] == "1250.00")
        #expect(accounts.last?["balance"] == "-300.00")

        let csv = try CloseBinary.run(["report", "trial-balance", "--period", "2026-05", "--format", "csv", "--db", "ledger.db"], in: scratch.url)
        #expect(csv.stdout.split(separator: "\n").first == "entity,period,currency,account,name,debit,credit,balance")
        #expect(csv.stdout.contains("JP01,2026-05,JPY,6100,Rent,120000,0,120000"))
    }

    @Test func reversalPostsOnceAndNeedsAUserAndAReason() throws {
        let scratch = try Scratch()
        try initLedger(scratch)
        let file = try scratch.write("may.csv", Self.journal)
        try CloseBinary.run(["journal", "import", "--as", "alice", file, "--db", "ledger.db"], in: scratch.url)
        let noUser = try CloseBinary.run(["journal", "reverse", "S-1", "--reason", "typo", "--db", "ledger.db"], in: scratch.url)
        #expect(noUser.status == 64)
        let auditor = try CloseBinary.run(["journal", "reverse", "S-1", "--reason", "typo", "--as", "dave", "--db", "ledger.db"], in: scratch.url)
        #expect(auditor.status == 1)
        #expect(auditor.stderr.contains("auditor"))
        let reversed = try CloseBinary.run(["journal", "reverse", "US01-2026-000001", "--reason", "typo", "--as", "bob", "--db", "ledger.db"], in: scratch.url)
        #expect(reversed.status == 0, "\(reversed.stderr)")
        #expect(reversed.stdout.contains("posted US01-2026-000003"))
        let twice = try CloseBinary.run(["journal", "reverse", "S-1", "--reason", "again", "--as", "bob", "--db", "ledger.db"], in: scratch.url)
        #expect(twice.status == 1)
        #expect(twice.stderr.contains("already reversed by US01-2026-000003"))
        let tb = try CloseBinary.run(["report", "trial-balance", "--period", "2026-05", "--entity", "US01", "--db", "ledger.db"], in: scratch.url)
        #expect(tb.stdout.contains("1100     Trade receivables        1,250.00  1,250.00     0.00"), "\(tb.stdout)")
    }

    @Test func periodStatesGovernPosting() throws {
        let scratch = try Scratch()
        try initLedger(scratch)
        let file = try scratch.write("may.csv", Self.journal)
        let soft = try CloseBinary.run(["period", "soft-close", "--period", "2026-05", "--as", "bob", "--db", "ledger.db"], in: scratch.url)
        #expect(soft.status == 0, "\(soft.stderr)")
        #expect(soft.stdout.contains("US01 2026-05: open -> soft-closed"))
        let before = try scratch.fingerprint("ledger.db")
        let refused = try CloseBinary.run(["journal", "import", "--as", "alice", file, "--db", "ledger.db"], in: scratch.url)
        #expect(refused.status == 1)
        #expect(refused.stderr.contains("soft-closed"))
        #expect(refused.stderr.contains("may.csv, line 2"))
        #expect(try scratch.fingerprint("ledger.db") == before)
        let noReason = try CloseBinary.run(["period", "reopen", "--period", "2026-05", "--as", "bob", "--db", "ledger.db"], in: scratch.url)
        #expect(noReason.status == 64)
        let closed = try CloseBinary.run(["period", "close", "--period", "2026-05", "--entity", "US01", "--as", "carol", "--db", "ledger.db"], in: scratch.url)
        #expect(closed.status == 0)
        let status = try CloseBinary.run(["period", "status", "--period", "2026-05", "--format", "json", "--db", "ledger.db"], in: scratch.url)
        let states = try #require(try JSONSerialization.jsonObject(with: Data(status.stdout.utf8)) as? [[String: Any]])
        #expect(states.map { $0["state"] as? String } == ["closed", "soft-closed", "soft-closed", "soft-closed", "soft-closed"])
        // Reopening takes a controller and the CFO: the first asks, the second (other role) reopens.
        let byAlice = try CloseBinary.run(["period", "reopen", "--period", "2026-05", "--reason", "late invoice", "--as", "alice", "--db", "ledger.db"], in: scratch.url)
        #expect(byAlice.status == 1 && byAlice.stderr.contains("controller and a CFO"))
        let requested = try CloseBinary.run(["period", "reopen", "--period", "2026-05", "--reason", "late invoice", "--as", "carol", "--db", "ledger.db"], in: scratch.url)
        #expect(requested.status == 0 && requested.stdout.contains("waits for a controller"), "\(requested.stderr)")
        let stillRefused = try CloseBinary.run(["journal", "import", "--as", "alice", file, "--db", "ledger.db"], in: scratch.url)
        #expect(stillRefused.status == 1)
        let again = try CloseBinary.run(["period", "reopen", "--period", "2026-05", "--reason", "late invoice", "--as", "carol", "--db", "ledger.db"], in: scratch.url)
        #expect(again.stdout.contains("waits for a controller"), "the same person twice is still one approver")
        let reopened = try CloseBinary.run(["period", "reopen", "--period", "2026-05", "--reason", "agreed", "--as", "bob", "--db", "ledger.db"], in: scratch.url)
        #expect(reopened.status == 0, "\(reopened.stderr)")
        #expect(reopened.stdout.contains("US01 2026-05: closed -> open"))
        let posted = try CloseBinary.run(["journal", "import", "--as", "alice", file, "--db", "ledger.db"], in: scratch.url)
        #expect(posted.status == 0, "\(posted.stderr)")
    }

    @Test func usageErrorsExitWith64() throws {
        let scratch = try Scratch()
        try initLedger(scratch)
        for arguments in [["frobnicate"], ["report", "trial-balance", "--period", "2026-13", "--db", "ledger.db"],
                          ["report", "trial-balance", "--db", "ledger.db"],
                          ["entities", "list", "--format", "xml", "--db", "ledger.db"],
                          ["bench", "post", "--lines", "1"]] {
            let result = try CloseBinary.run(arguments, in: scratch.url)
            #expect(result.status == 64, "close \(arguments.joined(separator: " ")): \(result.stderr)")
        }
        let missing = try CloseBinary.run(["audit", "verify", "--db", "nowhere.db"], in: scratch.url)
        #expect(missing.status == 1)
        #expect(missing.stderr.contains("no ledger at nowhere.db"))
        #expect(!FileManager.default.fileExists(atPath: scratch.path("nowhere.db")))
    }

    @Test func demoRunsAndIsDeterministic() throws {
        let scratch = try Scratch()
        let first = try CloseBinary.run(["demo"], in: scratch.url)
        #expect(first.status == 0, "\(first.stderr)")
        #expect(first.stdout.contains("audit chain verified"))
        #expect(first.stdout.contains("US01 closed, DE01 closed, GB01 closed, JP01 closed"))
        #expect(first.stdout.contains("injected faults: 24; resolved 18, accepted 6, posted-without-human 0, raised 0, missed 0"), "\(first.stdout)")
        let second = try CloseBinary.run(["demo"], in: scratch.url)
        #expect(second.stdout == first.stdout)
        let verify = try CloseBinary.run(["audit", "verify", "--db", "close-demo.db"], in: scratch.url)
        #expect(verify.status == 0)
    }
}
