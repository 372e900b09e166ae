import Foundation
import GRDB
import LedgerCore

/// The outcome of `verifyAudit`: how much was checked and the first broken place, if any.
public struct AuditVerification: Sendable, Equatable {
    public var eventsChecked = 0
    public var entriesChecked = 0
    public var linesChecked = 0
    /// The hash of the last event: kept outside the database, it also reveals a chain cut at its end.
    public var headHash = ""
    /// The first problem found, naming the event or entry; nil when the chain verifies.
    public var firstProblem: String?
    public var isIntact: Bool { firstProblem == nil }
}

/// One `entries.posted` event: the range of entries it seals and their digest.
struct SealRecord {
    var seq: Int64
    var first: Int64
    var last: Int64
    var count: Int
    var digest: String

    init?(seq: Int64, payload: String) {
        var fields: [Substring: Substring] = [:]
        for part in payload.split(separator: " ") {
            guard let equals = part.firstIndex(of: "=") else { continue }
            fields[part[..<equals]] = part[part.index(after: equals)...]
        }
        guard let first = fields["first"].flatMap({ Int64($0) }), let last = fields["last"].flatMap({ Int64($0) }),
              let count = fields["count"].flatMap({ Int($0) }), let digest = fields["digest"] else { return nil }
        self.seq = seq
        self.first = first
        self.last = last
        self.count = count
        self.digest = String(digest)
    }
}

extension LedgerStore {
    /// Walks the audit chain from the first event to the last (invariant 13); recomputes every
    /// posted entry's content hash from its rows and checks it against the entry and against
    /// the seal of its batch; and recomputes the cached balances from the lines (invariant 5).
    public func verifyAudit() throws -> AuditVerification {
        try read { db in
            var result = AuditVerification()
            var seals: [SealRecord] = []
            var periods: [String: (state: String, seq: Int64)] = [:]
            if let problem = try Self.verifyChain(db, seals: &seals, periods: &periods, result: &result)
                ?? (try Self.verifyEntries(db, seals: seals, result: &result))
                ?? (try Self.verifyPeriods(db, periods))
                ?? (try Self.verifyBalances(db)) {
                result.firstProblem = problem
            }
            return result
        }
    }

    private static func verifyChain(_ db: Database, seals: inout [SealRecord], periods: inout [String: (state: String, seq: Int64)],
                                    result: inout AuditVerification) throws -> String? {
        var expectedPrev = AuditHash.genesis
        var expectedSeq: Int64 = 1
        let events = try Row.fetchCursor(db, sql: "SELECT * FROM audit_event ORDER BY seq")
        while let row = try events.next() {
            let seq: Int64 = row["seq"]
            let prev = Array(row["prev_hash"] as Data)
            let kind: String = row["kind"]
            let payload: String = row["payload"]
            guard seq == expectedSeq else {
                return "audit event \(expectedSeq) is missing (the next event is \(seq)): the chain was truncated or an event deleted"
            }
            guard prev == expectedPrev else {
                return "audit event \(seq) (\(kind)) does not link to event \(seq - 1): the chain was edited, reordered or truncated there"
            }
            let hash = AuditHash.v1(seq: seq, prevHash: prev, at: row["at"], actor: row["actor"], kind: kind,
                                    subject: row["subject"], payload: payload)
            guard hash == Array(row["hash"] as Data) else {
                return "audit event \(seq) (\(kind)) does not match its hash: its content was changed"
            }
            if kind == "entries.posted" {
                guard let seal = SealRecord(seq: seq, payload: payload) else {
                    return "audit event \(seq) (\(kind)) has an unreadable seal"
                }
                seals.append(seal)
            }
            if kind.hasPrefix("period."), let to = payload.split(separator: " ").first(where: { $0.hasPrefix("to=") }) {
                periods[row["subject"]] = (String(to.dropFirst(3)), seq)
            }
            expectedPrev = hash
            expectedSeq += 1
            result.eventsChecked += 1
            result.headHash = Hex.encode(hash)
        }
        return nil
    }

    /// Entries in id order against the seals in id order: each entry's rows must give its
    /// stored content hash; each seal's range must hold exactly its entries with its digest.
    private static func verifyEntries(_ db: Database, seals: [SealRecord], result: inout AuditVerification) throws -> String? {
        var pending = seals.sorted { $0.first < $1.first }[...]
        var current: (record: SealRecord, seal: EntrySeal, nextID: Int64)?
        var numbers: [String: [Int64]] = [:]

        func closeCurrent() -> String? {
            guard let open = current else { return nil }
            current = nil
            if open.nextID <= open.record.last {
                return "journal entry \(open.nextID) sealed by audit event \(open.record.seq) is missing from the ledger: it was deleted"
            }
            guard open.seal.count == open.record.count, open.seal.digest == open.record.digest else {
                return "entries \(open.record.first) to \(open.record.last) do not match their seal in audit event \(open.record.seq): a document number, poster or content hash was changed"
            }
            return nil
        }

        let entries = try Row.fetchCursor(db, sql: "SELECT * FROM journal_entry WHERE state = 'posted' ORDER BY id")
        let linesStatement = try db.cachedStatement(sql: "SELECT * FROM journal_line WHERE entry_id = ? ORDER BY line_no")
        while let row = try entries.next() {
            let id: Int64 = row["id"]
            let document = DocumentNumber.format(entity: row["entity"], fiscalYear: row["fiscal_year"], number: row["document_number"])
            let name = "journal entry \(id) (\(document))"
            let lineRows = try Row.fetchAll(linesStatement, arguments: [id])
            var lines: [EntryHash.Line] = []
            for (index, line) in lineRows.enumerated() {
                guard (line["line_no"] as Int64) == Int64(index + 1) else {
                    return "\(name): its lines are not numbered 1 to \(lineRows.count): a line was deleted or renumbered"
                }
                lines.append(EntryHash.Line(account: line["account"], currency: line["currency"], amountMinor: line["amount"],
                                            functionalMinor: line["functional_amount"], partner: line["partner"],
                                            reference: line["reference"], description: line["description"]))
            }
            let header = EntryHash.Header(entity: row["entity"], date: row["date"], source: row["source"],
                                          description: row["description"], idempotencyKey: row["idempotency_key"],
                                          reverses: row["reverses"])
            let hash = EntryHash.v1(header, lines: lines)
            guard hash == Array(row["content_hash"] as Data) else {
                return "\(name) does not match its content hash: its header or lines were changed, added, deleted or reordered"
            }
            while let open = current, id > open.record.last {
                if let problem = closeCurrent() { return problem }
            }
            if current == nil {
                while let next = pending.first, next.last < id {
                    return "journal entry \(next.first) sealed by audit event \(next.seq) is missing from the ledger: it was deleted"
                }
                guard let next = pending.first, next.first <= id else {
                    return "\(name) is not sealed by any audit event: it was inserted outside the ledger"
                }
                pending = pending.dropFirst()
                current = (next, EntrySeal(), next.first)
            }
            guard var open = current else { continue }
            guard id == open.nextID else {
                return "journal entry \(open.nextID) sealed by audit event \(open.record.seq) is missing from the ledger: it was deleted"
            }
            open.seal.add(id: id, entity: row["entity"], fiscalYear: row["fiscal_year"], number: row["document_number"],
                          createdBy: row["created_by"], contentHash: hash)
            let sequence = "\(row["entity"] as String) \(row["fiscal_year"] as Int64)"
            numbers[sequence, default: []].append(row["document_number"])
            open.nextID = id + 1
            current = open
            result.entriesChecked += 1
            result.linesChecked += lines.count
        }
        if let problem = closeCurrent() { return problem }
        if let next = pending.first {
            return "journal entry \(next.first) sealed by audit event \(next.seq) is missing from the ledger: it was deleted"
        }
        return try verifyNumbering(numbers, db)
    }

    /// Invariant 10 on what is stored: per entity and fiscal year the document numbers are
    /// exactly 1 to n, and the sequence table says n.
    private static func verifyNumbering(_ numbers: [String: [Int64]], _ db: Database) throws -> String? {
        for (sequence, used) in numbers.sorted(by: { $0.key < $1.key }) {
            let sorted = used.sorted()
            for (index, number) in sorted.enumerated() where number != Int64(index + 1) {
                return "document numbers of \(sequence) are not gap-free: number \(index + 1) is missing or repeated (found \(number))"
            }
            let parts = sequence.split(separator: " ")
            let last = try Int64.fetchOne(db, sql: "SELECT last_number FROM document_sequence WHERE entity = ? AND fiscal_year = ?",
                                          arguments: [String(parts[0]), Int64(parts[1])])
            guard last == Int64(sorted.count) else {
                return "the document sequence of \(sequence) stands at \(last.map(String.init) ?? "nothing") but \(sorted.count) entries are numbered: the sequence was edited"
            }
        }
        return nil
    }

    /// Every period's state is the one its last audited transition set.
    private static func verifyPeriods(_ db: Database, _ audited: [String: (state: String, seq: Int64)]) throws -> String? {
        var stored: [String: String] = [:]
        for row in try Row.fetchAll(db, sql: "SELECT entity, period, state FROM period ORDER BY entity, period") {
            stored["\(row["entity"] as String)/\(row["period"] as String)"] = row["state"]
        }
        for key in Set(stored.keys).union(audited.keys).sorted() {
            let state = stored[key] ?? "open"
            let expected = audited[key]?.state ?? "open"
            guard state == expected else {
                let source = audited[key].map { "audit event \($0.seq) set it to \(expected)" } ?? "no audit event changed it"
                return "period \(key) is \(state) but \(source): the period table was edited"
            }
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
}

extension LedgerStore {
    /// How many audit events the chain holds (without verifying them: `verifyAudit` does that).
    public func auditEventCount() throws -> Int {
        try read { db in try Int.fetchOne(db, sql: "SELECT count(*) FROM audit_event") ?? 0 }
    }
}
