import Foundation
import Testing

/// `close import saft` and `close export saft` from the outside: the example company imports
/// and closes, every malformed file is refused with its line and element and leaves the ledger
/// as it was, an export validates against the official schema and imports back to the same
/// books, entry for entry.
@Suite struct SAFTCommandsTests {
    static let example = Fixtures.path("saft/example-1.10.xml")
    static let group = Fixtures.path("saft/group.yaml")
    /// The official schema (Skatteetaten), kept beside the example so the test needs nothing else.
    static let schema130 = Fixtures.path("saft/Norwegian_SAF-T_Financial_Schema_v_1.30.xsd")

    /// The example company in a new ledger, its differences accepted.
    static func importedExample(_ scratch: Scratch) throws -> CloseBinary.Result {
        try CloseBinary.run(["import", "saft", example, "--group", group, "--db", "ex.db", "--as", "kari", "--accept-differences"], in: scratch.url)
    }

    @Test func theExampleCompanyImportsWithItsClosingBalancesAndACloseRunsOnIt() throws {
        let scratch = try Scratch()
        // As it is, the file disagrees with itself: refused, and no ledger is left behind.
        let refused = try CloseBinary.run(["import", "saft", Self.example, "--group", Self.group, "--db", "ex.db", "--as", "kari"], in: scratch.url)
        #expect(refused.status == 1)
        #expect(refused.stderr.contains("line 70, field 'AuditFile/MasterFiles/GeneralLedgerAccounts/Account[1]'"), "\(refused.stderr)")
        #expect(refused.stderr.contains("account 1925 opens at 1234.56 NOK and moves -12500.00 NOK"))
        #expect(!FileManager.default.fileExists(atPath: scratch.path("ex.db")))

        let imported = try Self.importedExample(scratch)
        #expect(imported.status == 0, "\(imported.stderr)")
        #expect(imported.stdout.contains("posted 4 entries (14 lines)"), "\(imported.stdout)")
        #expect(imported.stdout.contains("accepted and booked to suspense 9999, which the close must clear"))
        // The trial balance is the file's closing balances; the differences sit on suspense.
        let report = try CloseBinary.run(["report", "trial-balance", "--period", "2015-12", "--entity", "NO999999999",
                                          "--format", "csv", "--db", "ex.db"], in: scratch.url)
        let balances = Dictionary(uniqueKeysWithValues: report.stdout.split(whereSeparator: \.isNewline).dropFirst().map { line in
            let cells = line.split(separator: ",").map(String.init)
            return (cells[3], cells[7])
        })
        #expect(balances == ["1925": "12345.67", "2400": "-12345.67", "2740": "-12345.67", "4000": "0.00", "9999": "12345.67"])

        let check = try CloseBinary.run(["check", "--period", "2015-12", "--db", "ex.db"], in: scratch.url)
        #expect(check.status == 0, "\(check.stdout)\(check.stderr)")
        let run = try CloseBinary.run(["run", "--period", "2015-12", "--db", "ex.db", "--as", "ola"], in: scratch.url)
        #expect(run.status == 3, "\(run.stdout)\(run.stderr)")
        #expect(run.stdout.contains("run.started: close of 2015-12 started"))
        let audit = try CloseBinary.run(["audit", "verify", "--db", "ex.db"], in: scratch.url)
        #expect(audit.status == 0, "\(audit.stderr)")
    }

    /// Each malformed file: exit 1, the line and element named, the ledger byte for byte as before.
    @Test(arguments: [
        ("missing header", "<n1:Header>", 1, "</n1:Header>", "", "line 4, field 'AuditFile/MasterFiles'", "comes before any Header"),
        ("unbalanced transaction", "<n1:Amount>12500</n1:Amount>", 1, nil, "<n1:Amount>12400</n1:Amount>",
         "field 'AuditFile/", "transaction 4567 does not balance: its debits exceed credits by 100.00 NOK"),
        ("unknown account", "<n1:AccountID>2740</n1:AccountID>", 2, nil, "<n1:AccountID>2741</n1:AccountID>",
         "field 'AuditFile/GeneralLedgerEntries/Journal[1]/Transaction[1]/Line[2]/AccountID'", "'2741' is not among the file's GeneralLedgerAccounts"),
        ("too many decimals", "<n1:Amount>10000</n1:Amount>", 1, nil, "<n1:Amount>10000.001</n1:Amount>",
         "field 'AuditFile/GeneralLedgerEntries/Journal[1]/Transaction[1]/Line[1]/DebitAmount/Amount'", "NOK has 2 decimals"),
        ("1.30 with the 1.10 layout", "<n1:AuditFileVersion>1.0</n1:AuditFileVersion>", 1, nil, "<n1:AuditFileVersion>1.30</n1:AuditFileVersion>",
         "line 73, field 'AuditFile/MasterFiles/GeneralLedgerAccounts/Account[1]/StandardAccountID'", "1.10 layout (StandardAccountID)"),
    ] as [(String, String, Int, String?, String, String, String)])
    func aMalformedFileIsRefusedAtItsLineAndElementAndChangesNothing(
        _ bad: (name: String, from: String, occurrence: Int, to: String?, replacement: String, location: String, message: String)) throws {
        let scratch = try Scratch()
        #expect(try Self.importedExample(scratch).status == 0)
        var text = try String(contentsOfFile: Self.example, encoding: .utf8)
        // The example's `occurrence`th `from` (through `to`, when given) becomes `replacement`.
        var found = text.range(of: bad.from)
        for _ in 1..<bad.occurrence { found = found.flatMap { text.range(of: bad.from, range: $0.upperBound..<text.endIndex) } }
        let start = try #require(found, "\(bad.name): the example no longer holds what the test changes")
        let end = bad.to.flatMap { text.range(of: $0, range: start.upperBound..<text.endIndex) }?.upperBound ?? start.upperBound
        text.replaceSubrange(start.lowerBound..<end, with: bad.replacement)
        let file = try scratch.write("bad.xml", text)
        let before = try scratch.fingerprint("ex.db")
        let result = try CloseBinary.run(["import", "saft", file, "--db", "ex.db", "--as", "kari", "--entity", "NO999999999"], in: scratch.url)
        #expect(result.status == 1, "\(bad.name): \(result.stdout)")
        #expect(result.stderr.contains(file + ", line "), "\(bad.name): \(result.stderr)")
        #expect(result.stderr.contains(bad.location), "\(bad.name): \(result.stderr)")
        #expect(result.stderr.contains(bad.message), "\(bad.name): \(result.stderr)")
        #expect(try scratch.fingerprint("ex.db") == before, "\(bad.name): the ledger changed")
    }

    @Test func anExportImportsBackToTheSameBooksEntryForEntry() throws {
        let scratch = try Scratch()
        #expect(try CloseBinary.run(["scenario", "load", "demo", "--db", "demo.db"], in: scratch.url).status == 0)
        #expect(try CloseBinary.run(["init", "--db", "copy.db"], in: scratch.url).status == 0)
        for entity in ["US01", "DE01", "GB01", "JP01", "CONS"] {
            let export = try CloseBinary.run(["export", "saft", "--from", "2026-04", "--to", "2026-05", "--entity", entity,
                                              "--db", "demo.db", "--out", "\(entity).xml"], in: scratch.url)
            #expect(export.status == 0, "\(export.stderr)")
            let back = try CloseBinary.run(["import", "saft", "\(entity).xml", "--entity", entity, "--db", "copy.db", "--as", "alice"], in: scratch.url)
            #expect(back.status == 0, "\(entity): \(back.stderr)")
        }
        func trialBalance(_ db: String) throws -> String {
            try CloseBinary.run(["report", "trial-balance", "--period", "2026-05", "--format", "csv", "--db", db], in: scratch.url).stdout
        }
        let original = try trialBalance("demo.db")
        #expect(original.split(whereSeparator: \.isNewline).count > 100)
        #expect(try trialBalance("copy.db") == original)
        // Entry for entry: the same entries, dates, descriptions, accounts and amounts, seen
        // through the ledger export without its metadata and prices (the copy has no rates).
        func entries(_ db: String) throws -> [Substring] {
            try CloseBinary.run(["export", "ledger", "--period", "2026-05", "--db", db], in: scratch.url).stdout
                .split(whereSeparator: \.isNewline).filter { !$0.hasPrefix("P ") && !$0.trimmingCharacters(in: .whitespaces).hasPrefix(";") }
        }
        let originalEntries = try entries("demo.db")
        #expect(originalEntries.filter { $0.hasPrefix("2026-") }.count > 200)
        #expect(try entries("copy.db") == originalEntries)
    }

    /// One month: April's balances arrive as each entity's opening entry, the intercompany
    /// accounts' split by partner (the IC customers' BalanceAccounts), and every balance at the
    /// end of May is the original's (the turnovers differ: April is one opening line now).
    @Test func aMonthsExportImportsBackWithEveryBalanceAndItsIntercompanyPartners() throws {
        let scratch = try Scratch()
        #expect(try CloseBinary.run(["scenario", "load", "demo", "--db", "demo.db"], in: scratch.url).status == 0)
        #expect(try CloseBinary.run(["init", "--db", "copy.db"], in: scratch.url).status == 0)
        for entity in ["US01", "DE01", "GB01", "JP01"] {
            #expect(try CloseBinary.run(["export", "saft", "--period", "2026-05", "--entity", entity, "--db", "demo.db", "--out", "\(entity).xml"],
                                        in: scratch.url).status == 0)
            let back = try CloseBinary.run(["import", "saft", "\(entity).xml", "--entity", entity, "--db", "copy.db", "--as", "alice"], in: scratch.url)
            #expect(back.status == 0, "\(entity): \(back.stderr)")
        }
        #expect(try String(contentsOfFile: scratch.path("US01.xml"), encoding: .utf8).contains("<CustomerID>IC-DE01</CustomerID>"))
        func balances(_ db: String) throws -> [String] {
            try CloseBinary.run(["report", "trial-balance", "--period", "2026-05", "--format", "csv", "--db", db], in: scratch.url).stdout
                .split(whereSeparator: \.isNewline).map { line in
                    let cells = line.split(separator: ",", omittingEmptySubsequences: false)
                    return [cells[0], cells[3], cells[7]].joined(separator: ",")
                }
        }
        let original = try balances("demo.db")
        #expect(original.count > 100)
        #expect(try balances("copy.db") == original)
    }

    /// `close bench saft-read`: the reader alone, for docs/performance.md.
    @Test func benchSAFTReadTimesTheReaderWithoutTheLedger() throws {
        let scratch = try Scratch()
        let run = try CloseBinary.run(["bench", "saft-read", Self.example, "--format", "json"], in: scratch.url)
        #expect(run.status == 0, "\(run.stderr)")
        let figures = try JSONSerialization.jsonObject(with: Data(run.stdout.utf8)) as? [String: Any]
        #expect(figures?["benchmark"] as? String == "saft-read")
        #expect(figures?["lines"] as? Int == 5, "\(run.stdout)")
        let missing = try CloseBinary.run(["bench", "saft-read", "missing.xml"], in: scratch.url)
        #expect(missing.status == 1 && missing.stderr.contains("missing.xml"), "\(missing.stderr)")
    }

    @Test
    func anExportValidatesAgainstTheOfficialSchema() throws {
        let scratch = try Scratch()
        #expect(try CloseBinary.run(["scenario", "load", "demo", "--db", "demo.db"], in: scratch.url).status == 0)
        #expect(FileManager.default.fileExists(atPath: Self.schema130), "the SAF-T 1.30 schema is not at \(Self.schema130)")
        for (entity, range) in [("US01", ["--period", "2026-05"]), ("JP01", ["--from", "2026-04", "--to", "2026-05"]), ("CONS", ["--period", "2026-05"])] {
            let export = try CloseBinary.run(["export", "saft", "--entity", entity, "--db", "demo.db", "--out", "\(entity).xml"] + range, in: scratch.url)
            #expect(export.status == 0, "\(export.stderr)")
            let check = try PeerTool.xmllint.run(["--noout", "--schema", Self.schema130, scratch.path("\(entity).xml")])
            #expect(check.status == 0 && check.stderr.contains("validates"), "\(entity): \(check.stderr)")
        }
        // Not valid against the schema: the reader's own 1.10 example says so too, as a control.
        let control = try PeerTool.xmllint.run(["--noout", "--schema", Self.schema130, Self.example])
        #expect(control.status != 0)
    }
}
