import Foundation
import GRDB
import LedgerCore

/// The outcome of `verifyAudit`: how much was checked and the first broken place, if any.
public struct AuditVerification: Sendable, Equatable {
    public var eventsChecked = 0
    public var entriesChecked = 0
    public var linesChecked = 0
    /// The first problem found, naming the event or entry; nil when the chain verifies.
    public var firstProblem: String?
    public var isIntact: Bool { firstProblem == nil }
}

extension LedgerStore {
    /// Walks the audit chain from the first event to the last (invariant 13), recomputes
    /// every posted entry's content hash from its rows and compares it with the one sealed
    /// in the chain, and recomputes the cached balances from the lines (invariant 5).
    public func verifyAudit() throws -> AuditVerification {
        try read { db in
            var result = AuditVerification()
            var sealed: [Int64: (document: String, hash: String, seq: Int64)] = [:]
            var expectedPrev = AuditHash.genesis
            var expectedSeq: Int64 = 1
            let events = try Row.fetchCursor(db, sql: "SELECT * FROM audit_event ORDER BY seq")
            while let row = try events.next() {
                let seq: Int64 = row["seq"]
                let prev = Array(row["prev_hash"] as Data)
                let hash = Array(row["hash"] as Data)
                let kind: String = row["kind"]
                let payload: String = row["payload"]
                guard seq == expectedSeq else {
                    result.firstProblem = "audit event \(expectedSeq) is missing (the next event is \(seq))"
                    return result
                }
                guard prev == expectedPrev else {
                    result.firstProblem = "audit event \(seq) (\(kind)) does not link to event \(seq - 1): the chain was edited, reordered or truncated there"
                    return result
                }
                let recomputed = AuditHash.v1(seq: seq, prevHash: prev, at: row["at"], actor: row["actor"], kind: kind,
                                              subject: row["subject"], payload: payload)
                guard recomputed == hash else {
                    result.firstProblem = "audit event \(seq) (\(kind)) does not match its hash: its content was changed"
                    return result
                }
                if kind == "entry.posted", let fields = Self.postedFields(payload) {
                    sealed[fields.id] = (fields.document, fields.hash, seq)
                }
                expectedPrev = hash
                expectedSeq += 1
                result.eventsChecked += 1
            }
            if let problem = try Self.verifyEntries(db, sealed: &sealed, result: &result) {
                result.firstProblem = problem
                return result
            }
            if let (id, seal) = sealed.min(by: { $0.key < $1.key }) {
                result.firstProblem = "journal entry \(id) (\(seal.document)) sealed by audit event \(seal.seq) is missing from the ledger: it was deleted"
                return result
            }
            result.firstProblem = try Self.verifyBalances(db)
            return result
        }
    }

    private static func verifyEntries(_ db: Database, sealed: inout [Int64: (document: String, hash: String, seq: Int64)],
                                      result: inout AuditVerification) throws -> String? {
        let entries = try Row.fetchCursor(db, sql: "SELECT * FROM journal_entry WHERE state = 'posted' ORDER BY id")
        let linesStatement = try db.cachedStatement(sql: "SELECT * FROM journal_line WHERE entry_id = ? ORDER BY line_no")
        while let row = try entries.next() {
            let id: Int64 = row["id"]
            let document = DocumentNumber.format(entity: row["entity"], fiscalYear: row["fiscal_year"], number: row["document_number"])
            let lineRows = try Row.fetchAll(linesStatement, arguments: [id])
            var lines: [EntryHash.Line] = []
            for (index, line) in lineRows.enumerated() {
                guard (line["line_no"] as Int64) == Int64(index + 1) else {
                    return "journal entry \(id) (\(document)): its lines are not numbered 1 to \(lineRows.count): a line was deleted or renumbered"
                }
                lines.append(EntryHash.Line(account: line["account"], currency: line["currency"], amountMinor: line["amount"],
                                            functionalMinor: line["functional_amount"], partner: line["partner"],
                                            reference: line["reference"], description: line["description"]))
            }
            let header = EntryHash.Header(entity: row["entity"], date: row["date"], source: row["source"],
                                          description: row["description"], idempotencyKey: row["idempotency_key"],
                                          reverses: row["reverses"])
            let hash = Hex.encode(EntryHash.v1(header, lines: lines))
            guard let seal = sealed.removeValue(forKey: id) else {
                return "journal entry \(id) (\(document)) has no entry.posted audit event: it was inserted outside the ledger"
            }
            guard seal.hash == hash else {
                return "journal entry \(id) (\(document)) does not match the hash sealed in audit event \(seal.seq): its header or lines were changed, added, deleted or reordered"
            }
            guard seal.document == document else {
                return "journal entry \(id) is numbered \(document) but audit event \(seal.seq) sealed it as \(seal.document)"
            }
            result.entriesChecked += 1
            result.linesChecked += lines.count
        }
        return nil
    }

    /// Invariant 5: the cached balances equal the balances recomputed from the lines.
    private static func verifyBalances(_ db: Database) throws -> String? {
        let mismatch = try Row.fetchOne(db, sql: """
            WITH recomputed AS (
                SELECT e.entity, substr(e.date, 1, 7) AS period, l.account, l.currency,
                       SUM(CASE WHEN l.amount > 0 THEN l.amount ELSE 0 END) AS debit,
                       SUM(CASE WHEN l.amount < 0 THEN -l.amount ELSE 0 END) AS credit,
                       SUM(CASE WHEN l.functional_amount > 0 THEN l.functional_amount ELSE 0 END) AS functional_debit,
                       SUM(CASE WHEN l.functional_amount < 0 THEN -l.functional_amount ELSE 0 END) AS functional_credit
                FROM journal_line l JOIN journal_entry e ON e.id = l.entry_id
                WHERE e.state = 'posted'
                GROUP BY e.entity, period, l.account, l.currency
            )
            SELECT r.entity, r.period, r.account, r.currency FROM recomputed r
            LEFT JOIN balance b USING (entity, period, account, currency)
            WHERE b.debit IS NOT r.debit OR b.credit IS NOT r.credit
               OR b.functional_debit IS NOT r.functional_debit OR b.functional_credit IS NOT r.functional_credit
            UNION ALL
            SELECT b.entity, b.period, b.account, b.currency FROM balance b
            LEFT JOIN recomputed r USING (entity, period, account, currency)
            WHERE r.entity IS NULL
            LIMIT 1
            """)
        guard let mismatch else { return nil }
        return "cached balance of \(mismatch[0] as String) \(mismatch[1] as String) account \(mismatch[2] as String) \(mismatch[3] as String) differs from its lines"
    }

    static func postedFields(_ payload: String) -> (id: Int64, document: String, hash: String)? {
        var fields: [Substring: Substring] = [:]
        for part in payload.split(separator: " ") {
            guard let equals = part.firstIndex(of: "=") else { continue }
            fields[part[..<equals]] = part[part.index(after: equals)...]
        }
        guard let id = fields["entry"].flatMap({ Int64($0) }), let document = fields["document"], let hash = fields["hash"] else { return nil }
        return (id, String(document), String(hash))
    }
}
