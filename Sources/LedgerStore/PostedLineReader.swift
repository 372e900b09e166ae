import GRDB
import GRDBSQLite
import LedgerCore

/// Turns the rows of `LedgerStore.lineQuery` into `LedgerLine`s through the SQLite C API.
/// A large close reads millions of lines: decoding each through a GRDB `Row` (a copied row,
/// a generic decode per column) was the largest part of its time. The lines of one entry
/// come one after another, so what belongs to the entry (key, document, date, source,
/// description, reversal) is decoded once per entry and shared by its lines.
struct PostedLineReader {
    private var entry: LedgerLine?
    private var currency: Currency?

    /// Every row of `statement`, whose arguments are set, in the statement's order.
    static func lines(of statement: Statement, _ db: Database) throws -> [LedgerLine] {
        let handle = statement.sqliteStatement
        var reader = PostedLineReader()
        var lines: [LedgerLine] = []
        while true {
            switch sqlite3_step(handle) {
            case SQLITE_ROW: lines.append(try reader.line(handle))
            case SQLITE_DONE: return lines
            case let code:
                throw DatabaseError(resultCode: ResultCode(rawValue: code), message: String(cString: sqlite3_errmsg(db.sqliteConnection)))
            }
        }
    }

    /// The current row, in the column order of `LedgerStore.lineQuery`.
    private mutating func line(_ handle: OpaquePointer) throws -> LedgerLine {
        let entryID = sqlite3_column_int64(handle, 0)
        var line: LedgerLine
        if let entry, entry.entryID == entryID {
            line = entry
        } else {
            let entity = Self.text(handle, 2)
            let documentNumber = sqlite3_column_int64(handle, 4)
            line = LedgerLine(entryID: entryID, entryKey: Self.text(handle, 1),
                              document: DocumentNumber.format(entity: entity, fiscalYear: Int(sqlite3_column_int64(handle, 3)), number: documentNumber),
                              date: try CalendarDate(parsing: Self.text(handle, 5)), source: Self.text(handle, 6),
                              entryDescription: Self.text(handle, 7),
                              reverses: sqlite3_column_type(handle, 8) == SQLITE_NULL ? nil : sqlite3_column_int64(handle, 8),
                              isReversed: sqlite3_column_int64(handle, 9) != 0, account: "", currency: .usd,
                              amountMinor: 0, functionalMinor: 0, entity: entity)
            entry = line
        }
        line.account = Self.text(handle, 10)
        line.currency = try currency(Self.text(handle, 11))
        line.amountMinor = sqlite3_column_int64(handle, 12)
        line.functionalMinor = sqlite3_column_int64(handle, 13)
        line.partner = sqlite3_column_type(handle, 14) == SQLITE_NULL ? nil : Self.text(handle, 14)
        line.reference = Self.text(handle, 15)
        line.description = Self.text(handle, 16)
        return line
    }

    /// The currency of `code`, looked up once for a run of lines in the same currency.
    private mutating func currency(_ code: String) throws -> Currency {
        if let currency, currency.code == code { return currency }
        let found = try Currency(code)
        currency = found
        return found
    }

    private static func text(_ handle: OpaquePointer, _ column: Int32) -> String {
        guard let pointer = sqlite3_column_text(handle, column) else { return "" }
        return String(decoding: UnsafeBufferPointer(start: pointer, count: Int(sqlite3_column_bytes(handle, column))), as: UTF8.self)
    }
}
