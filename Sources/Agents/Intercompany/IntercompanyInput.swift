import LedgerCore

/// One entity's posted lines on intercompany accounts (any partner), dated from the first
/// day of the period before through the last day of the period after.
public struct IntercompanyBooks: Sendable, Hashable {
    public var entity: String
    /// The entity's functional currency: the currency of the lines' functional amounts.
    public var currency: Currency
    public var lines: [LedgerLine]

    public init(entity: String, currency: Currency, lines: [LedgerLine]) {
        self.entity = entity
        self.currency = currency
        self.lines = lines
    }
}

/// Functional-to-group rates of the period: closing for balances, average for results.
public struct IntercompanyRates: Sendable, Hashable {
    public var groupCurrency: Currency
    public var closing: [Currency: ConversionRate]
    public var average: [Currency: ConversionRate]

    public init(groupCurrency: Currency, closing: [Currency: ConversionRate] = [:], average: [Currency: ConversionRate] = [:]) {
        self.groupCurrency = groupCurrency
        self.closing = closing
        self.average = average
    }

    /// A functional amount in group currency, half-even; an error names a missing rate.
    public func translate(_ minor: Int64, from currency: Currency, _ itemClass: IntercompanyClass) throws -> Int64 {
        guard currency != groupCurrency else { return minor }
        let (rates, type) = itemClass == .balance ? (closing, "closing") : (average, "average")
        guard let rate = rates[currency] else {
            throw LedgerError(.missingRate, "no \(type) rate \(currency)/\(groupCurrency) for the period: import it before matching intercompany balances")
        }
        return try rate.convert(minor)
    }
}

/// What the matcher compares: the two partners' books, the other entities' books (to tell a
/// wrong partner from a missing counterpart), the rates, and which accounts are results.
public struct IntercompanyInput: Sendable {
    public var period: PeriodID
    public var first: IntercompanyBooks
    public var second: IntercompanyBooks
    public var others: [IntercompanyBooks]
    public var rates: IntercompanyRates
    /// Intercompany revenue and expense accounts; every other intercompany account is a balance.
    public var resultAccounts: Set<String>

    public init(period: PeriodID, first: IntercompanyBooks, second: IntercompanyBooks, others: [IntercompanyBooks] = [],
                rates: IntercompanyRates, resultAccounts: Set<String>) {
        self.period = period
        self.first = first
        self.second = second
        self.others = others
        self.rates = rates
        self.resultAccounts = resultAccounts
    }

    /// The input for the pair as the ledger holds it now: every operating entity's lines on
    /// the group's intercompany accounts from the period before to the period after, and
    /// the period's closing and average rates to the group currency.
    public static func read(from snapshot: any LedgerSnapshot, first: String, second: String, period: PeriodID) throws -> IntercompanyInput {
        let group = snapshot.group
        for code in [first, second] where group.entity(code) == nil || group.entity(code)?.isConsolidation == true {
            throw LedgerError(.unknownEntity, "intercompany matching pairs operating entities; '\(code)' is not one of the group")
        }
        let accounts = group.accounts.filter(\.isIntercompany)
        let from = period.previous.firstDay, through = period.next.lastDay
        var books: [IntercompanyBooks] = []
        var rates = IntercompanyRates(groupCurrency: group.currency)
        for entity in group.operatingEntities {
            // Revaluations (and their reversals) restate one side's balance in its own currency:
            // they have no counterpart by design; consolidation eliminates what they leave.
            let posted = try snapshot.postedLines(entity: entity.code, from: from, through: through, accounts: accounts.map(\.code))
            let revaluations = Set(posted.filter { $0.source == "agent:fx-revaluation" }.map(\.entryID))
            let lines = posted.filter { !revaluations.contains($0.entryID) && !($0.reverses.map(revaluations.contains) ?? false) }
            books.append(IntercompanyBooks(entity: entity.code, currency: entity.currency, lines: lines))
            guard entity.currency != group.currency, rates.closing[entity.currency] == nil else { continue }
            rates.closing[entity.currency] = try snapshot.rate(from: entity.currency, to: group.currency, type: .closing, period: period)
            rates.average[entity.currency] = try snapshot.rate(from: entity.currency, to: group.currency, type: .average, period: period)
        }
        guard let firstBooks = books.first(where: { $0.entity == first }), let secondBooks = books.first(where: { $0.entity == second }) else {
            throw LedgerError(.unknownEntity, "intercompany matching pairs two operating entities; \(first) and \(second) are not both")
        }
        return IntercompanyInput(period: period, first: firstBooks, second: secondBooks,
                                 others: books.filter { $0.entity != first && $0.entity != second }, rates: rates,
                                 resultAccounts: Set(accounts.filter { $0.type == .revenue || $0.type == .expense }.map(\.code)))
    }
}
