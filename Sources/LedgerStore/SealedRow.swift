import Foundation
import GRDB
import LedgerCore

/// A row the engine relies on, to be checked against its seal at the moment it is used
/// (`LedgerStore.requireSealed`), so an edit made outside the ledger is refused at once, not
/// only when someone runs `close audit verify`.
public enum SealedRow: Sendable, Hashable {
    case user(String)
    case policyVersion(Int)
    case run(Int64)
    case task(run: Int64, task: String)
    case proposal(run: Int64, task: String, version: Int)
    case decision(id: Int64)
    /// Every decision recorded on a task (e.g. the first of two approvals, before the second).
    case decisions(run: Int64, task: String)
    case period(entity: String, period: PeriodID)
    /// A bank statement by row id, with all its lines.
    case bankStatement(id: Int64)
    case goodsReceipt(id: String)

    /// The sealed table and key(s) the row stands for.
    func keys(_ db: Database) throws -> [(table: SealedTable, key: String)] {
        let s = String(RowSeals.separator)
        func one(_ table: String, _ key: String) -> [(table: SealedTable, key: String)] { [(RowSeals.byName[table]!, key)] }
        switch self {
        case .user(let name): return one("app_user", name)
        case .policyVersion(let version): return one("policy_version", String(version))
        case .run(let id): return one("close_run", String(id))
        case .task(let run, let task): return one("close_task", "\(run)\(s)\(task)")
        case .proposal(let run, let task, let version): return one("proposal", "\(run)\(s)\(task)\(s)\(version)")
        case .decision(let id): return one("decision", String(id))
        case .decisions(let run, let task):
            return try Int64.fetchAll(db, sql: "SELECT id FROM decision WHERE run = ? AND task = ? ORDER BY id", arguments: [run, task])
                .flatMap { one("decision", String($0)) }
        case .period(let entity, let period): return one("period", "\(entity)\(s)\(period)")
        case .bankStatement(let id): return one("bank_statement", String(id))
        case .goodsReceipt(let id): return one("goods_receipt", id)
        }
    }
}

extension LedgerStore {
    /// Checks a row against its latest seal before the caller relies on it: the row hashes to
    /// the seal (a row never sealed, never written, passes: an open period has no row), and
    /// the sealing `rows.sealed` event is intact (its hash, its digest over its seals, and the
    /// next event's link to it). Cheap: indexed look-ups and one row hashed. Throws an
    /// `.auditBroken` error naming the row and the event otherwise.
    public func requireSealed(_ row: SealedRow) throws {
        try requireSealed([row])
    }

    /// `requireSealed` for several rows, in one read.
    public func requireSealed(_ rows: [SealedRow]) throws {
        try read { db in
            var checker = try SealChecker(db)
            for row in rows {
                for (table, key) in try row.keys(db) { try checker.check(table, key, db) }
            }
        }
    }
}

/// Checks rows one by one against their seals, and each sealing event once.
struct SealChecker {
    private var lookup: SealLookup
    private var eventsChecked: Set<Int64> = []

    init(_ db: Database) throws {
        lookup = try SealLookup(db)
    }

    static func refusal(_ problem: String) -> LedgerError {
        LedgerError(.auditBroken, problem)
    }

    mutating func check(_ table: SealedTable, _ key: String, _ db: Database) throws {
        let current = try lookup.current(table, key, db)
        let seal = try lookup.latest(table, key, db)
        let name = RowSeals.describe(table, key: key, context: current?.context ?? [])
        switch (current, seal) {
        case (nil, nil):
            return
        case (.some, nil), (.some, .some((_, nil))):
            throw Self.refusal("\(name) has no seal: it was inserted outside the ledger")
        case (nil, .some((let seq, .some))):
            throw Self.refusal("\(name) sealed by audit event \(seq) is missing: it was deleted")
        case (.some(let row), .some((let seq, .some(let hash)))) where row.hash != hash:
            throw Self.refusal("\(name) does not match its seal in audit event \(seq): it was edited")
        default:
            break
        }
        if let seal { try checkEvent(seal.seq, db) }
    }

    /// The `rows.sealed` event `seq`: its own hash, its digest over its `row_seal` rows, and
    /// the next event's link to it.
    mutating func checkEvent(_ seq: Int64, _ db: Database) throws {
        guard eventsChecked.insert(seq).inserted else { return }
        guard let event = try Row.fetchOne(db, sql: "SELECT * FROM audit_event WHERE seq = ?", arguments: [seq]) else {
            throw Self.refusal("audit event \(seq), which sealed rows, is missing")
        }
        let kind: String = event["kind"], payload: String = event["payload"]
        let hash = AuditHash.v1(seq: seq, prevHash: Array(event["prev_hash"] as Data), at: event["at"], actor: event["actor"],
                                kind: kind, subject: event["subject"], payload: payload)
        guard hash == Array(event["hash"] as Data) else {
            throw Self.refusal("audit event \(seq) (\(kind)) does not match its hash: its content was changed")
        }
        guard kind == RowSeals.eventKind, let record = RowSealRecord(payload: payload) else {
            throw Self.refusal("row seals name audit event \(seq) (\(kind)), which seals no rows: the row_seal table was edited")
        }
        var digest = SealDigest()
        var encoder = CanonicalEncoder(tag: "")
        let seals = try RawStatement(db, "SELECT tbl, key, hash FROM row_seal WHERE seq = ? ORDER BY tbl, key")
        seals.bind(1, seq)
        defer { seals.reset() }
        while try seals.step(db) {
            digest.add(table: seals.text(0), key: seals.text(1), hash: seals.isNull(2) ? nil : seals.bytes(2), using: &encoder)
        }
        guard digest.count == record.count, digest.hex == record.digest else {
            throw Self.refusal("the row seals of audit event \(seq) do not match its digest (\(digest.count) found, \(record.count) sealed): the row_seal table was edited")
        }
        if let next = try Data.fetchOne(db, sql: "SELECT prev_hash FROM audit_event WHERE seq = ?", arguments: [seq + 1]),
           Array(next) != hash {
            throw Self.refusal("audit event \(seq + 1) does not link to audit event \(seq): the chain was edited there")
        }
    }
}

extension RowSeals {
    /// The group definition's rows against their seals, when a ledger opens: the first row
    /// that was edited, deleted or inserted outside the ledger, or nil. While there is one,
    /// the store refuses every write (`LedgerStore.requireWriter`), so an edited role cannot
    /// approve anything; reads and `close audit verify` still work, to report it.
    static func groupProblem(_ db: Database) throws -> String? {
        var checker = try SealChecker(db)
        let latestSeals = try RawStatement(db, "SELECT key, seq, hash FROM row_seal WHERE tbl = ? ORDER BY key, seq")
        for table in tables where groupTables.contains(table.name) {
            var seals: [String: (seq: Int64, hash: [UInt8]?)] = [:]
            latestSeals.bind(1, table.name)
            while try latestSeals.step(db) {
                seals[latestSeals.text(0)] = (latestSeals.int64(1), latestSeals.isNull(2) ? nil : latestSeals.bytes(2))
            }
            latestSeals.reset()
            let events = Set(seals.values.map(\.seq))
            var rows = 0
            if let problem = try checkRows(of: table, against: &seals, db, rowsChecked: &rows) { return problem }
            for seq in events.sorted() {
                do {
                    try checker.checkEvent(seq, db)
                } catch let error as LedgerError {
                    return error.message
                }
            }
        }
        return nil
    }
}
