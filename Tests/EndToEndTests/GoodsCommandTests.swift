import Foundation
import Testing

/// `close goods import` from the outside: the demo scenario's goods-receipt log, loaded with
/// the scenario, imports again as nothing new; a changed receipt and a bad file are refused
/// with the file, line and field, and change nothing.
@Suite struct GoodsCommandTests {
    func goods(_ arguments: [String], _ scratch: Scratch) throws -> CloseBinary.Result {
        try CloseBinary.run(["goods", "import", "--as", "alice"] + arguments + ["--db", "d.db"], in: scratch.url)
    }

    @Test func theLogImportsOnceAndRefusesChangesAndBadLines() throws {
        let scratch = try Scratch()
        let load = try CloseBinary.run(["scenario", "load", "demo", "--db", "d.db", "--out", "files"], in: scratch.url)
        #expect(load.status == 0, "\(load.stderr)")
        #expect(load.stdout.contains("8 statements, 11 goods receipts"), "\(load.stdout)")

        let again = try goods(["files/goods-received.csv", "--as", "alice"], scratch)
        #expect(again.status == 0, "\(again.stderr)")
        #expect(again.stdout == "files/goods-received.csv: imported 0 goods receipts, 11 already imported; 2 of 11 not invoiced\n", "\(again.stdout)")

        let before = try scratch.fingerprint("d.db")
        // The invoice of GR-GB01-2605-000004 came in: the log says so, the stored receipt does not change.
        let log = try String(contentsOfFile: scratch.path("files/goods-received.csv"), encoding: .utf8)
        let invoiced = try scratch.write("invoiced.csv", log.replacingOccurrences(of: "2565.34,1200,Freight,\n", with: "2565.34,1200,Freight,0001-000009\n"))
        #expect(log.contains("2565.34,1200,Freight,\n"))
        let conflict = try goods([invoiced], scratch)
        #expect(conflict.status == 1)
        #expect(conflict.stderr.contains("invoiced.csv, line 6, field 'receipt_id': goods receipt GR-GB01-2605-000004 was imported before with other content (invoice was 'none', now '0001-000009')"), "\(conflict.stderr)")

        let bad = try scratch.write("bad.csv", "receipt_id,entity,supplier,date,currency,amount,account,description,invoice\nGR-X,US01,S,2026-05-02,JPY,10.5,1200,x,\n")
        let refused = try goods([bad], scratch)
        #expect(refused.status == 1)
        #expect(refused.stderr.contains("bad.csv, line 2, field 'amount'"), "\(refused.stderr)")
        #expect(try scratch.fingerprint("d.db") == before)

        let help = try CloseBinary.run(["goods", "import", "--help"], in: scratch.url)
        #expect(help.stdout.contains("not invoiced"))
    }
}
