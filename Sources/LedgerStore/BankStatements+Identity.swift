import Foundation
import GRDB
import LedgerCore

/// A statement found already imported under another id: the same statement in another
/// format (a bank's CSV export, its MT940 and its camt.053 each name a statement their own way).
public struct EarlierStatementImport: Sendable, Equatable {
    /// The id the new file gives the statement.
    public var statementID: String
    public var iban: String
    /// The id, file and user of the import that holds it.
    public var earlierID: String
    public var earlierSource: String
    public var earlierImportedBy: String
}

extension LedgerStore {
    /// What makes two statements one whatever their format, from what CSV, MT940 and camt.053
    /// all carry: the account (IBAN), the currency and the movements, each line's booking date
    /// and signed amount, taken as a sorted list so a file's order does not matter. Ids, texts,
    /// value dates and bank references stay out (a format may lack or word them differently),
    /// and so do the statement's own dates (CSV derives them from the lines, MT940 and
    /// camt.053 date the opening balance differently). A statement without lines has no
    /// movements to compare: its closing date and both balances identify it.
    ///
    /// The earlier import of the same statement, or nil. The same movements with other
    /// balances are refused: one of the two files is wrong (or a CSV without its balance
    /// column), and importing both would count the lines twice.
    func earlierImport(of statement: BankStatement, iban: String, source: String, _ db: Database) throws -> EarlierStatementImport? {
        // The same movements are on the same days: only statements with lines on this one's
        // days, or without lines and closing on its closing day, can be it.
        let dates = statement.lines.map(\.bookingDate.description)
        let sameDays = dates.isEmpty
            ? "s.closing_date = ? AND NOT EXISTS (SELECT 1 FROM bank_line l WHERE l.statement = s.id)"
            : "s.id IN \(Self.statementsBooked) AND (SELECT count(*) FROM bank_line l WHERE l.statement = s.id) = ?"
        let days: StatementArguments = dates.isEmpty
            ? [statement.closingDate.description]
            : [dates.min()!, dates.max()!, statement.lines.count]
        let candidates = try Row.fetchAll(db, sql: """
            SELECT s.id, s.statement_id, s.source, s.imported_by, s.opening, s.closing, s.closing_date
            FROM bank_statement s
            WHERE s.iban = ? AND s.currency = ? AND \(sameDays)
            ORDER BY s.id
            """, arguments: [iban, statement.currency.code] + days)
        guard !candidates.isEmpty else { return nil }
        let movements = Self.movements(statement.lines.map { ($0.bookingDate.description, $0.amountMinor) })
        for row in candidates {
            let opening: Int64 = row["opening"], closing: Int64 = row["closing"]
            let sameBalances = opening == statement.openingMinor && closing == statement.closingMinor
            let earlier = EarlierStatementImport(statementID: statement.id, iban: iban, earlierID: row["statement_id"],
                                                 earlierSource: row["source"], earlierImportedBy: row["imported_by"])
            if statement.lines.isEmpty {
                if sameBalances, (row["closing_date"] as String) == statement.closingDate.description { return earlier }
                continue
            }
            let stored = try Row.fetchAll(db, sql: "SELECT booking_date, amount FROM bank_line WHERE statement = ?",
                                          arguments: [row["id"] as Int64])
            guard Self.movements(stored.map { ($0["booking_date"], $0["amount"]) }) == movements else { continue }
            guard sameBalances else {
                let scale = statement.currency.exponent
                func amount(_ minor: Int64) -> String { Decimal10.format(minor, scale: scale) }
                throw LedgerError(.idempotencyConflict, """
                    statement \(statement.id) of \(iban) has the same \(statement.lines.count) lines as statement \(earlier.earlierID), \
                    imported from \(earlier.earlierSource) by \(earlier.earlierImportedBy), but other balances \
                    (opening \(amount(statement.openingMinor)), closing \(amount(statement.closingMinor)) \(statement.currency) here; \
                    \(amount(opening)) and \(amount(closing)) there): it is the same statement with a balance wrong in one of the files \
                    (a CSV without its balance column starts from 0); nothing was imported
                    """, at: SourceLocation(file: source))
            }
            return earlier
        }
        return nil
    }

    /// The lines' (booking date, amount) in a canonical order.
    private static func movements(_ lines: [(String, Int64)]) -> [String] {
        lines.map { "\($0.0) \($0.1)" }.sorted()
    }
}
