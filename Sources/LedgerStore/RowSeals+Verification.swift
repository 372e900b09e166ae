import GRDB
import GRDBSQLite
import LedgerCore

/// The latest seal of each key, per table: its event and hash (nil: the row was deleted).
typealias LatestSeals = [String: [String: (seq: Int64, hash: [UInt8]?)]]

extension RowSeals {
    /// What `verifyAudit` checks of the row seals: every `rows.sealed` event's digest against
    /// its `row_seal` rows, then every row of every sealed table against its latest seal.
    /// `events` are the `rows.sealed` events the chain walk found, by seq.
    static func verify(_ db: Database, events: [Int64: RowSealRecord], result: inout AuditVerification) throws -> String? {
        var digests: [Int64: SealDigest] = [:]
        var found: [Int64: [String]] = [:]
        var latest: LatestSeals = [:]
        var encoder = CanonicalEncoder(tag: "")
        // One pass in key order (the primary key's): within one event, seals come ordered by
        // table and key, the order its digest was made in; the last seal of a key is its latest.
        let seals = try RawStatement(db, "SELECT tbl, key, seq, hash FROM row_seal ORDER BY tbl, key, seq")
        defer { seals.reset() }
        while try seals.step(db) {
            let name = seals.text(0), key = seals.text(1), seq = seals.int64(2)
            let hash = seals.isNull(3) ? nil : seals.bytes(3)
            guard let table = byName[name] else {
                return "a row seal names the table '\(name)', which is not sealed: it was inserted outside the ledger"
            }
            guard events[seq] != nil else {
                return "the row seal of \(describe(table, key: key)) names audit event \(seq), which sealed no rows: it was inserted outside the ledger"
            }
            digests[seq, default: SealDigest()].add(table: name, key: key, hash: hash, using: &encoder)
            if found[seq, default: []].count < 4 { found[seq, default: []].append(describe(table, key: key)) }
            latest[name, default: [:]][key] = (seq, hash)
        }
        for (seq, record) in events.sorted(by: { $0.key < $1.key }) {
            let digest = digests[seq]
            guard let digest, digest.count == record.count, digest.hex == record.digest else {
                let names = found[seq].map { ": " + $0.joined(separator: ", ") + ((digest?.count ?? 0) > $0.count ? ", ..." : "") } ?? ""
                return "the row seals of audit event \(seq) do not match its digest (\(digest?.count ?? 0) found, \(record.count) sealed\(names)): the row_seal table was edited, a seal deleted or added"
            }
        }
        for table in tables {
            var seals = latest[table.name] ?? [:]
            if let problem = try checkRows(of: table, against: &seals, db, rowsChecked: &result.rowsChecked) {
                return problem
            }
        }
        return nil
    }

    /// Every row of `table` against its latest seal, then the seals whose row is gone. Removes
    /// the keys it meets from `seals`.
    static func checkRows(of table: SealedTable, against seals: inout [String: (seq: Int64, hash: [UInt8]?)], _ db: Database,
                          rowsChecked: inout Int) throws -> String? {
        let rows = try RawStatement(db, "SELECT \(table.selectColumns) FROM main.\(table.name) ORDER BY \(table.keyOrder)")
        defer { rows.reset() }
        var lines: RawStatement?
        var lineWaiting = false
        if let child = table.child {
            let statement = try RawStatement(db, """
                SELECT \(child.columns.map { "\"\($0)\"" }.joined(separator: ", ")) FROM main.\(child.table)
                ORDER BY "\(child.parentColumn)", "\(child.orderColumn)"
                """)
            lines = statement
            lineWaiting = try statement.step(db)
        }
        defer { lines?.reset() }
        var hasher = RowHasher()
        let keyPositions = table.keyPositions.map(Int32.init)

        /// A child row whose parent is not there (lines all sorted by parent, the parents too).
        func orphan(_ lines: RawStatement) -> String {
            let parent = keyText(lines.handle, 0)
            if let seal = seals[parent], seal.hash != nil {
                return "\(describe(table, key: parent)) sealed by audit event \(seal.seq) is missing (its lines are there): it was deleted"
            }
            return "\(table.child!.table) (\(table.child!.parentColumn) \(parent), \(table.child!.orderColumn) \(keyText(lines.handle, 1))) belongs to no \(table.name) and has no seal: it was inserted outside the ledger"
        }

        while try rows.step(db) {
            let key = keyPositions.map { keyText(rows.handle, $0) }.joined(separator: String(separator))
            hasher.start(table)
            hasher.columns(of: rows.handle, count: table.columns.count)
            rowsChecked += 1
            if let lines, let child = table.child {
                let parent = rows.int64(0)
                if lineWaiting, lines.int64(0) < parent { return orphan(lines) }
                var count = 0
                while lineWaiting, lines.int64(0) == parent {
                    hasher.columns(of: lines.handle, count: child.columns.count)
                    count += 1
                    lineWaiting = try lines.step(db)
                }
                hasher.lineCount(count)
                rowsChecked += count
            }
            let seal = seals.removeValue(forKey: key)
            let context = table.context.map { column in (column, keyText(rows.handle, Int32(table.columns.firstIndex(of: column)!))) }
            let name = describe(table, key: key, context: context)
            guard let seal, let sealed = seal.hash else {
                let deleted = seal.map { " (audit event \($0.seq) sealed its deletion)" } ?? ""
                return "\(name) has no seal\(deleted): it was inserted outside the ledger"
            }
            guard hasher.sha256 == sealed else {
                return "\(name) does not match its seal in audit event \(seal.seq): it was edited"
            }
        }
        if let lines, lineWaiting { return orphan(lines) }
        let missing = seals.filter { $0.value.hash != nil }
            .min { Array($0.key.utf8).lexicographicallyPrecedes(Array($1.key.utf8)) }
        if let missing {
            return "\(describe(table, key: missing.key)) sealed by audit event \(missing.value.seq) is missing: it was deleted"
        }
        return nil
    }
}
