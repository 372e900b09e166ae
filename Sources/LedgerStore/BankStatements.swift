import Foundation
import GRDB
import LedgerCore

public struct BankImportSummary: Sendable, Equatable {
    public var imported = 0
    public var unchanged = 0
    public var lines = 0
    /// Statements skipped because they were imported before under another id (another
    /// format); `unchanged` counts them too.
    public var sameAsEarlier: [EarlierStatementImport] = []
}

/// A journal line on a bank account, as reconciliation sees it.
public struct LedgerBankLine: Sendable, Hashable {
    public var entryKey: String
    public var document: String
    public var date: CalendarDate
    /// Signed, in the line's currency: positive is money in (a debit to the bank).
    public var amountMinor: Int64
    public var currency: Currency
    public var reference: String
    public var description: String
    /// The entry books its other side, at least in part, to a balance-sheet account (a
    /// receivable, a payable, another bank account): a settlement or a transfer, which the
    /// bank's own charge or interest never is.
    public var balanceSheetCounterpart: Bool
}

extension LedgerStore {
    /// Stores bank statements in one transaction, all or nothing. Each must name a bank
    /// account of the group, be in its currency and tie out. A statement already imported
    /// (same account and id, same content) is skipped; the same id with other content is refused.
    /// So is one imported before under another id, from another format (`earlierImport`);
    /// one that repeats an imported statement's lines over the days they share is refused
    /// (`refuseOverlap`).
    @discardableResult
    public func importStatements(_ statements: [BankStatement], source: String, actor: String) throws -> BankImportSummary {
        try requireWriter(actor, allowsSystem: true)
        // Every statement is checked before the first is stored: the first problem of the
        // file is the one reported, before any clash with the ledger.
        for statement in statements { try checkImportable(statement, source: source) }
        return try importStatements(source: source, actor: actor) { store in
            for statement in statements { try store(statement) }
        }
    }

    /// The streamed form (`close bank import`): `produce` hands each statement to its
    /// argument as the file is read, all in one transaction, so only the statement at hand is
    /// held; each is checked as `importStatements(_:source:actor:)` checks it, and a refusal
    /// there, or anything `produce` throws, rolls every statement back.
    @discardableResult
    public func importStatements(source: String, actor: String,
                                 statements produce: (_ store: (BankStatement) throws -> Void) throws -> Void) throws -> BankImportSummary {
        try requireWriter(actor, allowsSystem: true)
        return try transaction { db in
            var summary = BankImportSummary()
            try produce { statement in
                try checkImportable(statement, source: source)
                try store(statement, source: source, actor: actor, summary: &summary, db)
            }
            return summary
        }
    }

    /// What the schema and the books need of a statement, said in words a person can act on.
    private func checkImportable(_ statement: BankStatement, source: String) throws {
        do {
            try statement.checkLimits()
        } catch {
            throw error.at(SourceLocation(file: source))
        }
        guard let bank = group.bankAccount(entity: statement.entity, account: statement.account) else {
            throw LedgerError(.unknownAccount, "statement \(statement.id): \(statement.entity)/\(statement.account) is not a bank account of the group", at: SourceLocation(file: source))
        }
        guard bank.currency == statement.currency else {
            throw LedgerError(.invalidCurrency, "statement \(statement.id) is in \(statement.currency), the account \(bank.iban) in \(bank.currency)", at: SourceLocation(file: source))
        }
        guard try statement.tieOutDifference() == 0 else {
            throw LedgerError(.invalidAmount, "statement \(statement.id) does not tie out: opening + lines differs from closing by \(try statement.tieOutDifference())", at: SourceLocation(file: source))
        }
    }

    /// One checked statement into the ledger, unless it is there already (same id and
    /// content, or the same statement under another id).
    private func store(_ statement: BankStatement, source: String, actor: String, summary: inout BankImportSummary, _ db: Database) throws {
        let iban = group.bankAccount(entity: statement.entity, account: statement.account)!.iban
        let hash = Self.contentHash(statement)
        if let stored = try Data.fetchOne(db, sql: "SELECT content_hash FROM bank_statement WHERE iban = ? AND statement_id = ?",
                                          arguments: [iban, statement.id]) {
            guard Array(stored) == hash else {
                throw LedgerError(.idempotencyConflict, "statement \(statement.id) of \(iban) was imported before with other content; a statement is imported once and never changes", at: SourceLocation(file: source))
            }
            summary.unchanged += 1
            return
        }
        if let earlier = try earlierImport(of: statement, iban: iban, source: source, db) {
            summary.unchanged += 1
            summary.sameAsEarlier.append(earlier)
            return
        }
        try refuseOverlap(of: statement, iban: iban, source: source, db)
        try db.execute(sql: """
            INSERT INTO bank_statement (iban, statement_id, entity, account, currency, opening_date, opening, closing_date, closing,
                                        content_hash, source, imported_by)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
            """, arguments: [iban, statement.id, statement.entity, statement.account, statement.currency.code,
                             statement.openingDate.description, statement.openingMinor, statement.closingDate.description,
                             statement.closingMinor, Data(hash), source, actor])
        let id = db.lastInsertedRowID
        let insertLine = try db.cachedStatement(sql: """
            INSERT INTO bank_line (statement, line_no, booking_date, value_date, amount, reference, bank_reference, counterparty, description, kind)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
            """)
        for (index, line) in statement.lines.enumerated() {
            try insertLine.execute(arguments: [id, index + 1, line.bookingDate.description, line.valueDate.description, line.amountMinor,
                                               line.reference, line.bankReference, line.counterparty, line.description, line.kind.rawValue])
        }
        var audit = try AuditAppender(db, clock: clock)
        try audit.append(db, actor: actor, kind: "bank.imported", subject: "\(statement.entity)/\(statement.account) \(statement.id)",
                         payload: "lines=\(statement.lines.count) opening=\(statement.openingMinor) closing=\(statement.closingMinor) hash=\(Hex.encode(hash)) source=\(source)")
        summary.imported += 1
        summary.lines += statement.lines.count
    }

    /// The imported statements of a bank account whose closing date falls in `period`.
    public func bankStatements(entity: String, account: String, period: PeriodID) throws -> [BankStatement] {
        try read { db in
            try Row.fetchAll(db, sql: """
                SELECT * FROM bank_statement WHERE entity = ? AND account = ? AND closing_date >= ? AND closing_date <= ?
                ORDER BY closing_date, id
                """, arguments: [entity, account, period.firstDay.description, period.lastDay.description]).map { row in
                let id: Int64 = row["id"]
                let lines = try Row.fetchAll(db, sql: "SELECT * FROM bank_line WHERE statement = ? ORDER BY line_no", arguments: [id]).map { line in
                    BankLine(bookingDate: try CalendarDate(parsing: line["booking_date"]), valueDate: try CalendarDate(parsing: line["value_date"]),
                             amountMinor: line["amount"], reference: line["reference"], bankReference: line["bank_reference"],
                             counterparty: line["counterparty"], description: line["description"],
                             kind: BankLineKind(rawValue: line["kind"]) ?? .transfer)
                }
                return BankStatement(id: row["statement_id"], entity: row["entity"], account: row["account"], iban: row["iban"],
                                     currency: try Currency(row["currency"] as String),
                                     openingDate: try CalendarDate(parsing: row["opening_date"]), openingMinor: row["opening"],
                                     closingDate: try CalendarDate(parsing: row["closing_date"]), closingMinor: row["closing"],
                                     createdAt: "", lines: lines)
            }
        }
    }

    /// Posted journal lines on a bank account dated from `from` through `through`.
    public func ledgerBankLines(entity: String, account: String, from: CalendarDate, through: CalendarDate) throws -> [LedgerBankLine] {
        try read { db in
            try Row.fetchAll(db, sql: """
                SELECT e.idempotency_key, e.entity, e.fiscal_year, e.document_number, e.date, l.amount, l.currency, l.reference, l.description,
                    EXISTS (SELECT 1 FROM journal_line o JOIN account a ON a.code = o.account
                            WHERE o.entry_id = l.entry_id AND o.line_no <> l.line_no
                              AND a.type IN ('asset', 'liability', 'equity')) AS balance_sheet_counterpart
                FROM journal_line l JOIN journal_entry e ON e.id = l.entry_id
                WHERE e.state = 'posted' AND e.entity = ? AND l.account = ? AND e.date >= ? AND e.date <= ?
                ORDER BY e.date, e.id, l.line_no
                """, arguments: [entity, account, from.description, through.description]).map { row in
                LedgerBankLine(entryKey: row["idempotency_key"],
                               document: DocumentNumber.format(entity: row["entity"], fiscalYear: row["fiscal_year"], number: row["document_number"]),
                               date: try CalendarDate(parsing: row["date"]), amountMinor: row["amount"],
                               currency: try Currency(row["currency"] as String), reference: row["reference"], description: row["description"],
                               balanceSheetCounterpart: row["balance_sheet_counterpart"])
            }
        }
    }

    /// The balance of a bank account in its own currency at the end of a day.
    public func bankAccountBalance(entity: String, account: String, currency: Currency, through: CalendarDate) throws -> Int64 {
        // Per month (a month's turnover fits 64 bits), then in 128 bits: one SUM over all
        // time could pass 64 bits inside SQLite.
        let months = try read { db in
            try Int64.fetchAll(db, sql: """
                SELECT sum(l.amount) FROM journal_line l JOIN journal_entry e ON e.id = l.entry_id
                WHERE e.state = 'posted' AND e.entity = ? AND l.account = ? AND l.currency = ? AND e.date <= ?
                GROUP BY substr(e.date, 1, 7)
                """, arguments: [entity, account, currency.code, through.description])
        }
        return try Checked.wideSum(months, "the ledger balance of \(entity)/\(account) in \(currency) on \(through)")
    }

    /// What makes a statement the same statement in any format: its id, currency, balances
    /// and each line's date, amount and bank reference. Texts a format words differently
    /// (descriptions, counterparties) and derived dates stay out, so the CSV and the camt.053
    /// of one statement are recognised as one.
    static func contentHash(_ statement: BankStatement) -> [UInt8] {
        var encoder = CanonicalEncoder(tag: "close.bank-statement.v1")
        encoder.string(statement.id)
        encoder.string(statement.currency.code)
        encoder.int(statement.openingMinor)
        encoder.int(statement.closingMinor)
        for line in statement.lines {
            encoder.string(line.bookingDate.description)
            encoder.int(line.amountMinor)
            encoder.string(line.bankReference)
        }
        return encoder.sha256
    }
}
