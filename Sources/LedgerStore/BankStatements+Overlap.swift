import GRDB
import LedgerCore

extension LedgerStore {
    /// Refuses a statement that repeats an imported one over the days both cover: a monthly
    /// CSV after the daily camt.053 files of the same month, or an export from the 10th to the
    /// 20th after one to the 15th. Imported, those lines would count twice and the account
    /// could never be certified. Over the shared days, one statement's movements (booking
    /// date and signed amount) all being among the other's is the repeat; two statements of
    /// one day with movements of their own (a bank's intraday statements) are both kept.
    func refuseOverlap(of statement: BankStatement, iban: String, source: String, _ db: Database) throws {
        let dates = statement.lines.map(\.bookingDate.description)
        guard let first = dates.min(), let last = dates.max() else { return }
        let neighbours = try Row.fetchAll(db, sql: """
            SELECT s.id, s.statement_id, s.source, s.imported_by, min(l.booking_date) AS first, max(l.booking_date) AS last
            FROM bank_statement s JOIN bank_line l ON l.statement = s.id
            WHERE s.iban = ? AND s.currency = ?
            GROUP BY s.id HAVING min(l.booking_date) <= ? AND max(l.booking_date) >= ?
            ORDER BY s.id
            """, arguments: [iban, statement.currency.code, last, first])
        for row in neighbours {
            let from = max(first, row["first"] as String), through = min(last, row["last"] as String)
            let mine = statement.lines.filter { (from...through).contains($0.bookingDate.description) }
                .map { "\($0.bookingDate) \($0.amountMinor)" }
            let theirs = try Row.fetchAll(db, sql: """
                SELECT booking_date, amount FROM bank_line WHERE statement = ? AND booking_date >= ? AND booking_date <= ?
                """, arguments: [row["id"] as Int64, from, through]).map { "\($0["booking_date"] as String) \($0["amount"] as Int64)" }
            guard !mine.isEmpty, !theirs.isEmpty, Self.isSubMultiset(mine, of: theirs) || Self.isSubMultiset(theirs, of: mine) else { continue }
            let shared = min(mine.count, theirs.count)
            throw LedgerError(.idempotencyConflict, """
                statement \(statement.id) of \(iban) repeats \(shared) line\(shared == 1 ? "" : "s") of statement \
                \(row["statement_id"] as String), imported from \(row["source"] as String) by \(row["imported_by"] as String), \
                booked from \(from) through \(through): the two statements overlap, and importing this one would count those \
                lines twice; import statements that follow one another (nothing was imported)
                """, at: SourceLocation(file: source))
        }
    }

    /// Whether every element of `small` is in `large`, as often as it is in `small`.
    static func isSubMultiset(_ small: [String], of large: [String]) -> Bool {
        var counts: [String: Int] = [:]
        for item in large { counts[item, default: 0] += 1 }
        for item in small {
            guard let count = counts[item], count > 0 else { return false }
            counts[item] = count - 1
        }
        return true
    }
}
