import Foundation
import GRDB
import Testing
import LedgerCore
import LedgerStore

/// The group most store tests run on: three entities in three functional currencies
/// (USD, EUR, JPY), a small chart with intercompany and closed accounts, and one user per role.
enum Fixture {
    static let clock = LedgerClock.fixed("2026-06-30T12:00:00Z")

    static func group(fiscalYearStartMonth: Int = 1, users extraUsers: [User] = []) -> GroupDefinition {
        GroupDefinition(
            name: "Fixture Group", currency: .usd, fiscalYearStartMonth: fiscalYearStartMonth,
            entities: [Entity(code: "US01", name: "US Inc", currency: .usd, country: "US"),
                       Entity(code: "DE01", name: "DE GmbH", currency: .eur, country: "DE", parent: "US01"),
                       Entity(code: "JP01", name: "JP KK", currency: .jpy, country: "JP", parent: "US01")],
            accounts: [Account(code: "1000", name: "Bank", type: .asset, isBank: true, isMonetary: true),
                       Account(code: "1100", name: "Receivables", type: .asset, isMonetary: true),
                       Account(code: "1150", name: "IC receivable", type: .asset, isIntercompany: true, isMonetary: true),
                       Account(code: "2000", name: "Payables", type: .liability, isMonetary: true),
                       Account(code: "2150", name: "IC payable", type: .liability, isIntercompany: true, isMonetary: true),
                       Account(code: "3000", name: "Equity", type: .equity),
                       Account(code: "4000", name: "Revenue", type: .revenue),
                       Account(code: "5000", name: "Expenses", type: .expense),
                       Account(code: "5999", name: "Old expenses", type: .expense, isClosed: true)],
            users: [User(name: "alice", displayName: "Alice", role: .accountant),
                    User(name: "bob", displayName: "Bob", role: .controller),
                    User(name: "carol", displayName: "Carol", role: .cfo),
                    User(name: "dave", displayName: "Dave", role: .auditor)] + extraUsers)
    }

    static let entityCodes = ["US01", "DE01", "JP01"]

    static func currency(of entity: String) -> Currency {
        switch entity {
        case "DE01": .eur
        case "JP01": .jpy
        default: .usd
        }
    }
}

func day(_ text: String) -> CalendarDate { try! CalendarDate(parsing: text) }
func period(_ text: String) -> PeriodID { try! PeriodID(parsing: text) }

func line(_ account: String, _ amountMinor: Int64, _ currency: Currency = .usd, functional: Int64? = nil,
          partner: String? = nil, reference: String = "") -> EntryLine {
    EntryLine(account: account, currency: currency, amountMinor: amountMinor, functionalMinor: functional,
              partner: partner, reference: reference, description: "")
}

func entry(_ key: String, entity: String = "US01", date: String = "2026-05-04", source: EntrySource = .fileImport,
           description: String = "test entry", _ lines: [EntryLine]) -> JournalEntryDraft {
    JournalEntryDraft(entity: entity, date: day(date), description: description, source: source,
                      idempotencyKey: key, lines: lines)
}

/// A balanced two-line sale in the entity's functional currency: Bank debit, Revenue credit.
func sale(_ key: String, entity: String = "US01", date: String = "2026-05-04", amountMinor: Int64 = 100_000,
          source: EntrySource = .fileImport) -> JournalEntryDraft {
    let currency = Fixture.currency(of: entity)
    return entry(key, entity: entity, date: date, source: source,
                 [line("1000", amountMinor, currency), line("4000", -amountMinor, currency)])
}

func spot(_ date: String, _ from: Currency, _ to: Currency, _ rate: String, type: RateType = .spot) -> RateQuote {
    RateQuote(date: day(date), from: from, to: to, rate: try! ExchangeRate(parsing: rate), type: type)
}

/// A ledger in a file of its own (on tmpfs when there is one), with a second, read-only GRDB
/// connection on the same file so tests can look at the rows the store wrote.
final class TempLedger {
    let directory: String
    let path: String
    let store: LedgerStore
    let reader: DatabaseQueue

    init(group: GroupDefinition = Fixture.group(), clock: LedgerClock = Fixture.clock) throws {
        let base = FileManager.default.fileExists(atPath: "/dev/shm") ? "/dev/shm" : NSTemporaryDirectory()
        directory = (base as NSString).appendingPathComponent("close-ledger-tests-\(UUID().uuidString)")
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        path = (directory as NSString).appendingPathComponent("ledger.db")
        store = try LedgerStore.create(at: path, group: group, clock: clock)
        var configuration = Configuration()
        configuration.readonly = true
        reader = try DatabaseQueue(path: path, configuration: configuration)
    }

    deinit {
        try? reader.close()
        try? store.close()
        try? FileManager.default.removeItem(atPath: directory)
    }

    /// A plain GRDB connection that can write: what someone with the file and sqlite3 can do.
    func rawConnection() throws -> DatabaseQueue {
        var configuration = Configuration()
        configuration.busyMode = .timeout(5)
        return try DatabaseQueue(path: path, configuration: configuration)
    }

    /// Runs raw SQL with every protective trigger dropped first (a determined tamperer).
    func tamper(_ sql: String, arguments: StatementArguments = StatementArguments()) throws {
        let connection = try rawConnection()
        try connection.write { db in
            for trigger in try String.fetchAll(db, sql: "SELECT name FROM sqlite_master WHERE type = 'trigger'") {
                try db.execute(sql: "DROP TRIGGER \(trigger)")
            }
            try db.execute(sql: sql, arguments: arguments)
        }
        try connection.close()
    }

    func fingerprint() throws -> DatabaseFingerprint {
        try reader.read { db in try DatabaseFingerprint(db) }
    }

    func count(_ table: String, where condition: String = "1") throws -> Int {
        try reader.read { db in try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM \(table) WHERE \(condition)") ?? -1 }
    }

    func int64(_ sql: String, _ arguments: StatementArguments = StatementArguments()) throws -> Int64? {
        try reader.read { db in try Int64.fetchOne(db, sql: sql, arguments: arguments) }
    }

    func strings(_ sql: String, _ arguments: StatementArguments = StatementArguments()) throws -> [String] {
        try reader.read { db in try String.fetchAll(db, sql: sql, arguments: arguments) }
    }

    /// The sequence number of the first audit event of `kind` (and `subject`, if given).
    func auditSeq(kind: String, subject: String? = nil) throws -> Int64 {
        let seq = try reader.read { db in
            try Int64.fetchOne(db, sql: "SELECT MIN(seq) FROM audit_event WHERE kind = ? AND (? IS NULL OR subject = ?)",
                               arguments: [kind, subject, subject])
        }
        guard let seq else { throw LedgerError(.databaseState, "no audit event \(kind) \(subject ?? "")") }
        return seq
    }

    /// Every entity's net per currency (and functional) is zero: invariant 4.
    func expectBooksBalance(sourceLocation: Testing.SourceLocation = #_sourceLocation) throws {
        for entity in store.group.entities {
            let nets = try store.netByCurrency(entity: entity.code)
            #expect(nets.values.allSatisfy { $0 == 0 }, "\(entity.code) nets \(nets)", sourceLocation: sourceLocation)
        }
    }

    func expectIntact(sourceLocation: Testing.SourceLocation = #_sourceLocation) throws {
        let verification = try store.verifyAudit()
        #expect(verification.isIntact, "\(verification.firstProblem ?? "")", sourceLocation: sourceLocation)
    }
}

/// The content of every table (schema included), each row rendered exactly, blobs in hex.
/// Two fingerprints are equal when the database holds the same rows in every table.
struct DatabaseFingerprint: Equatable {
    var tables: [String: [String]] = [:]

    init(_ db: Database) throws {
        tables["sqlite_master"] = try Row.fetchAll(db, sql: "SELECT type, name, tbl_name, sql FROM sqlite_master ORDER BY type, name").map(Self.render)
        for table in try String.fetchAll(db, sql: "SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name") {
            let columns = try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM pragma_table_info(?)", arguments: [table]) ?? 1
            let order = (1...max(columns, 1)).map(String.init).joined(separator: ", ")
            tables[table] = try Row.fetchAll(db, sql: "SELECT * FROM \"\(table)\" ORDER BY \(order)").map(Self.render)
        }
    }

    static func render(_ row: Row) -> String {
        row.databaseValues.map { value -> String in
            switch value.storage {
            case .null: "NULL"
            case .int64(let number): "i\(number)"
            case .double(let number): "d\(number)"
            case .string(let text): "s'\(text)'"
            case .blob(let data): "x'" + data.map { String(format: "%02x", $0) }.joined() + "'"
            }
        }.joined(separator: "|")
    }

    /// The tables whose content differs, for a readable failure.
    func changedTables(comparedTo other: DatabaseFingerprint) -> [String] {
        Set(tables.keys).union(other.tables.keys).sorted().filter { tables[$0] != other.tables[$0] }
    }
}

/// Runs `body`, which must fail with a `LedgerError` of `code`, and checks the database is
/// exactly as it was before (invariant 12). Returns the error for further checks.
@discardableResult
func expectRefusal(_ code: LedgerError.Code, in ledger: TempLedger, _ what: Comment? = nil,
                   sourceLocation: Testing.SourceLocation = #_sourceLocation,
                   _ body: () throws -> Void) throws -> LedgerError? {
    let before = try ledger.fingerprint()
    var caught: LedgerError?
    do {
        try body()
        Issue.record("expected a \(code.rawValue) refusal but the operation succeeded. \(what.map { "\($0)" } ?? "")", sourceLocation: sourceLocation)
    } catch let error as LedgerError {
        caught = error
        #expect(error.code == code, "expected \(code.rawValue), got \(error.code.rawValue): \(error). \(what.map { "\($0)" } ?? "")", sourceLocation: sourceLocation)
    } catch {
        Issue.record("expected a LedgerError \(code.rawValue), got \(type(of: error)): \(error)", sourceLocation: sourceLocation)
    }
    let after = try ledger.fingerprint()
    let changed = after.changedTables(comparedTo: before)
    #expect(changed.isEmpty, "a refused operation changed tables \(changed). \(what.map { "\($0)" } ?? "")", sourceLocation: sourceLocation)
    return caught
}

/// Runs raw SQL that a trigger or constraint must refuse, and checks nothing changed.
func expectDatabaseRefuses(_ sql: String, in ledger: TempLedger, messageContains fragment: String? = nil,
                           sourceLocation: Testing.SourceLocation = #_sourceLocation) throws {
    let before = try ledger.fingerprint()
    let connection = try ledger.rawConnection()
    do {
        try connection.write { db in try db.execute(sql: sql) }
        Issue.record("the database accepted: \(sql)", sourceLocation: sourceLocation)
    } catch let error as DatabaseError {
        #expect(error.resultCode == .SQLITE_CONSTRAINT, "\(sql): \(error)", sourceLocation: sourceLocation)
        if let fragment {
            #expect(error.message?.contains(fragment) == true, "\(sql): \(error)", sourceLocation: sourceLocation)
        }
    }
    try connection.close()
    let changed = try ledger.fingerprint().changedTables(comparedTo: before)
    #expect(changed.isEmpty, "\(sql) changed \(changed)", sourceLocation: sourceLocation)
}
