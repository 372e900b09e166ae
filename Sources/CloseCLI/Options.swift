import ArgumentParser
import CloseEngine
import Foundation
import LedgerCore
import LedgerStore

/// Where the ledger lives: --db, else $CLOSE_DB, else ./close.db.
struct StoreOptions: ParsableArguments {
    @Option(name: .long, help: ArgumentHelp("The ledger database file (default: $CLOSE_DB or ./close.db).", valueName: "PATH"))
    var db: String?

    var path: String {
        db ?? ProcessInfo.processInfo.environment["CLOSE_DB"] ?? "./close.db"
    }

    /// Audit timestamps come from $CLOSE_NOW when set (for reproducible runs), else the clock.
    var clock: LedgerClock {
        if let now = ProcessInfo.processInfo.environment["CLOSE_NOW"], !now.isEmpty { return .fixed(now) }
        return .system
    }

    func open() throws -> LedgerStore {
        try LedgerStore.open(at: path, clock: clock)
    }
}

/// Who acts: --as USER, else $CLOSE_USER. Unknown users are refused by the ledger.
struct IdentityOptions: ParsableArguments {
    @Option(name: .customLong("as"), help: ArgumentHelp("The user who acts (default: $CLOSE_USER).", valueName: "USER"))
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

enum OutputFormat: String, ExpressibleByArgument, CaseIterable {
    case table, csv, json
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
