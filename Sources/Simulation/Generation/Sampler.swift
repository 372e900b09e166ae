import LedgerCore

/// Seeded draws for the generator, in integers only: money never passes through a float,
/// and integer arithmetic gives the same numbers on every machine (a libm `log` might not).
struct Sampler {
    private var random: SeededRandom

    init(seed: UInt64) {
        random = SeededRandom(seed: seed)
    }

    /// A stream for one purpose (an entity's sales in one month, say), independent of how
    /// many draws the other streams make: changing one volume does not reshuffle the rest.
    init(seed: UInt64, stream: [UInt64]) {
        var mixer = SeededRandom(seed: seed)
        var state = mixer.next()
        for part in stream {
            mixer = SeededRandom(seed: state ^ (part &* 0x9E37_79B9_7F4A_7C15))
            state = mixer.next()
        }
        random = SeededRandom(seed: state)
    }

    /// Uniform in `range`.
    mutating func int(_ range: ClosedRange<Int>) -> Int {
        Int.random(in: range, using: &random)
    }

    mutating func int64(_ range: ClosedRange<Int64>) -> Int64 {
        Int64.random(in: range, using: &random)
    }

    /// True with the given percent chance.
    mutating func chance(percent: Int) -> Bool {
        percent > 0 && int(0...99) < percent
    }

    mutating func pick<T>(_ items: [T]) -> T {
        items[int(0...(items.count - 1))]
    }

    /// An index drawn in proportion to `weights` (all >= 0, at least one > 0).
    mutating func weightedIndex(_ weights: [Int]) -> Int {
        let total = weights.reduce(0, +)
        var draw = int(0...(total - 1))
        for (index, weight) in weights.enumerated() {
            if draw < weight { return index }
            draw -= weight
        }
        return weights.count - 1
    }

    /// Roughly normal with mean 0 and standard deviation 1000 (Irwin-Hall: twelve uniforms).
    mutating func normalMilli() -> Int64 {
        var sum: Int64 = 0
        for _ in 0..<12 { sum += int64(0...999) }
        return sum - 5994
    }

    /// An amount with the shape of real invoices: many small, few large. A decade is chosen
    /// by `decadeWeights` (the first decade starts at `floorMinor`), then a leading digit by
    /// Benford's law, then the rest uniformly.
    mutating func amount(floorMinor: Int64, decadeWeights: [Int]) -> Int64 {
        let decade = weightedIndex(decadeWeights)
        var low = floorMinor
        for _ in 0..<decade { low *= 10 }
        let digit = Int64(weightedIndex(Sampler.benford) + 1)
        let start = low * digit
        return int64(start...(start + low - 1))
    }

    /// Benford's first-digit weights (per mille) for 1 ... 9.
    private static let benford = [301, 176, 125, 97, 79, 67, 58, 51, 46]

    mutating func shuffle<T>(_ items: inout [T]) {
        items.shuffle(using: &random)
    }
}

/// The days of a month as a business sees them: weekdays carry the work, the last week
/// carries more of it (month-end peak), weekends almost none.
struct MonthCalendar {
    let period: PeriodID
    let days: [CalendarDate]
    private let weights: [Int]

    init(_ period: PeriodID) {
        self.period = period
        let first = period.firstDay
        let count = CalendarDate.daysIn(year: period.year, month: period.month)
        days = (0..<count).map { first.adding(days: $0) }
        weights = days.map { day in
            if day.isWeekend { return 1 }
            return day.day > count - 7 ? 18 : 10
        }
    }

    func businessDay(_ sampler: inout Sampler) -> CalendarDate {
        days[sampler.weightedIndex(weights)]
    }

    /// The last weekday of the month on or before `day` (or the first weekday after, if none).
    func weekday(onOrBefore day: Int) -> CalendarDate {
        let start = min(day, days.count)
        for index in stride(from: start - 1, through: 0, by: -1) where !days[index].isWeekend { return days[index] }
        return days.first { !$0.isWeekend } ?? days[0]
    }

    var lastBusinessDay: CalendarDate { weekday(onOrBefore: days.count) }
    var firstBusinessDay: CalendarDate { days.first { !$0.isWeekend } ?? days[0] }
}

extension CalendarDate {
    /// The next weekday on or after this date.
    var onWeekday: CalendarDate {
        var day = self
        while day.isWeekend { day = day.adding(days: 1) }
        return day
    }
}
