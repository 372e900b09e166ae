import Foundation
import GRDB
import Testing

/// Text from outside never drives the terminal (issue 14): escape sequences stored by an
/// older ledger, in file names and in refused files are printed as `\u{1B}`, never raw.
/// Each test failed before the fix.
@Suite struct TerminalSafetyTests {
    static let escapes = "\u{1B}]0;owned\u{7}\u{1B}[31mred\u{1B}[8mhidden"

    /// Rewrites stored text the way a ledger written before the refusal could hold it:
    /// with the protective triggers dropped (the test's own file).
    static func tamper(_ path: String, _ sql: String, _ arguments: StatementArguments) throws {
        let queue = try DatabaseQueue(path: path)
        defer { try? queue.close() }
        try queue.write { db in
            for trigger in try String.fetchAll(db, sql: "SELECT name FROM sqlite_master WHERE type = 'trigger'") {
                try db.execute(sql: "DROP TRIGGER \"\(trigger)\"")
            }
            try db.execute(sql: sql, arguments: arguments)
        }
    }

    static func expectNoRawControl(_ result: CloseBinary.Result, sourceLocation: SourceLocation = #_sourceLocation) {
        for (name, text) in [("stdout", result.stdout), ("stderr", result.stderr)] {
            let raw = text.unicodeScalars.filter { ($0.value < 0x20 && $0 != "\n" && $0 != "\t") || (0x7F...0x9F).contains($0.value) }
            #expect(raw.isEmpty, "\(name) holds raw control characters: \(raw.map(\.value))", sourceLocation: sourceLocation)
        }
    }

    @Test func journalShowMakesStoredEscapesVisible() throws {
        let scratch = try Scratch()
        let db = scratch.path("ledger.db")
        #expect(try CloseBinary.run(["init", "--db", db], in: scratch.url).status == 0)
        let csv = try scratch.write("j.csv", "entry_id,entity,date,account,debit,credit,currency,description,reference,partner\n"
            + "E1,US01,2026-05-04,1000,10.00,,USD,Rent,INV-1,\nE1,US01,2026-05-04,4000,,10.00,USD,Rent,INV-1,\n")
        #expect(try CloseBinary.run(["journal", "import", csv, "--as", "alice", "--db", db], in: scratch.url).status == 0)
        try Self.tamper(db, "UPDATE journal_entry SET description = ?", [Self.escapes])
        try Self.tamper(db, "UPDATE journal_line SET description = ?, reference = ?", [Self.escapes, "nul\u{0}cut"])
        let shown = try CloseBinary.run(["journal", "show", "E1", "--db", db], in: scratch.url)
        #expect(shown.status == 0, "\(shown.stderr)")
        Self.expectNoRawControl(shown)
        #expect(shown.stdout.contains("\\u{1B}]0;owned\\u{7}\\u{1B}[31mred\\u{1B}[8mhidden"), "\(shown.stdout)")
    }

    @Test func closeShowAndStatusMakeAStoredSummaryVisible() throws {
        let scratch = try Scratch()
        let db = scratch.path("close.db")
        #expect(try CloseBinary.run(["run", "--as", "bob", "--period", "2026-05"], in: scratch.url).status == 3)  // creates ./close.db
        let payload = try DatabaseQueue(path: db).read { db in
            try String.fetchOne(db, sql: "SELECT payload FROM proposal WHERE task = 'cut-off'") ?? ""
        }
        let hostile = payload.replacingOccurrences(of: "\"summary\":\"", with: "\"summary\":\"\\u001b[8m\\nforged line ")
        try Self.tamper(db, "UPDATE proposal SET payload = ? WHERE task = 'cut-off'", [hostile])
        let shown = try CloseBinary.run(["show", "cut-off", "--period", "2026-05", "--db", db], in: scratch.url)
        #expect(shown.status == 0, "\(shown.stderr)")
        Self.expectNoRawControl(shown)
        #expect(shown.stdout.contains("\\u{1B}[8m\\u{A}forged line"), "\(shown.stdout)")
        let status = try CloseBinary.run(["status", "--period", "2026-05", "--db", db], in: scratch.url)
        Self.expectNoRawControl(status)
    }

    @Test func errorMessagesMakeFileNamesAndFileTextVisible() throws {
        let scratch = try Scratch()
        let db = scratch.path("ledger.db")
        #expect(try CloseBinary.run(["init", "--db", db], in: scratch.url).status == 0)
        let name = "evil\u{1B}[2J\u{1B}]0;x\u{7}.csv"
        let missing = try CloseBinary.run(["journal", "import", name, "--as", "alice", "--db", db], in: scratch.url)
        #expect(missing.status == 1)
        Self.expectNoRawControl(missing)
        #expect(missing.stderr.contains("evil\\u{1B}[2J\\u{1B}]0;x\\u{7}.csv"), "\(missing.stderr)")
        // An unknown account code with an escape in it, quoted by the refusal.
        let csv = try scratch.write("codes.csv", "entry_id,entity,date,account,debit,credit,currency,description,reference,partner\n"
            + "E1,US01,2026-05-04,\"10\u{1B}[8m00\",10.00,,USD,d,r,\nE1,US01,2026-05-04,4000,,10.00,USD,d,r,\n")
        let refused = try CloseBinary.run(["journal", "import", csv, "--as", "alice", "--db", db], in: scratch.url)
        #expect(refused.status == 1)
        Self.expectNoRawControl(refused)
        // An unknown option is quoted by ArgumentParser, and shown safely too.
        let option = try CloseBinary.run(["journal", "import", "--\u{1B}[31m"], in: scratch.url)
        #expect(option.status == 64)
        Self.expectNoRawControl(option)
    }
}
