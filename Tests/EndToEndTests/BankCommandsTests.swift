import Foundation
import Testing

/// `close bank import` and `close report reconciliation` from the outside, on the demo
/// scenario's own statements and on statements other projects wrote.
@Suite struct BankCommandsTests {
    /// `shared/external`: $CLOSE_EXTERNAL, else beside the package, else the workplace's copy.
    static let external: String = {
        let package = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        let candidates = [ProcessInfo.processInfo.environment["CLOSE_EXTERNAL"],
                          package.deletingLastPathComponent().appendingPathComponent("shared/external").path,
                          "/work/shared/external"].compactMap { $0 }
        return candidates.first { FileManager.default.fileExists(atPath: $0 + "/README.md") } ?? candidates[1]
    }()

    func loadedDemo() throws -> Scratch {
        let scratch = try Scratch()
        let load = try CloseBinary.run(["scenario", "load", "demo", "--db", "d.db", "--out", "files"], in: scratch.url)
        #expect(load.status == 0, "\(load.stderr)")
        return scratch
    }

    func bank(_ arguments: [String], _ scratch: Scratch) throws -> CloseBinary.Result {
        try CloseBinary.run(["bank", "import", "--as", "alice"] + arguments + ["--db", "d.db"], in: scratch.url)
    }

    @Test func aStatementIsImportedOnceWhateverItsFormat() throws {
        let scratch = try loadedDemo()
        for file in ["files/bank/DE01-1000-2026-05.csv", "files/bank/DE01-1000-2026-05.camt053.xml"] {
            let again = try bank([file], scratch)
            #expect(again.status == 0, "\(again.stderr)")
            #expect(again.stdout.contains("imported 0 statement(s) with 0 lines") && again.stdout.contains("1 already imported"), "\(file)")
        }
        // The same statement id with other content (a line's bank reference) is refused.
        let original = try String(contentsOfFile: scratch.path("files/bank/DE01-1000-2026-05.csv"), encoding: .utf8)
        let tampered = try scratch.write("tampered.csv", original.replacingOccurrences(of: "COBA260502000001", with: "COBA260502999999"))
        #expect(original.contains("COBA260502000001"))
        let before = try scratch.fingerprint("d.db")
        let refused = try bank([tampered], scratch)
        #expect(refused.status == 1)
        #expect(refused.stderr.contains("imported before with other content"), "\(refused.stderr)")
        #expect(try scratch.fingerprint("d.db") == before)
    }

    @Test func foreignStatementsNeedTheirAccountAndAreCheckedBeforeAnythingIsStored() throws {
        let scratch = try loadedDemo()
        let before = try scratch.fingerprint("d.db")
        let camt = Self.external + "/camt/camt053.v2.multi.statement.xml"
        let unmapped = try bank([camt], scratch)
        #expect(unmapped.status == 1 && unmapped.stderr.contains("no bank account of the group has IBAN NL26VAYB8060476890"))
        let decimals = try bank([Self.external + "/camt/camt053.v2.five.decimals.xml", "--entity", "DE01", "--account", "1000"], scratch)
        #expect(decimals.status == 1 && decimals.stderr.contains("has 3 decimals; EUR has 2"), "\(decimals.stderr)")
        let empty = try bank([Self.external + "/camt/camt053.v2.wrong.xml"], scratch)
        #expect(empty.status == 1 && empty.stderr.contains("holds no statement"))
        let wrongCurrency = try bank([camt, "--entity", "US01", "--account", "1000"], scratch)
        #expect(wrongCurrency.status == 1, "EUR statements on a USD account")
        #expect(try scratch.fingerprint("d.db") == before)

        let mapped = try bank([camt, "--entity", "DE01", "--account", "1000"], scratch)
        #expect(mapped.status == 0, "\(mapped.stderr)")
        #expect(mapped.stdout.contains("imported 2 statement(s) with 2 lines"))
        let mt940 = try bank([Self.external + "/mt940/jejik/generic.sta", "--entity", "DE01", "--account", "1000"], scratch)
        #expect(mt940.status == 0 && mt940.stdout.contains("imported 2 statement(s)"), "\(mt940.stderr)")
        #expect(try CloseBinary.run(["audit", "verify", "--db", "d.db"], in: scratch.url).status == 0)
    }

    @Test func theReconciliationReportCertifiesEveryDemoAccount() throws {
        let scratch = try loadedDemo()
        let table = try CloseBinary.run(["report", "reconciliation", "--period", "2026-05", "--db", "d.db"], in: scratch.url)
        #expect(table.status == 0, "\(table.stderr)")
        #expect(table.stdout.contains("propose: ") && table.stdout.contains("[unrecorded-fee]"))
        let json = try CloseBinary.run(["report", "reconciliation", "--period", "2026-05", "--format", "json", "--db", "d.db"], in: scratch.url)
        let accounts = try #require(try JSONSerialization.jsonObject(with: Data(json.stdout.utf8)) as? [[String: Any]])
        #expect(accounts.count == 8)
        #expect(accounts.allSatisfy { $0["certified"] as? Bool == true })
        let html = try CloseBinary.run(["report", "reconciliation", "--period", "2026-05", "--format", "html", "--entity", "GB01", "--db", "d.db"], in: scratch.url)
        #expect(html.stdout.hasPrefix("<!DOCTYPE html>") && html.stdout.contains("GB29NWBK60161331926819"))
        let score = try CloseBinary.run(["scenario", "score", "demo"], in: scratch.url)
        #expect(score.stdout.contains("auto-match rate: 100.00%"), "\(score.stdout)")
    }

    @Test func theReconcileBenchmarkSaysWhereItsTimeWent() throws {
        let scratch = try Scratch()
        let run = try CloseBinary.run(["bench", "reconcile", "--lines", "2000", "--repeat", "3", "--format", "json"], in: scratch.url)
        #expect(run.status == 0, "\(run.stderr)")
        let figures = try #require(try JSONSerialization.jsonObject(with: Data(run.stdout.utf8)) as? [String: Any])
        let steps = try #require(figures["steps"] as? [[String: Any]])
        #expect(steps.map { $0["step"] as? String } == ["index", "exact", "batch-references", "amount-date", "many-to-one",
                                                         "one-to-many", "fuzzy-reference", "amount-tolerance", "result"])
        let total = try #require(figures["seconds"] as? Double)
        let stepTotal = steps.reduce(0.0) { $0 + ($1["seconds"] as? Double ?? .nan) }
        #expect(stepTotal > 0 && stepTotal <= total, "the steps are parts of the median run")
        #expect((figures["all_seconds"] as? [Double])?.count == 3)
        let matched = try #require(figures["matched_statement_lines"] as? Int)
        #expect(matched > 1_800 && matched <= (figures["statement_lines"] as? Int ?? 0))
        let bad = try CloseBinary.run(["bench", "reconcile", "--lines", "5"], in: scratch.url)
        #expect(bad.status == 64 && bad.stderr.contains("--lines must be at least 10"))
        let huge = try CloseBinary.run(["bench", "reconcile", "--lines", "3000000000"], in: scratch.url)
        #expect(huge.status == 64 && huge.stderr.contains("--lines must be at most 100000000"))
        let hugeGrowth = try CloseBinary.run(["bench", "reconcile", "--lines", "20000000", "--growth"], in: scratch.url)
        #expect(hugeGrowth.status == 64 && hugeGrowth.stderr.contains("at most 10000000 with --growth"))
    }

    @Test func theGrowthBenchmarkMatchesTenTimesTheLinesInTurn() throws {
        let scratch = try Scratch()
        let run = try CloseBinary.run(["bench", "reconcile", "--lines", "300", "--repeat", "3", "--growth", "--format", "json"], in: scratch.url)
        #expect(run.status == 0, "\(run.stderr)")
        let figures = try #require(try JSONSerialization.jsonObject(with: Data(run.stdout.utf8)) as? [String: Any])
        #expect(figures["benchmark"] as? String == "reconcile-growth")
        #expect(figures["lines"] as? Int == 300 && figures["ten_times_lines"] as? Int == 3_000)
        let small = try #require(figures["seconds"] as? Double), large = try #require(figures["ten_times_seconds"] as? Double)
        let growth = try #require(figures["growth"] as? Double)
        #expect(abs(growth - large / small) < 1e-9)
        #expect((figures["ten_times_all_seconds"] as? [Double])?.count == 3)
        #expect(figures["within_n_log_n"] as? Bool == (growth <= 12))
        let table = try CloseBinary.run(["bench", "reconcile", "--lines", "300", "--repeat", "1", "--growth"], in: scratch.url)
        #expect(table.stdout.contains("ten times the lines took") && table.stdout.contains("against 3000 ledger lines"), "\(table.stdout)")
    }
}
