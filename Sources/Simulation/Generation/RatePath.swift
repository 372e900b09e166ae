import LedgerCore

/// The simulated exchange rates: a daily random walk of every currency against the group
/// currency on weekdays (plus the first of each month, so every day finds a rate within
/// the ledger's 7-day look-back), and the cross rates of every pair the books use.
/// Rates are held as integers with `RatePath.scale` decimals; nothing here uses a float.
struct RatePath {
    static let scale = 10
    static let one = Decimal10.pow10[scale]

    let group: Currency
    /// Publication days, ascending, and for each the rate of every currency to the group currency.
    private(set) var days: [CalendarDate] = []
    private(set) var toGroup: [[Currency: Int64]] = []

    init(fx: FXPath, group: Currency, currencies: [Currency], from first: CalendarDate, through last: CalendarDate,
         sampler: inout Sampler) throws(LedgerError) {
        self.group = group
        var current: [Currency: Int64] = [:]
        for currency in currencies where currency != group {
            guard let start = fx.start[currency] else {
                throw LedgerError(.invalidScenario, "no start rate for \(currency); add it under fx.start", at: SourceLocation(field: "fx.start.\(currency)"))
            }
            current[currency] = Self.rescale(start)
        }
        var day = first
        while day <= last {
            if !day.isWeekend || day.day == 1 {
                if !days.isEmpty, !day.isWeekend {
                    for currency in current.keys.sorted() {
                        current[currency] = Self.step(current[currency]!, fx: fx, currency: currency, on: day, sampler: &sampler)
                    }
                }
                days.append(day)
                toGroup.append(current)
            }
            day = day.adding(days: 1)
        }
    }

    /// One trading day: relative change ~ N(0, volatility), plus the shock on its day.
    private static func step(_ rate: Int64, fx: FXPath, currency: Currency, on day: CalendarDate, sampler: inout Sampler) -> Int64 {
        var next = Int128(rate)
        let move = Int128(fx.dailyVolatilityPPM) * Int128(sampler.normalMilli())  // ppm * 1000
        next += Rounding.divideHalfEven(next * move, by: 1_000_000_000)
        if let shock = fx.shock, shock.date == day, shock.currency == currency {
            next += Rounding.divideHalfEven(next * Int128(shock.changePPM), by: 1_000_000)
        }
        return Int64(max(next, 1))
    }

    private static func rescale(_ rate: ExchangeRate) -> Int64 {
        rate.mantissa * Decimal10.pow10[scale - rate.scale]
    }

    /// Units of `to` for one unit of `from` on publication day `index`, as a fixed-point integer.
    func cross(_ from: Currency, _ to: Currency, at index: Int) -> Int64 {
        let a = from == group ? Self.one : toGroup[index][from]!
        let b = to == group ? Self.one : toGroup[index][to]!
        return Int64(Rounding.divideHalfEven(Int128(a) * Int128(Self.one), by: Int128(b)))
    }

    static func rate(_ fixed: Int64) throws(LedgerError) -> ExchangeRate {
        try ExchangeRate(parsing: Decimal10.format(max(fixed, 1), scale: scale))
    }

    /// Every quote the ledger needs: spot for each publication day and ordered pair, and per
    /// month an average (mean of the month's spot rates) and a closing rate (the last one).
    func quotes(currencies: [Currency], monthEnds: [PeriodID]) throws(LedgerError) -> [RateQuote] {
        let sorted = currencies.sorted()
        var quotes: [RateQuote] = []
        for (index, day) in days.enumerated() {
            for from in sorted { for to in sorted where to != from {
                quotes.append(RateQuote(date: day, from: from, to: to, rate: try Self.rate(cross(from, to, at: index)), type: .spot))
            } }
        }
        for month in monthEnds {
            let indexes = days.indices.filter { days[$0].period == month }
            guard let lastIndex = indexes.last else { continue }
            for from in sorted { for to in sorted where to != from {
                let sum = indexes.reduce(Int128(0)) { $0 + Int128(cross(from, to, at: $1)) }
                let average = Int64(Rounding.divideHalfEven(sum, by: Int128(indexes.count)))
                quotes.append(RateQuote(date: month.lastDay, from: from, to: to, rate: try Self.rate(average), type: .average))
                quotes.append(RateQuote(date: month.lastDay, from: from, to: to, rate: try Self.rate(cross(from, to, at: lastIndex)), type: .closing))
            } }
        }
        return quotes
    }

    /// Converts group-currency minor units to `currency` at the start rate (how an entity
    /// prices: in its own money, at about the level the group expects).
    func fromGroup(_ minor: Int64, to currency: Currency) -> Int64 {
        guard currency != group else { return minor }
        let rate = toGroup[0][currency]!
        // minor * 10^(exp_to + scale) / (10^exp_group * rate)
        let numerator = Int128(minor) * Int128(Decimal10.pow10[currency.exponent]) * Int128(Self.one)
        let denominator = Int128(Decimal10.pow10[group.exponent]) * Int128(rate)
        return max(1, Int64(Rounding.divideHalfEven(numerator, by: denominator)))
    }
}
