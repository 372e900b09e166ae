import Foundation
import GRDB
import GRDBSQLite
import LedgerCore

/// How a transaction learns which sealed rows it wrote, and seals them when it ends.
///
/// Each connection of the ledger creates TEMP triggers on every sealed table that note the
/// key of each row inserted, updated or deleted in `temp.row_touched`, and, for an update or a
/// delete, the row's values before this transaction first touched it. TEMP triggers belong to
/// the connection that made them: no write site of the ledger can forget them, and a sqlite3
/// shell on the file has none, so a row edited outside the ledger is never sealed by a later
/// legitimate transaction (a trigger in the file would do exactly that). Before sealing, every
/// touched row that existed is checked against its latest seal, and a row inserted is checked
/// not to hide a sealed row deleted outside the ledger: a transaction never launders a forgery.
extension RowSeals {
    /// The widest sealed table: `row_touched` keeps up to this many values of a row as it was.
    static let maxColumns = tables.map(\.columns.count).max()!

    /// Key columns that are INTEGER in the schema (bound as integers when a row is looked up).
    static let integerKeyColumns: Set<String> = ["id", "position", "version", "run", "decision"]

    /// The TEMP table, created when the connection opens (it needs no table of the file).
    /// Its value columns have no declared type, so SQLite keeps each value as it was stored.
    static var touchedTableSQL: String {
        let values = (0..<maxColumns).map { "v\($0)" }.joined(separator: ", ")
        return """
            CREATE TEMP TABLE IF NOT EXISTS row_touched (
                tbl TEXT NOT NULL, key TEXT NOT NULL,
                -- 0: the transaction inserted the row first; 1: it updated or deleted a row that
                -- existed, whose values as they were are in v0...
                existed INTEGER NOT NULL,
                \(values),
                PRIMARY KEY (tbl, key)
            ) WITHOUT ROWID
            """
    }

    /// The TEMP triggers, created once the file's tables exist (after the migrations).
    static func installTriggers(_ db: Database) throws {
        for table in tables {
            try db.execute(sql: triggers(for: table))
        }
    }

    static func keyExpression(_ table: SealedTable, _ alias: String) -> String {
        table.keyColumns.map { "\(alias).\"\($0)\"" }.joined(separator: " || char(31) || ")
    }

    /// Notes `key` of `table` unless the transaction touched it already (the first touch
    /// keeps the row as it was). Not `INSERT OR IGNORE`: inside a trigger the statement that
    /// fired it imposes its own conflict policy (an upsert's would fail on the duplicate).
    private static func note(_ table: String, _ key: String, existed: Bool, values: (names: String, values: String)? = nil) -> String {
        let names = values.map { ", " + $0.names } ?? ""
        let given = values.map { ", " + $0.values } ?? ""
        return """
            INSERT INTO row_touched (tbl, key, existed\(names)) SELECT '\(table)', \(key), \(existed ? 1 : 0)\(given)
                WHERE NOT EXISTS (SELECT 1 FROM row_touched WHERE tbl = '\(table)' AND key = \(key));
            """
    }

    /// (SQLite wants the TEMP table unqualified inside a trigger's body; it is found first.)
    private static func triggers(for table: SealedTable) -> String {
        let name = table.name
        let newKey = keyExpression(table, "NEW")
        let oldKey = keyExpression(table, "OLD")
        let valueNames = (0..<table.columns.count).map { "v\($0)" }.joined(separator: ", ")
        let oldValues = table.columns.map { "OLD.\"\($0)\"" }.joined(separator: ", ")
        var sql = """
            CREATE TEMP TRIGGER IF NOT EXISTS seal_\(name)_insert AFTER INSERT ON main.\(name) BEGIN
                \(note(name, newKey, existed: false))
            END;
            """
        guard let child = table.child else {
            // close_run: only the sealed columns, so taking or releasing a run (owner) seals nothing.
            let updateOf = table.name == "close_run" ? " OF " + table.columns.map { "\"\($0)\"" }.joined(separator: ", ") : ""
            sql += """
                CREATE TEMP TRIGGER IF NOT EXISTS seal_\(name)_update BEFORE UPDATE\(updateOf) ON main.\(name) BEGIN
                    \(note(name, oldKey, existed: true, values: (valueNames, oldValues)))
                    \(note(name, newKey, existed: false))
                END;
                CREATE TEMP TRIGGER IF NOT EXISTS seal_\(name)_delete BEFORE DELETE ON main.\(name) BEGIN
                    \(note(name, oldKey, existed: true, values: (valueNames, oldValues)))
                END;
                """
            return sql
        }
        // A statement and its lines are sealed whole when imported, and the ledger never changes
        // them (the file's triggers refuse it too); the values of a statement "as it was" would
        // need all its lines, so the ledger's own connection refuses the change outright.
        let refusal = "SELECT RAISE(ABORT, 'imported bank statements and their lines are sealed and never change');"
        sql += """
            CREATE TEMP TRIGGER IF NOT EXISTS seal_\(name)_update BEFORE UPDATE ON main.\(name) BEGIN \(refusal) END;
            CREATE TEMP TRIGGER IF NOT EXISTS seal_\(name)_delete BEFORE DELETE ON main.\(name) BEGIN \(refusal) END;
            CREATE TEMP TRIGGER IF NOT EXISTS seal_\(child.table)_insert AFTER INSERT ON main.\(child.table) BEGIN
                \(note(name, "NEW.\"\(child.parentColumn)\"", existed: false))
            END;
            CREATE TEMP TRIGGER IF NOT EXISTS seal_\(child.table)_update BEFORE UPDATE ON main.\(child.table) BEGIN \(refusal) END;
            CREATE TEMP TRIGGER IF NOT EXISTS seal_\(child.table)_delete BEFORE DELETE ON main.\(child.table) BEGIN \(refusal) END;
            """
        return sql
    }

    /// The seq of the chain's last event (0 for none): a transaction notes it when it starts, so
    /// its `rows.sealed` event can name the actor of the events it wrote.
    static func head(_ db: Database) throws -> Int64 {
        let statement = try RawStatement(db, "SELECT max(seq) FROM audit_event")
        defer { statement.reset() }
        return try statement.step(db) ? statement.int64(0) : 0
    }

    /// Seals every row the transaction touched, in one `rows.sealed` event; nothing when it
    /// touched none (or put every row back as it was). Refuses, rolling the transaction back,
    /// when a touched row did not match its seal before the transaction changed it.
    static func sealTouched(_ db: Database, clock: LedgerClock, startedAt startSeq: Int64, subject: String? = nil) throws {
        var pending: [(table: SealedTable, key: String, existed: Bool, before: [UInt8]?)] = []
        let touched = try RawStatement(db, "SELECT * FROM temp.row_touched ORDER BY tbl, key")
        var hasher = RowHasher()
        while try touched.step(db) {
            let name = touched.text(0)
            guard let table = byName[name] else { continue }
            let existed = touched.int64(2) == 1
            var before: [UInt8]?
            if existed {
                hasher.start(table)
                hasher.columns(of: touched.handle, from: 3, count: table.columns.count)
                before = hasher.sha256
            }
            pending.append((table, touched.text(1), existed, before))
        }
        touched.reset()
        guard !pending.isEmpty else { return }
        try db.execute(sql: "DELETE FROM temp.row_touched")

        var sealed: [(table: SealedTable, key: String, hash: [UInt8]?)] = []
        var lookup = try SealLookup(db)
        for item in pending {
            let prior = try lookup.latest(item.table, item.key, db)
            let name = describe(item.table, key: item.key)
            if item.existed {
                guard let prior, let priorHash = prior.hash else {
                    throw LedgerError(.auditBroken, "\(name) has no seal: it was inserted outside the ledger; nothing was written")
                }
                guard priorHash == item.before else {
                    throw LedgerError(.auditBroken, "\(name) does not match its seal in audit event \(prior.seq): it was edited outside the ledger; nothing was written")
                }
            } else if let prior, prior.hash != nil {
                throw LedgerError(.auditBroken, "\(name) was sealed by audit event \(prior.seq) but was missing: it was deleted outside the ledger; nothing was written")
            }
            let current = try lookup.currentHash(item.table, item.key, db)
            if current == prior?.hash { continue }
            sealed.append((item.table, item.key, current))
        }
        guard !sealed.isEmpty else { return }
        try append(sealed, db, clock: clock, startedAt: startSeq, subject: subject)
    }

    /// Writes the `rows.sealed` event, then its `row_seal` rows (which reference it).
    private static func append(_ sealed: [(table: SealedTable, key: String, hash: [UInt8]?)], _ db: Database,
                               clock: LedgerClock, startedAt startSeq: Int64, subject: String?) throws {
        var digest = SealDigest()
        var encoder = CanonicalEncoder(tag: "")
        var names: [String] = []
        for item in sealed {
            digest.add(table: item.table.name, key: item.key, hash: item.hash, using: &encoder)
            if names.last != item.table.name { names.append(item.table.name) }
        }
        var audit = try AuditAppender(db, clock: clock)
        var actor = "system"
        if audit.lastSeq > startSeq {
            actor = try String.fetchOne(db, sql: "SELECT actor FROM audit_event WHERE seq = ?", arguments: [audit.lastSeq]) ?? actor
        }
        try audit.append(db, actor: actor, kind: eventKind, subject: subject ?? names.joined(separator: " "),
                         payload: RowSealRecord(count: digest.count, digest: digest.hex).payload)
        let insert = try RawStatement(db, "INSERT INTO row_seal (tbl, key, seq, hash) VALUES (?, ?, ?, ?)")
        for item in sealed {
            insert.bind(1, item.table.name)
            insert.bind(2, item.key)
            insert.bind(3, audit.lastSeq)
            if let hash = item.hash { insert.bind(4, bytes: hash) } else { insert.bind(4, nil as String?) }
            try insert.execute(db)
        }
    }

    /// Inside v8's migration, for a ledger that already holds data: every existing row is
    /// sealed once, in one baseline `rows.sealed` event, so that from then on each row has a
    /// seal to be checked against. A new ledger has no event yet and gets no baseline.
    static func sealBaseline(_ db: Database, clock: LedgerClock) throws {
        guard try head(db) > 0 else { return }
        try db.execute(sql: touchedTableSQL)
        // A table a later migration creates does not exist yet when v8 runs, and holds no row then.
        for table in tables where try db.tableExists(table.name) {
            try db.execute(sql: """
                INSERT OR IGNORE INTO temp.row_touched (tbl, key, existed)
                SELECT '\(table.name)', \(keyExpression(table, "t")), 0 FROM main.\(table.name) AS t
                """)
        }
        try sealTouched(db, clock: clock, startedAt: Int64.max, subject: "baseline")
    }
}

/// Latest seals and current row hashes by key, with statements prepared once per use.
struct SealLookup {
    private let latestSeal: RawStatement
    private var rows: [String: RawStatement] = [:]
    private var lines: [String: RawStatement] = [:]
    private var hasher = RowHasher()

    init(_ db: Database) throws {
        latestSeal = try RawStatement(db, "SELECT seq, hash FROM row_seal WHERE tbl = ? AND key = ? ORDER BY seq DESC LIMIT 1")
    }

    /// The latest seal of a key: its event and hash (nil: the row was deleted), or nil if none.
    func latest(_ table: SealedTable, _ key: String, _ db: Database) throws -> (seq: Int64, hash: [UInt8]?)? {
        latestSeal.bind(1, table.name)
        latestSeal.bind(2, key)
        defer { latestSeal.reset() }
        guard try latestSeal.step(db) else { return nil }
        return (latestSeal.int64(0), latestSeal.isNull(1) ? nil : latestSeal.bytes(1))
    }

    /// The hash of the row with `key` as it is now (nil when there is none), and the values
    /// of its context columns, for messages.
    mutating func currentHash(_ table: SealedTable, _ key: String, _ db: Database) throws -> [UInt8]? {
        try current(table, key, db)?.hash
    }

    mutating func current(_ table: SealedTable, _ key: String, _ db: Database) throws -> (hash: [UInt8], context: [(String, String)])? {
        let statement: RawStatement
        if let cached = rows[table.name] {
            statement = cached
        } else {
            statement = try RawStatement(db, "SELECT \(table.selectColumns) FROM main.\(table.name) WHERE \(table.keyMatch)")
            rows[table.name] = statement
        }
        bindKey(statement, table, key)
        defer { statement.reset() }
        guard try statement.step(db) else { return nil }
        hasher.start(table)
        hasher.columns(of: statement.handle, count: table.columns.count)
        let context = table.context.map { column in
            (column, keyText(statement.handle, Int32(table.columns.firstIndex(of: column)!)))
        }
        if let child = table.child {
            let lineStatement: RawStatement
            if let cached = lines[table.name] {
                lineStatement = cached
            } else {
                lineStatement = try RawStatement(db, """
                    SELECT \(child.columns.map { "\"\($0)\"" }.joined(separator: ", ")) FROM main.\(child.table)
                    WHERE "\(child.parentColumn)" = ? ORDER BY "\(child.orderColumn)"
                    """)
                lines[table.name] = lineStatement
            }
            bindKey(lineStatement, table, key)
            defer { lineStatement.reset() }
            var count = 0
            while try lineStatement.step(db) {
                hasher.columns(of: lineStatement.handle, count: child.columns.count)
                count += 1
            }
            hasher.lineCount(count)
        }
        return (hasher.sha256, context)
    }

    private func bindKey(_ statement: RawStatement, _ table: SealedTable, _ key: String) {
        let parts = key.split(separator: RowSeals.separator, omittingEmptySubsequences: false)
        for (index, column) in table.keyColumns.enumerated() {
            let part = index < parts.count ? String(parts[index]) : ""
            if RowSeals.integerKeyColumns.contains(column), let number = Int64(part) {
                statement.bind(Int32(index + 1), number)
            } else {
                statement.bind(Int32(index + 1), part)
            }
        }
    }
}
