import LedgerCore

/// The open items of a reconciliation by age, as an auditor asks for them: how old is what the
/// bank has not cleared, and what the books have not recorded.
public struct AgingBucket: Sendable, Equatable {
    /// "0-30", "31-60", "61-90", "over 90" (days).
    public var label: String
    public var daysMin: Int
    /// Nil for the last bucket.
    public var daysMax: Int?
    /// In the books, not yet at the bank (deposits in transit and outstanding payments).
    public var bookItems: [LedgerItem]
    /// At the bank, not in the books.
    public var bankItems: [BankLine]

    public var count: Int { bookItems.count + bankItems.count }

    /// The signed sum of the bucket's items (positive is money in).
    public func amountMinor() throws(LedgerError) -> Int64 {
        try Checked.sum(bookItems.map(\.amountMinor) + bankItems.map(\.amountMinor), "an aging bucket")
    }

    public func holds(days: Int) -> Bool { days >= daysMin && daysMax.map { days <= $0 } ?? true }
}

extension ReconciliationFigures {
    /// The buckets' bounds in days, inclusive.
    public static let agingBounds: [(label: String, min: Int, max: Int?)] = [("0-30", 0, 30), ("31-60", 31, 60), ("61-90", 61, 90), ("over 90", 91, nil)]

    /// Days from `date` to `asOf` (the period's last day), never negative.
    public static func age(of date: CalendarDate, asOf: CalendarDate) -> Int { max(0, asOf.dayNumber - date.dayNumber) }

    /// Every open item in exactly one bucket by its age at `asOf`: ledger items by their
    /// date, bank lines by their booking date.
    public func aging(asOf: CalendarDate) -> [AgingBucket] {
        Self.agingBounds.map { bound in
            var bucket = AgingBucket(label: bound.label, daysMin: bound.min, daysMax: bound.max, bookItems: [], bankItems: [])
            bucket.bookItems = outstandingItems.filter { bucket.holds(days: Self.age(of: $0.date, asOf: asOf)) }
            bucket.bankItems = bankOnlyLines.filter { bucket.holds(days: Self.age(of: $0.bookingDate, asOf: asOf)) }
            return bucket
        }
    }
}
