import Foundation
import GRDB
import Testing
import LedgerCore
@testable import LedgerStore

/// A ledger written before row seals existed (migrations v1 to v7) is sealed once, in one
/// baseline `rows.sealed` event, by the `open` that applies v8; from then on it is checked
/// like any other.
@Suite("Row seals: the baseline of a ledger made before them")
struct RowSealMigrationTests {
    /// A v7 ledger made the way the store made them: the group, a rate and a period change,
    /// each audited.
    static func v7Ledger(at path: String) throws {
        let queue = try DatabaseQueue(path: path)
        try Schema.migrator.migrate(queue, upTo: "v7-scenario-truth")
        try queue.write { db in
            try GroupRecords.save(SealedLedger.group, db)
            var audit = try AuditAppender(db, clock: Fixture.clock)
            try audit.append(db, actor: "system", kind: "ledger.created", subject: "Fixture Group", payload: "currency=USD")
            try db.execute(sql: "INSERT INTO fx_rate VALUES ('2026-05-01', 'EUR', 'USD', 'spot', '1.0845')")
            try audit.append(db, actor: "alice", kind: "rates.imported", subject: "rates", payload: "imported=1 unchanged=0")
            try db.execute(sql: "INSERT INTO period VALUES ('US01', '2026-04', 'soft-closed')")
            try audit.append(db, actor: "bob", kind: "period.soft-closed", subject: "US01/2026-04", payload: "from=open to=soft-closed reason=")
        }
        try queue.close()
    }

    @Test("Opening a v7 ledger seals every existing row in one baseline event, once; edits are detected from then on")
    func baselineOnMigration() throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("close-baseline-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let path = directory + "/v7.db"
        try Self.v7Ledger(at: path)

        let store = try LedgerStore.open(at: path, clock: Fixture.clock)
        #expect(store.tamperedGroupRow == nil)
        let events = try store.read { db in
            try String.fetchAll(db, sql: "SELECT kind || ' ' || actor || ' ' || subject FROM audit_event ORDER BY seq")
        }
        #expect(events == ["ledger.created system Fixture Group", "rates.imported alice rates", "period.soft-closed bob US01/2026-04",
                           "rows.sealed system baseline"])
        let verification = try store.verifyAudit()
        #expect(verification.isIntact, "\(verification.firstProblem ?? "")")
        let rows = try store.read { db in
            try RowSeals.tables.reduce(0) { $0 + (try Int.fetchOne(db, sql: "SELECT count(*) FROM \($1.name)") ?? 0) }
        }
        #expect(verification.rowsChecked == rows)
        #expect(try store.read { db in try Int.fetchOne(db, sql: "SELECT count(*) FROM row_seal") } == rows)
        // The ledger works on as usual; opening it again seals nothing more.
        try store.post([sale("after")], actor: "alice")
        try store.close()
        let again = try LedgerStore.open(at: path, clock: Fixture.clock)
        #expect(try again.auditEventCount() == 5)
        try again.close()

        let queue = try DatabaseQueue(path: path)
        try queue.write { db in
            try db.execute(sql: "DROP TRIGGER IF EXISTS fx_rate_no_update")
            try db.execute(sql: "UPDATE fx_rate SET rate = '2' WHERE date = '2026-05-01'")
        }
        try queue.close()
        let tampered = try LedgerStore.open(at: path, clock: Fixture.clock)
        #expect(try tampered.verifyAudit().firstProblem?.contains("fx_rate (from_currency EUR, to_currency USD, type spot, date 2026-05-01) does not match its seal in audit event 4") == true)
        try tampered.close()
    }
}
