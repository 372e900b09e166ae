import LedgerCore

/// What the rules need of one side's lines, as compact arrays built in one pass: the lines
/// themselves, strings and all, are several times the size of these, and at a million lines
/// every further pass over them streams another hundred megabytes from memory.
struct LineColumns {
    var amounts: [Int64] = []
    var days: [Int32] = []
    /// Normalised (`MatchingEngine.normalise`), and packed where they fit (`PackedReference`).
    var references: [String] = []
    var packed: [UInt64] = []

    /// `line(index)` gives a line's signed amount, date and reference.
    init(count: Int, line: (Int) -> (amount: Int64, date: CalendarDate, reference: String)) {
        amounts.reserveCapacity(count)
        days.reserveCapacity(count)
        references.reserveCapacity(count)
        packed.reserveCapacity(count)
        for index in 0..<count {
            let (amount, date, reference) = line(index)
            amounts.append(amount)
            days.append(Int32(truncatingIfNeeded: date.dayNumber))
            references.append(MatchingEngine.normalise(reference))
            packed.append(PackedReference.pack(references[index]))
        }
    }
}
