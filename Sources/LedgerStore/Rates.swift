import GRDB
import LedgerCore

public struct RateImportSummary: Sendable, Equatable {
    public var imported = 0
    public var unchanged = 0
}

extension LedgerStore {
    /// Stores rates in one transaction. A rate already stored with the same value is
    /// skipped; a different value for the same date, pair and type is refused, because
    /// entries may already have been posted at the stored one.
    /// A refused quote's error carries `entryIndex` (position in `quotes`).
    @discardableResult
    public func importRates(_ quotes: [RateQuote], actor: String, source: String = "rates") throws -> RateImportSummary {
        try requireWriter(actor, allowsSystem: true)
        return try transaction { db in
            var summary = RateImportSummary()
            for (index, quote) in quotes.enumerated() {
                guard quote.from != quote.to else {
                    var error = LedgerError(.invalidRate, "a rate needs two different currencies, got \(quote.from)->\(quote.to)", at: SourceLocation(field: "to"))
                    error.entryIndex = index
                    throw error
                }
                if let stored = try String.fetchOne(db, sql: """
                    SELECT rate FROM fx_rate WHERE from_currency = ? AND to_currency = ? AND type = ? AND date = ?
                    """, arguments: [quote.from.code, quote.to.code, quote.type.rawValue, quote.date.description]) {
                    guard try ExchangeRate(parsing: stored) == quote.rate else {
                        var error = LedgerError(.invalidRate, "the \(quote.type.rawValue) rate \(quote.from)->\(quote.to) on \(quote.date) is already stored as \(stored); a stored rate is never changed (got \(quote.rate))", at: SourceLocation(field: "rate"))
                        error.entryIndex = index
                        throw error
                    }
                    summary.unchanged += 1
                    continue
                }
                try db.execute(sql: "INSERT INTO fx_rate (date, from_currency, to_currency, type, rate) VALUES (?, ?, ?, ?, ?)",
                               arguments: [quote.date.description, quote.from.code, quote.to.code, quote.type.rawValue, quote.rate.description])
                summary.imported += 1
            }
            if summary.imported > 0 {
                var audit = try AuditAppender(db, clock: clock)
                try audit.append(db, actor: actor, kind: "rates.imported", subject: source,
                                 payload: "imported=\(summary.imported) unchanged=\(summary.unchanged)")
            }
            return summary
        }
    }

    /// All stored rates, ordered by pair, type and date.
    public func rates() throws -> [RateQuote] {
        try read { db in
            try Row.fetchAll(db, sql: "SELECT * FROM fx_rate ORDER BY from_currency, to_currency, type, date").map { row in
                RateQuote(date: try CalendarDate(parsing: row["date"]), from: try Currency(row["from_currency"] as String),
                          to: try Currency(row["to_currency"] as String), rate: try ExchangeRate(parsing: row["rate"]),
                          type: RateType(rawValue: row["type"]) ?? .spot)
            }
        }
    }
}

enum RatesStore {
    static func latestSpot(from: Currency, to: Currency, onOrBefore date: CalendarDate, _ db: Database) throws -> (date: String, rate: String)? {
        guard let row = try Row.fetchOne(db, sql: """
            SELECT date, rate FROM fx_rate
            WHERE from_currency = ? AND to_currency = ? AND type = 'spot' AND date <= ?
            ORDER BY date DESC LIMIT 1
            """, arguments: [from.code, to.code, date.description]) else { return nil }
        return (row["date"], row["rate"])
    }
}
