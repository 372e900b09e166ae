import ArgumentParser
import CloseEngine
import Foundation
import LedgerCore
import LedgerStore

/// Where the ledger lives: --db, else $CLOSE_DB, else ./close.db.
struct StoreOptions: ParsableArguments {
    @Option(name: .long, help: ArgumentHelp("The ledger database file (default: $CLOSE_DB or ./close.db).", valueName: "PATH"), completion: .file())
    var db: String?

    /// The default file, when neither --db nor $CLOSE_DB names one.
    static let defaultPath = "./close.db"

    var path: String { named ?? Self.defaultPath }

    /// " --db PATH" (quoted for a shell) for the commands `close` suggests when --db named the
    /// file, so a copied command reads the same ledger; "" for $CLOSE_DB, which the copied
    /// command reads too, and for the default.
    var argument: String { db.map { " --db \(ShellWord.quoted($0))" } ?? "" }

    /// The file --db or $CLOSE_DB names (an empty $CLOSE_DB names none), or nil for the default.
    var named: String? { LedgerPath.named(db) }

    /// Audit timestamps come from $CLOSE_NOW when set (for reproducible runs), else the clock.
    var clock: LedgerClock {
        if let now = ProcessInfo.processInfo.environment["CLOSE_NOW"], !now.isEmpty { return .fixed(now) }
        return .system
    }

    /// The existing ledger. A missing file is an error that says how to make one: opening
    /// never creates a ledger, so a mistyped --db cannot start an empty or a demo book.
    func open() throws -> LedgerStore {
        guard FileManager.default.fileExists(atPath: path) else { throw LedgerPath.missing(path, named: named != nil, db: db) }
        return try LedgerStore.open(at: path, clock: clock)
    }
}

/// Which file a command means and what to say when it is not there.
enum LedgerPath {
    /// --db, else a non-empty $CLOSE_DB, else nil.
    static func named(_ db: String?) -> String? {
        if let db { return db }
        guard let fromEnvironment = ProcessInfo.processInfo.environment["CLOSE_DB"], !fromEnvironment.isEmpty else { return nil }
        return fromEnvironment
    }

    static func missing(_ path: String, named: Bool, db: String?) -> LedgerError {
        let source = db != nil ? " (named by --db)" : named ? " (named by $CLOSE_DB)" : ""
        return LedgerError(.databaseState,
                           "no ledger at \(path)\(source), and nothing was created: make one with `close init --db \(path) --group FILE` for your own group (docs/your-own-books.md) or `close demo --db \(path)` for the demo group, or check the path")
    }
}

/// Who acts: --as USER, else $CLOSE_USER. Unknown users are refused by the ledger.
struct IdentityOptions: ParsableArguments {
    @Option(name: .customLong("as"), help: ArgumentHelp("The user who acts (default: $CLOSE_USER).", valueName: "USER"), completion: LedgerCompletion.users)
    var user: String?

    func required() throws -> String {
        guard let name = user ?? ProcessInfo.processInfo.environment["CLOSE_USER"], !name.isEmpty else {
            throw ValidationError("this command changes the books and needs a user of the group: --as USER or $CLOSE_USER")
        }
        return name
    }

    /// The acting user, checked against the ledger's group before anything is read from a
    /// file: an unknown name, the auditor and "system" (the engine's own name) are refused.
    func writer(in ledger: LedgerStore) throws -> String {
        try CloseSession(store: ledger).writer(try required()).name
    }
}

/// Each command's --format takes only what it can write, so its help lists exactly those
/// values and ArgumentParser refuses the others: a table, CSV or JSON...
enum OutputFormat: String, ExpressibleByArgument, CaseIterable {
    case table, csv, json
}

/// ... or a table or JSON only.
enum TableOrJSON: String, ExpressibleByArgument, CaseIterable {
    case table, json
}

extension PeriodID: ExpressibleByArgument {
    public init?(argument: String) {
        guard let period = try? PeriodID(parsing: argument) else { return nil }
        self = period
    }
}

extension CalendarDate: ExpressibleByArgument {
    public init?(argument: String) {
        guard let date = try? CalendarDate(parsing: argument) else { return nil }
        self = date
    }
}

/// Reads a whole input file, naming it when it cannot be read.
func readFile(_ path: String) throws -> [UInt8] {
    guard let data = FileManager.default.contents(atPath: path) else {
        throw LedgerError(.invalidFile, "cannot read \(path): no such file or not readable", at: SourceLocation(file: path))
    }
    return [UInt8](data)
}
