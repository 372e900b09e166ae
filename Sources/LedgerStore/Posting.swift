import GRDB
import LedgerCore

/// What a posting batch did.
public struct PostingSummary: Sendable, Equatable {
    public var entriesPosted = 0
    public var linesPosted = 0
    public var entriesSkipped = 0
    public var linesSkipped = 0
    /// The posted entries in batch order.
    public var posted: [PostedEntryRef] = []
}

/// A posted entry's identity: its row id and document number (`US01-2026-000042`).
public struct PostedEntryRef: Sendable, Equatable {
    public var id: Int64
    public var entity: String
    public var fiscalYear: Int
    public var documentNumber: Int64

    public var document: String { DocumentNumber.format(entity: entity, fiscalYear: fiscalYear, number: documentNumber) }
}

public enum DocumentNumber {
    public static func format(entity: String, fiscalYear: Int, number: Int64) -> String {
        let digits = String(number)
        return "\(entity)-\(fiscalYear)-" + String(repeating: "0", count: max(0, 6 - digits.count)) + digits
    }
}

extension LedgerStore {
    /// Posts a batch of entries in one transaction: all or nothing (invariant 12).
    /// An entry whose idempotency key is already posted with the same content is skipped;
    /// with different content the whole batch is refused (invariant 11).
    /// A refused entry's error carries `entryIndex` (position in `drafts`).
    @discardableResult
    public func post(_ drafts: [JournalEntryDraft], actor: String, batch: String = "manual") throws -> PostingSummary {
        try requireWriter(actor)
        return try transaction { db in
            var poster = try Poster(db, store: self, actor: actor)
            for (index, draft) in drafts.enumerated() {
                do {
                    try poster.post(draft, reverses: nil, db)
                } catch var error as LedgerError {
                    error.entryIndex = index
                    throw error
                }
            }
            try poster.finish(db, batch: batch)
            return poster.summary
        }
    }
}

/// Posts entries inside one open transaction, keeping every invariant:
/// rules (1-3, 6), period state (9), idempotency (11), gap-free numbering (10),
/// cached balances (5), and the audit chain (13). `finish` writes the per-batch state and
/// checks again, after the writes, that every touched entity's books still balance.
struct Poster {
    private let store: LedgerStore
    private let actor: String
    private var audit: AuditAppender
    private var rateCache: [RateKey: ExchangeRate] = [:]
    private var periodStates: [PeriodKey: PeriodState] = [:]
    private var lastNumbers: [SequenceKey: Int64] = [:]
    private var balanceDeltas: [BalanceKey: BalanceDelta] = [:]
    private(set) var summary = PostingSummary()

    init(_ db: Database, store: LedgerStore, actor: String) throws {
        self.store = store
        self.actor = actor
        self.audit = try AuditAppender(db, clock: store.clock)
    }

    mutating func post(_ draft: JournalEntryDraft, reverses: Int64?, _ db: Database) throws {
        let resolved = try store.rules.resolve(draft) { from, to, date throws(LedgerError) in
            try self.rate(from: from, to: to, on: date, db)
        }
        let period = resolved.date.period
        try checkPeriodAccepts(resolved, period: period, db)

        let contentHash = EntryHash.v1(resolved, reverses: reverses)
        let existing = try RawStatement(db, "SELECT content_hash FROM journal_entry WHERE idempotency_key = ?")
        existing.bind(1, resolved.idempotencyKey)
        if try existing.step(db) {
            let stored = existing.bytes(0)
            existing.reset()
            guard stored == contentHash else {
                throw LedgerError(.idempotencyConflict, "entry '\(resolved.idempotencyKey)' was already posted with different content; an idempotency key posts once and its content cannot change", at: SourceLocation(field: "entry_id"))
            }
            summary.entriesSkipped += 1
            summary.linesSkipped += resolved.lines.count
            return
        }
        existing.reset()

        let fiscalYear = period.fiscalYear(startMonth: store.group.fiscalYearStartMonth)
        let number = try nextDocumentNumber(entity: resolved.entity.code, fiscalYear: fiscalYear, db)
        let insertEntry = try RawStatement(db, """
            INSERT INTO journal_entry (entity, date, fiscal_year, document_number, state, source, description,
                                       idempotency_key, content_hash, reverses, created_by)
            VALUES (?, ?, ?, ?, 'posted', ?, ?, ?, ?, ?, ?)
            """)
        insertEntry.bind(1, resolved.entity.code)
        insertEntry.bind(2, resolved.date.description)
        insertEntry.bind(3, Int64(fiscalYear))
        insertEntry.bind(4, number)
        insertEntry.bind(5, resolved.source.description)
        insertEntry.bind(6, resolved.description)
        insertEntry.bind(7, resolved.idempotencyKey)
        insertEntry.bind(8, bytes: contentHash)
        insertEntry.bind(9, reverses)
        insertEntry.bind(10, actor)
        try insertEntry.execute(db)
        let id = db.lastInsertedRowID

        let insertLine = try RawStatement(db, """
            INSERT INTO journal_line (entry_id, line_no, account, currency, amount, functional_amount,
                                      partner, reference, description)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
            """)
        let periodText = period.description
        for (index, line) in resolved.lines.enumerated() {
            insertLine.bind(1, id)
            insertLine.bind(2, Int64(index + 1))
            insertLine.bind(3, line.account)
            insertLine.bind(4, line.currency.code)
            insertLine.bind(5, line.amountMinor)
            insertLine.bind(6, line.functionalMinor)
            insertLine.bind(7, line.partner)
            insertLine.bind(8, line.reference)
            insertLine.bind(9, line.description)
            try insertLine.execute(db)
            let key = BalanceKey(entity: resolved.entity.code, period: periodText, account: line.account,
                                 currency: line.currency.code)
            try balanceDeltas[key, default: BalanceDelta()].add(line)
        }

        let ref = PostedEntryRef(id: id, entity: resolved.entity.code, fiscalYear: fiscalYear, documentNumber: number)
        try audit.append(db, actor: actor, kind: "entry.posted", subject: ref.document,
                         payload: EntryHash.postedPayload(id: id, document: ref.document, hash: contentHash))
        summary.entriesPosted += 1
        summary.linesPosted += resolved.lines.count
        summary.posted.append(ref)
    }

    /// Writes document sequences and balances, seals the batch in the audit chain, and
    /// re-checks invariant 4 on what was written.
    mutating func finish(_ db: Database, batch: String) throws {
        for (key, last) in lastNumbers {
            try db.execute(sql: """
                INSERT INTO document_sequence (entity, fiscal_year, last_number) VALUES (?, ?, ?)
                ON CONFLICT (entity, fiscal_year) DO UPDATE SET last_number = excluded.last_number
                """, arguments: [key.entity, key.fiscalYear, last])
        }
        for (key, delta) in balanceDeltas {
            let row = try Row.fetchOne(db, sql: """
                SELECT debit, credit, functional_debit, functional_credit FROM balance
                WHERE entity = ? AND period = ? AND account = ? AND currency = ?
                """, arguments: [key.entity, key.period, key.account, key.currency])
            var total = delta
            if let row {
                total = try BalanceDelta(debit: row[0], credit: row[1], functionalDebit: row[2], functionalCredit: row[3]).adding(delta)
            }
            try db.execute(sql: """
                INSERT INTO balance (entity, period, account, currency, debit, credit, functional_debit, functional_credit)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?)
                ON CONFLICT (entity, period, account, currency) DO UPDATE SET
                    debit = excluded.debit, credit = excluded.credit,
                    functional_debit = excluded.functional_debit, functional_credit = excluded.functional_credit
                """, arguments: [key.entity, key.period, key.account, key.currency,
                                 total.debit, total.credit, total.functionalDebit, total.functionalCredit])
        }
        if summary.entriesPosted > 0 || summary.entriesSkipped > 0 {
            try audit.append(db, actor: actor, kind: "batch.committed", subject: batch,
                             payload: "entries_posted=\(summary.entriesPosted) lines_posted=\(summary.linesPosted) entries_skipped=\(summary.entriesSkipped)")
        }
        try assertBooksBalance(db)
    }

    /// Pair assertion after the writes: every touched entity balances per currency and in
    /// its functional currency. Failing here is a bug; the transaction rolls back.
    private func assertBooksBalance(_ db: Database) throws {
        let entities = Set(balanceDeltas.keys.map(\.entity))
        for entity in entities.sorted() {
            let rows = try Row.fetchAll(db, sql: """
                SELECT currency, SUM(debit) - SUM(credit) AS net FROM balance WHERE entity = ? GROUP BY currency
                UNION ALL
                SELECT 'functional', SUM(functional_debit) - SUM(functional_credit) FROM balance WHERE entity = ?
                """, arguments: [entity, entity])
            for row in rows where (row["net"] as Int64?) != 0 {
                throw LedgerError(.databaseState, "internal error: the books of \(entity) do not balance in \(row["currency"] as String) after posting; nothing was written")
            }
        }
    }

    private mutating func checkPeriodAccepts(_ entry: ResolvedEntry, period: PeriodID, _ db: Database) throws {
        let key = PeriodKey(entity: entry.entity.code, period: period)
        let state: PeriodState
        if let cached = periodStates[key] {
            state = cached
        } else {
            state = try PeriodStates.state(of: entry.entity.code, period, db)
            periodStates[key] = state
        }
        switch state {
        case .open: return
        case .softClosed where entry.source.isCloseProcess: return
        case .softClosed:
            throw LedgerError(.periodClosed, "period \(period) of \(entry.entity.code) is soft-closed and accepts close-process postings only (this entry's source is \(entry.source))", at: SourceLocation(field: "date"))
        case .closed:
            throw LedgerError(.periodClosed, "period \(period) of \(entry.entity.code) is closed and accepts no postings", at: SourceLocation(field: "date"))
        }
    }

    private mutating func nextDocumentNumber(entity: String, fiscalYear: Int, _ db: Database) throws -> Int64 {
        let key = SequenceKey(entity: entity, fiscalYear: fiscalYear)
        let last: Int64
        if let cached = lastNumbers[key] {
            last = cached
        } else {
            last = try Int64.fetchOne(db, sql: "SELECT last_number FROM document_sequence WHERE entity = ? AND fiscal_year = ?",
                                      arguments: [entity, fiscalYear]) ?? 0
        }
        lastNumbers[key] = last + 1
        return last + 1
    }

    /// The spot rate of the date, or the latest one up to 7 days before (weekends, holidays).
    private mutating func rate(from: Currency, to: Currency, on date: CalendarDate, _ db: Database) throws(LedgerError) -> ExchangeRate {
        let key = RateKey(from: from, to: to, date: date)
        if let cached = rateCache[key] { return cached }
        let found: (date: String, rate: String)?
        do {
            found = try RatesStore.latestSpot(from: from, to: to, onOrBefore: date, db)
        } catch {
            throw LedgerError(.databaseState, "reading rates failed: \(error)")
        }
        guard let found, let rateDate = try? CalendarDate(parsing: found.date),
              date.dayNumber - rateDate.dayNumber <= 7 else {
            throw LedgerError(.missingRate, "no spot rate \(from)->\(to) on \(date) or in the 7 days before; import one with `close rates import` or give the functional amount", at: SourceLocation(field: "currency"))
        }
        let rate = try ExchangeRate(parsing: found.rate)
        rateCache[key] = rate
        return rate
    }
}

struct RateKey: Hashable { var from: Currency; var to: Currency; var date: CalendarDate }
struct PeriodKey: Hashable { var entity: String; var period: PeriodID }
struct SequenceKey: Hashable { var entity: String; var fiscalYear: Int }
struct BalanceKey: Hashable { var entity: String; var period: String; var account: String; var currency: String }

/// Debit and credit turnover of one balance row, added with overflow checks.
struct BalanceDelta {
    var debit: Int64 = 0
    var credit: Int64 = 0
    var functionalDebit: Int64 = 0
    var functionalCredit: Int64 = 0

    mutating func add(_ line: ResolvedLine) throws {
        if line.amountMinor > 0 {
            debit = try Checked.add(debit, line.amountMinor)
            functionalDebit = try Checked.add(functionalDebit, line.functionalMinor)
        } else {
            credit = try Checked.add(credit, try Checked.negate(line.amountMinor))
            functionalCredit = try Checked.add(functionalCredit, try Checked.negate(line.functionalMinor))
        }
    }

    func adding(_ other: BalanceDelta) throws -> BalanceDelta {
        BalanceDelta(debit: try Checked.add(debit, other.debit), credit: try Checked.add(credit, other.credit),
                     functionalDebit: try Checked.add(functionalDebit, other.functionalDebit),
                     functionalCredit: try Checked.add(functionalCredit, other.functionalCredit))
    }
}
