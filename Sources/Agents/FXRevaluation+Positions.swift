import LedgerCore

/// One foreign-currency balance the revaluation looks at: an account's balance in one
/// transaction currency (on an intercompany account, with one partner), and what it is
/// booked at in the entity's functional currency (the historical rates of its lines).
struct FXPosition: Sendable, Hashable {
    var account: String
    var currency: Currency
    var partner: String?
    var amountMinor: Int64
    var bookedMinor: Int64

    /// "1100/EUR", "1150/EUR/DE01": what a finding, a key or an evidence row calls it.
    var label: String { [account, currency.code, partner].compactMap { $0 }.joined(separator: "/") }
}

/// The revaluation of one position at a closing rate: the balance converted half-even to
/// the functional currency's minor unit, and what must be booked to get there.
struct FXRevaluedPosition: Sendable, Hashable {
    var position: FXPosition
    var rate: ConversionRate
    var revaluedMinor: Int64
    /// revalued - booked: positive debits the account (a gain on an asset, a smaller liability).
    var differenceMinor: Int64

    init(_ position: FXPosition, rate: ConversionRate, functional: Currency) throws(LedgerError) {
        self.position = position
        self.rate = rate
        revaluedMinor = try rate.convert(position.amountMinor)
        differenceMinor = try Checked.add(revaluedMinor, try Checked.negate(position.bookedMinor))
        _ = try Checked.negate(differenceMinor)  // the counter-line books -difference: it must exist
    }
}

enum FXPositions {
    /// The balances of `entity` at the end of `period` on monetary accounts in every currency
    /// but the functional one, in account, currency and partner order. Intercompany accounts
    /// are split per partner (every line on them needs one, so the revaluation's lines do
    /// too), from the posted lines since inception; the split must add up to the account's
    /// balance, or the ledger's balances disagree with its lines and the agent stops.
    /// `balances` are the entity's `currencyBalances` of the period.
    static func of(entity: Entity, period: PeriodID, balances all: [CurrencyBalance], snapshot: any LedgerSnapshot) throws -> [FXPosition] {
        let monetary = Dictionary(uniqueKeysWithValues: snapshot.group.accounts.filter(\.isMonetary).map { ($0.code, $0) })
        let balances = all.filter { monetary[$0.account] != nil && $0.currency != entity.currency }
        var positions = balances.filter { monetary[$0.account]?.isIntercompany == false }
            .map { FXPosition(account: $0.account, currency: $0.currency, amountMinor: $0.amountMinor, bookedMinor: $0.functionalMinor) }

        let intercompany = monetary.values.filter(\.isIntercompany).map(\.code).sorted()
        if !intercompany.isEmpty {
            let split = try perPartner(entity: entity, through: period.lastDay, accounts: intercompany, snapshot: snapshot)
            try check(split, against: balances.filter { monetary[$0.account]?.isIntercompany == true }, entity: entity.code, period: period)
            positions += split
        }
        return positions.sorted { ($0.account, $0.currency.code, $0.partner ?? "") < ($1.account, $1.currency.code, $1.partner ?? "") }
    }

    private static func perPartner(entity: Entity, through: CalendarDate, accounts: [String],
                                   snapshot: any LedgerSnapshot) throws -> [FXPosition] {
        let inception = try CalendarDate(year: 1, month: 1, day: 1)
        var sums: [FXPosition: (amount: Int64, booked: Int64)] = [:]
        for line in try snapshot.postedLines(entity: entity.code, from: inception, through: through, accounts: accounts)
        where line.currency != entity.currency {
            guard let partner = line.partner else {
                throw LedgerError(.missingPartner, "\(line.document) has a line on intercompany account \(line.account) without a partner; the ledger should have refused it")
            }
            let key = FXPosition(account: line.account, currency: line.currency, partner: partner, amountMinor: 0, bookedMinor: 0)
            let sum = sums[key] ?? (0, 0)
            sums[key] = (try Checked.add(sum.amount, line.amountMinor), try Checked.add(sum.booked, line.functionalMinor))
        }
        return sums.compactMap { key, sum in
            guard sum.amount != 0 || sum.booked != 0 else { return nil }
            var position = key
            position.amountMinor = sum.amount
            position.bookedMinor = sum.booked
            return position
        }
    }

    /// Pair assertion: the per-partner split read from the lines equals the balances.
    private static func check(_ split: [FXPosition], against balances: [CurrencyBalance], entity: String, period: PeriodID) throws {
        var totals: [String: (amount: Int64, booked: Int64)] = [:]
        for position in split {
            let key = "\(position.account)/\(position.currency)"
            let total = totals[key] ?? (0, 0)
            totals[key] = (try Checked.add(total.amount, position.amountMinor), try Checked.add(total.booked, position.bookedMinor))
        }
        let expected = Dictionary(uniqueKeysWithValues: balances.map { ("\($0.account)/\($0.currency)", ($0.amountMinor, $0.functionalMinor)) })
        for key in Set(totals.keys).union(expected.keys).sorted() {
            let lines = totals[key] ?? (0, 0), balance = expected[key] ?? (0, 0)
            guard lines == balance else {
                throw LedgerError(.databaseState, "\(entity) \(key) at the end of \(period): the lines per partner add up to \(lines.amount) (functional \(lines.booked)) but the balance is \(balance.0) (functional \(balance.1))")
            }
        }
    }
}
