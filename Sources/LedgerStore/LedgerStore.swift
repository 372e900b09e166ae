import Foundation
import GRDB
import LedgerCore

/// The ledger's one door to SQLite. Every business operation (`post`, `reverse`,
/// `setPeriodState`, `importRates`) is one `BEGIN IMMEDIATE` transaction that leaves the
/// books valid when it commits, or changes nothing when it throws.
public final class LedgerStore: Sendable {
    let writer: DatabaseQueue
    public let group: GroupDefinition
    public let rules: EntryRules
    let clock: LedgerClock
    /// The first row of the group definition that did not match its seal when the ledger was
    /// opened (edited, deleted or inserted outside the ledger), or nil. While there is one, every
    /// write is refused; reads and `verifyAudit` still work, to report it.
    public let tamperedGroupRow: String?
    /// The entries scopes counted so far (`inputStates`).
    let entryCounts = EntryCounts()

    private init(writer: DatabaseQueue, group: GroupDefinition, clock: LedgerClock, tamperedGroupRow: String? = nil) {
        self.writer = writer
        self.group = group
        self.rules = EntryRules(group: group)
        self.clock = clock
        self.tamperedGroupRow = tamperedGroupRow
    }

    /// A new ledger for `group`: at `path` (which must not hold a ledger yet), or in memory
    /// when `path` is nil.
    public static func create(at path: String?, group: GroupDefinition, clock: LedgerClock = .system,
                              actor: String = "system") throws -> LedgerStore {
        try group.validate()
        if let path, FileManager.default.fileExists(atPath: path) {
            throw LedgerError(.databaseState, "\(path) already exists; remove it or choose another --db path")
        }
        let writer = try connect(path)
        do {
            try Schema.migrator.migrate(writer)
            try writer.writeWithoutTransaction { db in try RowSeals.installTriggers(db) }
            let store = LedgerStore(writer: writer, group: group, clock: clock)
            try store.transaction { db in
                try GroupRecords.save(group, db)
                var audit = try AuditAppender(db, clock: clock)
                try audit.append(db, actor: actor, kind: "ledger.created", subject: group.name,
                                 payload: "currency=\(group.currency) entities=\(group.entities.count) accounts=\(group.accounts.count) users=\(group.users.count)")
            }
            return store
        } catch {
            if let path { try? FileManager.default.removeItem(atPath: path) }
            throw LedgerStore.mapped(error)
        }
    }

    /// Opens an existing ledger. A missing file is an error, never an empty new ledger.
    public static func open(at path: String, clock: LedgerClock = .system) throws -> LedgerStore {
        guard FileManager.default.fileExists(atPath: path) else {
            throw LedgerError(.databaseState, "no ledger at \(path); create one with `close init`")
        }
        do {
            let writer = try connect(path)
            let applied = try writer.read { db in try Schema.migrator.appliedMigrations(db) }
            guard !applied.isEmpty else {
                throw LedgerError(.databaseState, "\(path) is not a close ledger")
            }
            // Migrate only when needed: running the migrator on an up-to-date file still
            // rewrites its header, and a read or a refused write must leave the file as it was.
            if Set(applied) != Set(Schema.migrator.migrations) {
                try Schema.migrator(clock: clock).migrate(writer)
            }
            try writer.writeWithoutTransaction { db in try RowSeals.installTriggers(db) }
            let tampered = try writer.read { db in try RowSeals.groupProblem(db) }
            let group: GroupDefinition
            do {
                group = try writer.read { db in try GroupRecords.load(db) }
            } catch {
                // A group edited beyond what the schema allows cannot even be loaded: say why.
                if let tampered { throw LedgerError(.auditBroken, "the group definition was tampered with: \(tampered)") }
                throw error
            }
            return LedgerStore(writer: writer, group: group, clock: clock, tamperedGroupRow: tampered)
        } catch {
            throw LedgerStore.mapped(error)
        }
    }

    private static func connect(_ path: String?) throws -> DatabaseQueue {
        var config = Configuration()
        config.foreignKeysEnabled = true
        config.busyMode = .timeout(10)
        // WAL is set here rather than with GRDB's `journalMode = .wal`, which would lower
        // `synchronous` to NORMAL and write to the file on every open when no WAL file exists.
        let wal = path != nil
        config.prepareDatabase { db in
            if wal {
                let mode = try String.fetchOne(db, sql: "PRAGMA journal_mode = WAL")
                guard mode == "wal" else { throw LedgerError(.databaseState, "could not switch the ledger to WAL mode (got \(mode ?? "nothing"))") }
            }
            try db.execute(sql: "PRAGMA synchronous = FULL")
            // 64 MiB of page cache: a large import keeps its working set in memory
            // instead of spilling dirty pages to the WAL in the middle of the transaction.
            try db.execute(sql: "PRAGMA cache_size = -65536")
            // Checkpoint every 64 MiB of WAL instead of every 4 MiB: a large import then writes
            // the pages it touches again and again (index edges, balances) to the database file
            // once per checkpoint, not once per batch. Durability is the WAL's, unchanged.
            try db.execute(sql: "PRAGMA wal_autocheckpoint = 16384")
            // Where this connection's write transactions note the sealed rows they touch
            // (`RowSeals+Recording`); its triggers follow once the file's tables exist.
            try db.execute(sql: RowSeals.touchedTableSQL)
        }
        guard let path else { return try DatabaseQueue(configuration: config) }
        return try DatabaseQueue(path: path, configuration: config)
    }

    /// The connection's storage settings, as SQLite reports them (for tests and `close audit`).
    public func storageSettings() throws -> [String: String] {
        try read { db in
            var settings: [String: String] = [:]
            for pragma in ["journal_mode", "synchronous", "foreign_keys", "cache_size"] {
                settings[pragma] = try String.fetchOne(db, sql: "PRAGMA \(pragma)")
            }
            return settings
        }
    }

    /// Runs `body` in one IMMEDIATE write transaction, which ends by sealing the rows of sealed
    /// tables it inserted, updated or deleted (one `rows.sealed` audit event); any error rolls
    /// everything back. Refused outright while the group definition does not match its seals.
    func transaction<T>(_ body: (Database) throws -> T) throws -> T {
        try refuseIfTampered()
        do {
            return try writer.writeWithoutTransaction { db in
                var result: T?
                try db.inTransaction(.immediate) {
                    let start = try RowSeals.head(db)
                    result = try body(db)
                    try RowSeals.sealTouched(db, clock: clock, startedAt: start)
                    return .commit
                }
                return result!
            }
        } catch {
            throw LedgerStore.mapped(error)
        }
    }

    func read<T>(_ body: (Database) throws -> T) throws -> T {
        do {
            return try writer.read { db in try body(db) }
        } catch {
            throw LedgerStore.mapped(error)
        }
    }

    /// Expected failures stay `LedgerError`s; SQLite's refusals become one with its message.
    static func mapped(_ error: any Error) -> any Error {
        if error is LedgerError { return error }
        if let error = error as? DatabaseError {
            return LedgerError(.databaseState, "database refused the operation: \(error.message ?? error.description)")
        }
        return LedgerError(.databaseState, "\(error)")
    }

    /// The named user, who must exist and may write (the auditor reads only). "system"
    /// stands for unattended imports, and only where `allowsSystem` (never for reversals or
    /// period changes, which a named person decides).
    func requireWriter(_ actor: String, allowsSystem: Bool = false) throws {
        try refuseIfTampered()
        guard let user = group.user(actor) else {
            if actor == "system", allowsSystem { return }
            throw LedgerError(.unknownUser, "unknown user '\(actor)'; the group's users are \(group.users.map(\.name).joined(separator: ", "))", at: SourceLocation(field: "--as"))
        }
        guard user.role.mayWrite else {
            throw LedgerError(.notPermitted, "\(actor) is an \(user.role.rawValue) and may read but not change the books", at: SourceLocation(field: "--as"))
        }
    }

    /// Every write is refused while a row of the group definition does not match its seal: a
    /// role, a user, an account edited outside the ledger must not decide anything.
    func refuseIfTampered() throws {
        guard let tamperedGroupRow else { return }
        throw LedgerError(.auditBroken, "the ledger refuses every change: \(tamperedGroupRow); `close audit verify` reports the ledger's state")
    }

    /// Closes the database file.
    public func close() throws {
        try writer.close()
    }
}
