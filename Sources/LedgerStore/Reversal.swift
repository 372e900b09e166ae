import GRDB
import LedgerCore

/// A posted entry read back from the ledger.
public struct PostedEntry: Sendable, Equatable {
    public var ref: PostedEntryRef
    public var date: CalendarDate
    public var source: String
    public var description: String
    public var idempotencyKey: String
    public var reverses: Int64?
    public var reversedBy: Int64?
    public var lines: [ResolvedLine]
}

extension LedgerStore {
    /// Posts the mirror of a posted entry (every line negated, in both currencies), linked to
    /// it; an entry is reversed at most once and a reversal is not reversed (invariant 8).
    /// `reference` is a document number (US01-2026-000007), an idempotency key, or a row id.
    /// The reversal is dated `date`, or the original's date when nil. `allowsSystem`: the
    /// engine reverses scheduled entries (`reverseOn`) as "system" when a close run starts
    /// without a named user, as it starts the run itself.
    public func reverse(_ reference: String, actor: String, reason: String, date: CalendarDate? = nil,
                        allowsSystem: Bool = false) throws -> PostedEntryRef {
        try requireWriter(actor, allowsSystem: allowsSystem)
        let reason = reason.trimmingWhitespace
        guard !reason.isEmpty else {
            throw LedgerError(.invalidEntry, "a reversal needs a reason", at: SourceLocation(field: "--reason"))
        }
        return try transaction { db in
            let original = try EntryQueries.find(reference, db)
            guard original.reverses == nil else {
                throw LedgerError(.alreadyReversed, "\(original.ref.document) is itself a reversal; post the entry again instead of reversing the reversal")
            }
            if let reversal = original.reversedBy {
                let by = try EntryQueries.find(String(reversal), db)
                throw LedgerError(.alreadyReversed, "\(original.ref.document) was already reversed by \(by.ref.document); an entry is reversed at most once")
            }
            if let date, date < original.date {
                throw LedgerError(.invalidEntry, "a reversal cannot be dated \(date), before the entry it reverses (\(original.date))", at: SourceLocation(field: "--date"))
            }
            let lines = try original.lines.map { line in
                EntryLine(account: line.account, currency: line.currency, amountMinor: try Checked.negate(line.amountMinor),
                          functionalMinor: try Checked.negate(line.functionalMinor), partner: line.partner,
                          reference: line.reference, description: line.description)
            }
            let draft = JournalEntryDraft(entity: original.ref.entity, date: date ?? original.date,
                                          description: "Reversal of \(original.ref.document): \(reason)",
                                          source: .reversal, idempotencyKey: "\(EntryRules.reservedKeyPrefix)reversal-of-\(original.ref.id)", lines: lines)
            var poster = try Poster(db, store: self, actor: actor)
            try poster.post(draft, reverses: original.ref.id, db)
            try poster.finish(db, batch: "reversal of \(original.ref.document)")
            guard let posted = poster.summary.posted.first else {
                throw LedgerError(.databaseState, "internal error: the reversal of \(original.ref.document) was not posted")
            }
            var audit = try AuditAppender(db, clock: clock)
            try audit.append(db, actor: actor, kind: "entry.reversed", subject: original.ref.document,
                             payload: "reversal=\(posted.document) reason=\(reason)")
            return posted
        }
    }

    /// A posted entry by document number, idempotency key or row id.
    public func entry(_ reference: String) throws -> PostedEntry {
        try read { db in try EntryQueries.find(reference, db) }
    }
}

enum EntryQueries {
    static func find(_ reference: String, _ db: Database) throws -> PostedEntry {
        let row = try Row.fetchOne(db, sql: """
            SELECT e.*, (SELECT r.id FROM journal_entry r WHERE r.reverses = e.id) AS reversed_by
            FROM journal_entry e
            WHERE e.state = 'posted' AND (e.idempotency_key = ?1
               OR e.entity || '-' || e.fiscal_year || '-' || printf('%06d', e.document_number) = ?1
               OR CAST(e.id AS TEXT) = ?1)
            ORDER BY (e.idempotency_key = ?1) DESC LIMIT 1
            """, arguments: [reference])
        guard let row else {
            throw LedgerError(.unknownEntry, "no posted entry '\(reference)' (give a document number such as US01-2026-000001, an entry_id, or a row id)", at: SourceLocation(field: "ENTRY"))
        }
        let id: Int64 = row["id"]
        let lines = try Row.fetchAll(db, sql: "SELECT * FROM journal_line WHERE entry_id = ? ORDER BY line_no", arguments: [id]).map { line in
            ResolvedLine(account: line["account"], currency: try Currency(line["currency"] as String),
                         amountMinor: line["amount"], functionalMinor: line["functional_amount"], partner: line["partner"],
                         reference: line["reference"], description: line["description"])
        }
        let ref = PostedEntryRef(id: id, entity: row["entity"], fiscalYear: row["fiscal_year"], documentNumber: row["document_number"])
        return PostedEntry(ref: ref, date: try CalendarDate(parsing: row["date"]), source: row["source"],
                           description: row["description"], idempotencyKey: row["idempotency_key"],
                           reverses: row["reverses"], reversedBy: row["reversed_by"], lines: lines)
    }
}
