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
        try importRates(actor: actor, source: source) { store in try store(quotes) }
    }

    /// The streamed form (`close rates import`): `produce` hands the quotes to its argument
    /// chunk by chunk as the file is read, all in one transaction; a refusal, or anything
    /// `produce` throws, rolls every chunk back. A refused quote's `entryIndex` is its
    /// position in its chunk.
    @discardableResult
    public func importRates(actor: String, source: String,
                            chunks produce: (_ store: ([RateQuote]) throws -> Void) throws -> Void) throws -> RateImportSummary {
        try requireWriter(actor, allowsSystem: true)
        return try transaction { db in
            var summary = RateImportSummary()
            try produce { quotes in
                for (index, quote) in quotes.enumerated() {
                    guard quote.from != quote.to else {
                        var error = LedgerError(.invalidRate, "a rate needs two different currencies, got \(quote.from)->\(quote.to)", at: SourceLocation(field: "to"))
                        error.entryIndex = index
                        throw error
                    }
                    // Both statements are prepared once per transaction, not once per rate.
                    if let stored = try String.fetchOne(try db.cachedStatement(sql: """
                        SELECT rate FROM fx_rate WHERE from_currency = ? AND to_currency = ? AND type = ? AND date = ?
                        """), arguments: [quote.from.code, quote.to.code, quote.type.rawValue, quote.date.description]) {
                        guard try ExchangeRate(parsing: stored) == quote.rate else {
                            var error = LedgerError(.invalidRate, "the \(quote.type.rawValue) rate \(quote.from)->\(quote.to) on \(quote.date) is already stored as \(stored); a stored rate is never changed (got \(quote.rate))", at: SourceLocation(field: "rate"))
                            error.entryIndex = index
                            throw error
                        }
                        summary.unchanged += 1
                        continue
                    }
                    try db.cachedStatement(sql: "INSERT INTO fx_rate (date, from_currency, to_currency, type, rate) VALUES (?, ?, ?, ?, ?)")
                        .execute(arguments: [quote.date.description, quote.from.code, quote.to.code, quote.type.rawValue, quote.rate.description])
                    summary.imported += 1
                }
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

extension LedgerStore {
    /// The spot rate `from`->`to` on `date`, stored, inverse or cross via the group currency
    /// (`RateResolver`), each quote the latest on or before `date` and, with `withinDays`,
    /// not older than that many days. Nil when none is found.
    public func spotRate(from: Currency, to: Currency, on date: CalendarDate, withinDays: Int?) throws -> ConversionRate? {
        try read { db in try RatesStore.spot(from: from, to: to, on: date, withinDays: withinDays, group: group.currency, db) }
    }
}

enum RatesStore {
    /// Spot rates are looked up quote by quote, each leg on its own (a cross rate's two legs
    /// may come from different days within the window).
    static func spot(from: Currency, to: Currency, on date: CalendarDate, withinDays: Int?, group: Currency,
                     _ db: Database) throws -> ConversionRate? {
        let earliest = withinDays.map { date.adding(days: -$0).description } ?? ""
        return try RateResolver.resolve(from: from, to: to, via: group) { a, b in
            try String.fetchOne(db, sql: """
                SELECT rate FROM fx_rate
                WHERE from_currency = ? AND to_currency = ? AND type = 'spot' AND date <= ? AND date >= ?
                ORDER BY date DESC LIMIT 1
                """, arguments: [a.code, b.code, date.description, earliest]).map { try ExchangeRate(parsing: $0) }
        }
    }

    /// The latest rate of `type` dated in `period` (a closing or average rate is dated on its
    /// last day), stored, inverse or cross via the group currency.
    static func ofPeriod(from: Currency, to: Currency, type: RateType, period: PeriodID, group: Currency,
                         _ db: Database) throws -> ConversionRate? {
        try RateResolver.resolve(from: from, to: to, via: group) { a, b in
            try String.fetchOne(db, sql: """
                SELECT rate FROM fx_rate
                WHERE from_currency = ? AND to_currency = ? AND type = ? AND date >= ? AND date <= ?
                ORDER BY date DESC LIMIT 1
                """, arguments: [a.code, b.code, type.rawValue, period.firstDay.description, period.lastDay.description])
                .map { try ExchangeRate(parsing: $0) }
        }
    }
}
