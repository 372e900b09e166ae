import GRDB
import LedgerCore

public struct GoodsReceiptImportSummary: Sendable, Equatable {
    public var imported = 0
    public var unchanged = 0
}

extension LedgerStore {
    /// Stores goods receipts in one transaction, all or nothing. Each must name an operating
    /// entity and an account of the chart, with a positive amount. A receipt already stored
    /// with the same content is skipped; the same id with other content (another amount, an
    /// invoice number added later...) is refused, because an accrual may already rest on the
    /// stored one. A refused receipt's error carries `entryIndex` (position in `receipts`).
    @discardableResult
    public func importGoodsReceipts(_ receipts: [GoodsReceipt], source: String, actor: String) throws -> GoodsReceiptImportSummary {
        try requireWriter(actor, allowsSystem: true)
        // Every receipt is checked before the first is stored, so the first problem of the file is the one reported.
        try checkAll(receipts, source: source)
        return try importGoodsReceipts(source: source, actor: actor) { store in try store(receipts) }
    }

    /// The streamed form (`close goods import`): `produce` hands the receipts to its argument
    /// chunk by chunk as the file is read, all in one transaction, so only a chunk is held;
    /// each is checked as above, and a refusal, or anything `produce` throws, rolls every
    /// chunk back. A refused receipt's `entryIndex` is its position in its chunk.
    @discardableResult
    public func importGoodsReceipts(source: String, actor: String,
                                    chunks produce: (_ store: ([GoodsReceipt]) throws -> Void) throws -> Void) throws -> GoodsReceiptImportSummary {
        try requireWriter(actor, allowsSystem: true)
        return try transaction { db in
            var summary = GoodsReceiptImportSummary()
            var notInvoiced = 0
            let importedAt = clock.now()
            try produce { receipts in
                try checkAll(receipts, source: source)
                for (index, receipt) in receipts.enumerated() {
                    if let stored = try GoodsReceiptRows.fetch(id: receipt.id, db) {
                        guard stored == receipt else {
                            var error = LedgerError(.idempotencyConflict, "goods receipt \(receipt.id) was imported before with other content (\(GoodsReceiptRows.difference(stored, receipt))); a receipt is imported once and never changes",
                                                    at: SourceLocation(file: source, field: "receipt_id"))
                            error.entryIndex = index
                            throw error
                        }
                        summary.unchanged += 1
                        continue
                    }
                    // Prepared once per transaction: preparing compiles the table's sealing
                    // triggers, which per receipt was a quarter of the import.
                    try db.cachedStatement(sql: """
                        INSERT INTO goods_receipt (receipt_id, entity, supplier, date, currency, amount, account, description, invoice,
                                                   imported_at, source, imported_by)
                        VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                        """).execute(arguments: [receipt.id, receipt.entity, receipt.supplier, receipt.date.description, receipt.currency.code,
                                         receipt.amountMinor, receipt.account, receipt.description, receipt.invoice,
                                         importedAt, source, actor])
                    summary.imported += 1
                }
                notInvoiced += receipts.filter { $0.invoice == nil }.count
            }
            if summary.imported > 0 {
                var audit = try AuditAppender(db, clock: clock)
                try audit.append(db, actor: actor, kind: "goods-receipts.imported", subject: source,
                                 payload: "imported=\(summary.imported) unchanged=\(summary.unchanged) not-invoiced=\(notInvoiced)")
            }
            return summary
        }
    }

    private func checkAll(_ receipts: [GoodsReceipt], source: String) throws {
        for (index, receipt) in receipts.enumerated() {
            do {
                try check(receipt)
            } catch var error as LedgerError {
                error.entryIndex = index
                throw error.at(SourceLocation(file: source))
            }
        }
    }

    /// The stored receipts of an entity dated in `period`, by date and id.
    public func goodsReceipts(entity: String, period: PeriodID) throws -> [GoodsReceipt] {
        try read { db in
            try Row.fetchAll(db, sql: """
                SELECT * FROM goods_receipt WHERE entity = ? AND date >= ? AND date <= ? ORDER BY date, receipt_id
                """, arguments: [entity, period.firstDay.description, period.lastDay.description]).map(GoodsReceiptRows.receipt)
        }
    }

    /// Every stored receipt, by entity, date and id.
    public func goodsReceipts() throws -> [GoodsReceipt] {
        try read { db in
            try Row.fetchAll(db, sql: "SELECT * FROM goods_receipt ORDER BY entity, date, receipt_id").map(GoodsReceiptRows.receipt)
        }
    }

    /// What the schema would also refuse, said in words a person can act on.
    private func check(_ receipt: GoodsReceipt) throws {
        guard !receipt.id.isEmpty else { throw LedgerError(.invalidEntry, "a goods receipt has an empty id", at: SourceLocation(field: "receipt_id")) }
        try receipt.checkLimits()
        guard let entity = group.entity(receipt.entity), !entity.isConsolidation else {
            throw LedgerError(.unknownEntity, "goods receipt \(receipt.id): '\(receipt.entity)' is not an operating entity of the group", at: SourceLocation(field: "entity"))
        }
        guard let account = group.account(receipt.account), !account.isIntercompany else {
            throw LedgerError(.unknownAccount, "goods receipt \(receipt.id): '\(receipt.account)' is not an account of the chart without the intercompany flag", at: SourceLocation(field: "account"))
        }
        guard receipt.amountMinor > 0 else {
            throw LedgerError(.invalidAmount, "goods receipt \(receipt.id): the amount must be positive, got \(receipt.amountMinor) minor units", at: SourceLocation(field: "amount"))
        }
        guard !receipt.supplier.isEmpty else {
            throw LedgerError(.invalidEntry, "goods receipt \(receipt.id) names no supplier", at: SourceLocation(field: "supplier"))
        }
        if let invoice = receipt.invoice, invoice.isEmpty {
            throw LedgerError(.invalidEntry, "goods receipt \(receipt.id): an invoice number is absent (nil) or not empty", at: SourceLocation(field: "invoice"))
        }
    }
}

/// Rows of `goods_receipt` to values and back.
enum GoodsReceiptRows {
    static func fetch(id: String, _ db: Database) throws -> GoodsReceipt? {
        try Row.fetchOne(try db.cachedStatement(sql: "SELECT * FROM goods_receipt WHERE receipt_id = ?"), arguments: [id]).map(receipt)
    }

    static func receipt(_ row: Row) throws -> GoodsReceipt {
        GoodsReceipt(id: row["receipt_id"], entity: row["entity"], supplier: row["supplier"], date: try CalendarDate(parsing: row["date"]),
                     currency: try Currency(row["currency"] as String), amountMinor: row["amount"], account: row["account"],
                     description: row["description"], invoice: row["invoice"])
    }

    /// The first field that differs, for the refusal's message.
    static func difference(_ stored: GoodsReceipt, _ new: GoodsReceipt) -> String {
        let fields: [(String, String, String)] = [
            ("entity", stored.entity, new.entity), ("supplier", stored.supplier, new.supplier),
            ("date", stored.date.description, new.date.description), ("currency", stored.currency.code, new.currency.code),
            ("amount", String(stored.amountMinor), String(new.amountMinor)), ("account", stored.account, new.account),
            ("description", stored.description, new.description), ("invoice", stored.invoice ?? "none", new.invoice ?? "none"),
        ]
        guard let field = fields.first(where: { $0.1 != $0.2 }) else { return "same fields" }
        return "\(field.0) was '\(field.1)', now '\(field.2)'"
    }
}
