import Foundation
import GRDB
import LedgerCore

/// An entry saved but not posted: it has no document number, touches no balance, and can be
/// changed only by discarding it. Its idempotency key is taken while it exists.
public struct DraftEntry: Sendable, Equatable {
    public var id: Int64
    public var draft: JournalEntryDraft
    public var preparedBy: String
}

extension LedgerStore {
    /// Saves `draft` unposted, after the same checks a posting makes except the period's
    /// state (which is checked when it is posted). Functional amounts are fixed now, at the
    /// rates of its date. Returns the draft's id.
    public func saveDraft(_ draft: JournalEntryDraft, actor: String) throws -> Int64 {
        try requireWriter(actor)
        return try transaction { db in
            var poster = try Poster(db, store: self, actor: actor)
            let resolved = try poster.resolve(draft, db)
            var encoder = CanonicalEncoder(tag: "")
            let period = resolved.date.period
            try db.execute(sql: """
                INSERT INTO journal_entry (entity, date, fiscal_year, document_number, state, source, description,
                                           idempotency_key, content_hash, payload_hash, reverses, created_by)
                VALUES (?, ?, ?, NULL, 'draft', ?, ?, ?, ?, ?, NULL, ?)
                ON CONFLICT (idempotency_key) DO NOTHING
                """, arguments: [resolved.entity.code, resolved.date.description,
                                 period.fiscalYear(startMonth: group.fiscalYearStartMonth), resolved.source.description,
                                 resolved.description, resolved.idempotencyKey,
                                 Data(EntryHash.v1(resolved, reverses: nil, using: &encoder)),
                                 Data(EntryHash.payloadV1(draft, reverses: nil, using: &encoder)), actor])
            guard db.changesCount == 1 else {
                throw LedgerError(.idempotencyConflict, "entry_id '\(draft.idempotencyKey)' is already taken by a posted entry or a draft", at: SourceLocation(field: "entry_id"))
            }
            let id = db.lastInsertedRowID
            try poster.insertDraftLines(of: resolved, entry: id, db)
            var audit = try AuditAppender(db, clock: clock)
            try audit.append(db, actor: actor, kind: "draft.saved", subject: draft.idempotencyKey,
                             payload: "draft=\(id) entity=\(draft.entity) date=\(draft.date) lines=\(draft.lines.count)")
            return id
        }
    }

    /// Posts draft `id`: period, numbering, balances and the audit seal as for any posting.
    public func postDraft(_ id: Int64, actor: String) throws -> PostedEntryRef {
        try requireWriter(actor)
        return try transaction { db in
            let saved = try Self.loadDraft(id, db)
            var poster = try Poster(db, store: self, actor: actor)
            let ref = try poster.postDraft(id, draft: saved.draft, db)
            try poster.finish(db, batch: "draft \(id)")
            return ref
        }
    }

    /// Deletes draft `id` and its lines, freeing its idempotency key.
    public func discardDraft(_ id: Int64, actor: String, reason: String) throws {
        try requireWriter(actor)
        return try transaction { db in
            let saved = try Self.loadDraft(id, db)
            try db.execute(sql: "DELETE FROM journal_line WHERE entry_id = ?", arguments: [id])
            try db.execute(sql: "DELETE FROM journal_entry WHERE id = ? AND state = 'draft'", arguments: [id])
            var audit = try AuditAppender(db, clock: clock)
            try audit.append(db, actor: actor, kind: "draft.discarded", subject: saved.draft.idempotencyKey,
                             payload: "draft=\(id) reason=\(reason.trimmingWhitespace)")
        }
    }

    /// The drafts waiting to be posted, oldest first.
    public func drafts() throws -> [DraftEntry] {
        try read { db in
            try Int64.fetchAll(db, sql: "SELECT id FROM journal_entry WHERE state = 'draft' ORDER BY id").map { try Self.loadDraft($0, db) }
        }
    }

    static func loadDraft(_ id: Int64, _ db: Database) throws -> DraftEntry {
        guard let row = try Row.fetchOne(db, sql: "SELECT * FROM journal_entry WHERE id = ? AND state = 'draft'", arguments: [id]) else {
            throw LedgerError(.unknownEntry, "no draft \(id)", at: SourceLocation(field: "DRAFT"))
        }
        let lines = try Row.fetchAll(db, sql: "SELECT * FROM journal_line WHERE entry_id = ? ORDER BY line_no", arguments: [id]).map { line in
            EntryLine(account: line["account"], currency: try Currency(line["currency"] as String), amountMinor: line["amount"],
                      functionalMinor: line["functional_amount"], partner: line["partner"],
                      reference: line["reference"], description: line["description"])
        }
        let draft = JournalEntryDraft(entity: row["entity"], date: try CalendarDate(parsing: row["date"]), description: row["description"],
                                      source: try EntrySource(parsing: row["source"]), idempotencyKey: row["idempotency_key"], lines: lines)
        return DraftEntry(id: id, draft: draft, preparedBy: row["created_by"])
    }
}

extension LedgerStore {
    /// Checks `drafts` by the rules of every posting (lines, accounts, partners, balance per
    /// currency and in the functional currency at the stored rates) without writing anything:
    /// an override's edited entries are refused when they are made, not when approved.
    public func checkEntries(_ drafts: [JournalEntryDraft]) throws {
        try read { db in
            var poster = try Poster(db, store: self, actor: "system")
            for draft in drafts { _ = try poster.resolve(draft, db) }
        }
    }
}
