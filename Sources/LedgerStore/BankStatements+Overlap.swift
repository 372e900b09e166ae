import GRDB
import LedgerCore

extension LedgerStore {
    /// Refuses a statement that repeats an imported one over the days both cover: a monthly
    /// CSV after the daily camt.053 files of the same month, or an export from the 10th to the
    /// 20th after one to the 15th. Imported, those lines would count twice and the account
    /// could never be certified. Over the shared days, one statement's movements (booking
    /// date and signed amount, and the bank's reference where both lines carry one) all being
    /// among the other's is the repeat; two statements of one day with movements of their own
    /// (a bank's intraday statements, a second charge of the same amount) are both kept.
    func refuseOverlap(of statement: BankStatement, iban: String, source: String, _ db: Database) throws {
        let dates = statement.lines.map(\.bookingDate.description)
        guard let first = dates.min(), let last = dates.max() else { return }
        // Only a statement with lines on these days can share movements with this one; its
        // own first and last days bound what the two share.
        let neighbours = try Row.fetchAll(db, sql: """
            SELECT s.id, s.statement_id, s.source, s.imported_by,
                   (SELECT min(booking_date) FROM bank_line WHERE statement = s.id) AS first,
                   (SELECT max(booking_date) FROM bank_line WHERE statement = s.id) AS last
            FROM bank_statement s
            WHERE s.id IN \(Self.statementsBooked)
              AND s.iban = ? AND s.currency = ?
            ORDER BY s.id
            """, arguments: [first, last, iban, statement.currency.code])
        for row in neighbours {
            let from = max(first, row["first"] as String), through = min(last, row["last"] as String)
            let mine = statement.lines.filter { (from...through).contains($0.bookingDate.description) }
                .map { Movement(day: $0.bookingDate.description, amount: $0.amountMinor, bankReference: $0.bankReference) }
            let theirs = try Row.fetchAll(db, sql: """
                SELECT booking_date, amount, bank_reference FROM bank_line WHERE statement = ? AND booking_date >= ? AND booking_date <= ?
                """, arguments: [row["id"] as Int64, from, through]).map {
                Movement(day: $0["booking_date"], amount: $0["amount"], bankReference: $0["bank_reference"])
            }
            guard !mine.isEmpty, !theirs.isEmpty, Self.allAmong(mine, theirs) || Self.allAmong(theirs, mine) else { continue }
            let shared = min(mine.count, theirs.count)
            throw LedgerError(.idempotencyConflict, """
                statement \(statement.id) of \(iban) repeats \(shared) line\(shared == 1 ? "" : "s") of statement \
                \(row["statement_id"] as String), imported from \(row["source"] as String) by \(row["imported_by"] as String), \
                booked from \(from) through \(through): the two statements overlap, and importing this one would count those \
                lines twice; import statements that follow one another (nothing was imported)
                """, at: SourceLocation(file: source))
        }
    }

    /// The statements with a line booked from the first argument through the second, by the
    /// booking-date index (migration v10).
    static let statementsBooked = "(SELECT DISTINCT statement FROM bank_line WHERE booking_date >= ? AND booking_date <= ?)"

    struct Movement {
        var day: String
        var amount: Int64
        var bankReference: String

        /// The same movement: the same day and amount, and the same bank reference unless one
        /// of the two lacks it (a CSV without the column).
        func same(_ other: Movement) -> Bool {
            day == other.day && amount == other.amount
                && (bankReference.isEmpty || other.bankReference.isEmpty || bankReference == other.bankReference)
        }
    }

    /// Whether each of `small` has a movement of its own among `large`. Lines with a bank
    /// reference take a line with the same one first, so a line without one cannot take the
    /// partner of a line that has it.
    static func allAmong(_ small: [Movement], _ large: [Movement]) -> Bool {
        var open = Dictionary(grouping: large.indices, by: { "\(large[$0].day) \(large[$0].amount)" })
        var waiting: [Movement] = []
        for movement in small {
            let key = "\(movement.day) \(movement.amount)"
            if !movement.bankReference.isEmpty,
               let found = open[key]?.firstIndex(where: { large[$0].bankReference == movement.bankReference }) {
                open[key]!.remove(at: found)
            } else {
                waiting.append(movement)
            }
        }
        for movement in waiting {
            let key = "\(movement.day) \(movement.amount)"
            guard let found = open[key]?.firstIndex(where: { movement.same(large[$0]) }) else { return false }
            open[key]!.remove(at: found)
        }
        return true
    }
}
