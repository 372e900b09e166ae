import Foundation
import GRDB
import Testing
import LedgerCore
import LedgerStore

/// The goods-receipt log in the ledger: imported all or nothing, once per id, audited; and
/// the group's recurring accrual templates saved and loaded with the group.
@Suite("Goods receipts and recurring accruals in the store")
struct GoodsReceiptStoreTests {
    static func receipt(_ id: String, entity: String = "US01", date: String = "2026-05-28", amountMinor: Int64 = 125_000,
                        currency: Currency = .usd, invoice: String? = nil) -> GoodsReceipt {
        GoodsReceipt(id: id, entity: entity, supplier: "SUP-1", date: day(date), currency: currency, amountMinor: amountMinor,
                     account: "5000", description: "Steel sheets", invoice: invoice)
    }

    @Test func importTwiceAddsNothingAndIsAuditedOnce() throws {
        let ledger = try TempLedger()
        let receipts = [Self.receipt("GR-1"), Self.receipt("GR-2", invoice: "INV-9"), Self.receipt("GR-3", entity: "DE01", currency: .eur)]
        let first = try ledger.store.importGoodsReceipts(receipts, source: "gr.csv", actor: "alice")
        #expect(first.imported == 3 && first.unchanged == 0)
        let again = try ledger.store.importGoodsReceipts(receipts, source: "gr.csv", actor: "alice")
        #expect(again.imported == 0 && again.unchanged == 3)
        #expect(try ledger.count("goods_receipt") == 3)
        #expect(try ledger.count("audit_event", where: "kind = 'goods-receipts.imported'") == 1)
        #expect(try ledger.strings("SELECT payload FROM audit_event WHERE kind = 'goods-receipts.imported'") == ["imported=3 unchanged=0 not-invoiced=2"])
        // Read back as imported, the invoice's absence kept as nil.
        #expect(try ledger.store.goodsReceipts(entity: "US01", period: period("2026-05")) == [receipts[0], receipts[1]])
        #expect(try ledger.store.goodsReceipts(entity: "US01", period: period("2026-06")).isEmpty)
        #expect(try ledger.store.goodsReceipts().count == 3)
        try ledger.expectIntact()
    }

    @Test func theSameIdWithOtherContentIsRefusedNamingIt() throws {
        let ledger = try TempLedger()
        try ledger.store.importGoodsReceipts([Self.receipt("GR-1")], source: "gr.csv", actor: "alice")
        // The invoice came in later: the log says so, but a stored receipt never changes.
        let error = try expectRefusal(.idempotencyConflict, in: ledger, "invoice added") {
            try ledger.store.importGoodsReceipts([Self.receipt("GR-2"), Self.receipt("GR-1", invoice: "INV-7")], source: "later.csv", actor: "alice")
        }
        #expect(error?.entryIndex == 1)
        #expect(error?.message.contains("goods receipt GR-1") == true)
        #expect(error?.message.contains("invoice was 'none', now 'INV-7'") == true, "\(error?.message ?? "")")
        #expect(error?.location?.file == "later.csv")
        #expect(try ledger.count("goods_receipt") == 1, "GR-2 came before the conflict and is not stored either")
    }

    @Test func aBadReceiptAnywhereRefusesTheWholeBatch() throws {
        let ledger = try TempLedger()
        let good = [Self.receipt("GR-1"), Self.receipt("GR-2")]
        let cases: [(LedgerError.Code, GoodsReceipt, String)] = [
            (.unknownEntity, Self.receipt("GR-3", entity: "FR01"), "entity"),
            (.unknownAccount, GoodsReceipt(id: "GR-3", entity: "US01", supplier: "S", date: day("2026-05-02"), currency: .usd,
                                           amountMinor: 1, account: "1150", description: "", invoice: nil), "account"),
            (.invalidAmount, Self.receipt("GR-3", amountMinor: 0), "amount"),
            (.invalidEntry, Self.receipt("GR-3", invoice: ""), "invoice"),
        ]
        for (code, bad, field) in cases {
            let error = try expectRefusal(code, in: ledger, "\(field)") {
                try ledger.store.importGoodsReceipts(good + [bad], source: "gr.csv", actor: "alice")
            }
            #expect(error?.entryIndex == 2)
            #expect(error?.location == LedgerCore.SourceLocation(file: "gr.csv", field: field))
        }
        try expectRefusal(.notPermitted, in: ledger, "the auditor") {
            try ledger.store.importGoodsReceipts(good, source: "gr.csv", actor: "dave")
        }
        #expect(try ledger.count("goods_receipt") == 0)
    }

    @Test func storedReceiptsCannotBeChangedEvenBySQL() throws {
        let ledger = try TempLedger()
        try ledger.store.importGoodsReceipts([Self.receipt("GR-1")], source: "gr.csv", actor: "alice")
        let connection = try ledger.rawConnection()
        #expect(throws: (any Error).self) { try connection.write { db in try db.execute(sql: "UPDATE goods_receipt SET amount = 1") } }
        #expect(throws: (any Error).self) { try connection.write { db in try db.execute(sql: "DELETE FROM goods_receipt") } }
        try connection.close()
        #expect(try ledger.int64("SELECT amount FROM goods_receipt") == 125_000)
    }

    @Test func recurringAccrualsAreSavedAndLoadedWithTheGroup() throws {
        var group = Fixture.group()
        group.recurringAccruals = [
            RecurringAccrual(entity: "US01", account: "5000", currency: .usd, amountMinor: 1_200_000, description: "Office rent", matches: "Rent"),
            RecurringAccrual(entity: "JP01", account: "5000", currency: .jpy, amountMinor: 1_500_000, description: "Bonus", matches: "Bonus"),
        ]
        let ledger = try TempLedger(group: group)
        #expect(try ledger.count("recurring_accrual") == 2)
        try ledger.store.close()
        let reopened = try LedgerStore.open(at: ledger.path, clock: Fixture.clock)
        #expect(reopened.group == group)
        try reopened.close()
    }

    @Test func aTemplateOnAnUnknownOrIntercompanyAccountIsRefused() {
        for (template, field) in [
            (RecurringAccrual(entity: "US01", account: "9999", currency: .usd, amountMinor: 1, description: "x", matches: "x"), "recurring_accruals.account"),
            (RecurringAccrual(entity: "US01", account: "1150", currency: .usd, amountMinor: 1, description: "x", matches: "x"), "recurring_accruals.account"),
            (RecurringAccrual(entity: "XX01", account: "5000", currency: .usd, amountMinor: 1, description: "x", matches: "x"), "recurring_accruals.entity"),
            (RecurringAccrual(entity: "US01", account: "5000", currency: .usd, amountMinor: 0, description: "x", matches: "x"), "recurring_accruals.amount"),
        ] {
            var group = Fixture.group()
            group.recurringAccruals = [template]
            #expect(throws: LedgerError.self) { try LedgerStore.create(at: nil, group: group) }
            do {
                try group.validate()
            } catch {
                #expect(error.location?.field == field)
            }
        }
    }
}
