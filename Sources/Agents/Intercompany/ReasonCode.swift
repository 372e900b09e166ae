import LedgerCore

/// Why two partners' intercompany books disagree. The raw values are stable: they appear in
/// findings, reports and the consolidation's variance explanations.
public enum IntercompanyReasonCode: String, Sendable, Hashable, Codable, CaseIterable {
    /// Cut-off: the counterpart exists, dated in the next period or the one before.
    case timing
    /// Same transaction amount on both sides; the values in group currency differ.
    case fxDifference = "fx-difference"
    /// One side booked it; the other has nothing for it.
    case missingCounterpart = "missing-counterpart"
    /// Both sides booked it under the same reference, for different amounts.
    case amountDispute = "amount-dispute"
    /// The counterpart exists but names another partner.
    case wrongPartner = "wrong-partner"
}

/// Where an intercompany line sits in the statements: balances (receivables, payables,
/// loans: translated at the closing rate) or results (revenue, expense: at the average
/// rate). Items only mirror items of the same class.
public enum IntercompanyClass: String, Sendable, Hashable, Codable {
    case balance
    case result
}

/// One posted line on an intercompany account, with its value in group currency.
public struct IntercompanyItem: Sendable, Hashable {
    public var entity: String
    public var line: LedgerLine
    public var itemClass: IntercompanyClass
    /// The functional amount translated to group currency (closing or average rate).
    public var groupMinor: Int64

    public init(entity: String, line: LedgerLine, itemClass: IntercompanyClass, groupMinor: Int64) {
        self.entity = entity
        self.line = line
        self.itemClass = itemClass
        self.groupMinor = groupMinor
    }

    public var partner: String? { line.partner }
    public var reference: String { line.reference }
    public var amountMinor: Int64 { line.amountMinor }
    public var currency: Currency { line.currency }
    public var date: CalendarDate { line.date }
    /// "DE01-2026-000123/2150": the document and account, enough to find the line.
    public var label: String { "\(line.document)/\(line.account)" }
}

/// Two mirror items that agree in transaction currency: the first pair entity's and the
/// second's. `groupDifferenceMinor` is what remains between them in group currency.
public struct IntercompanyMatch: Sendable, Hashable {
    /// "reference" (same reference, mirror amount) or "amount-date" (mirror amount, close dates).
    public var rule: String
    public var first: IntercompanyItem
    public var second: IntercompanyItem
    public var groupDifferenceMinor: Int64
}

/// A difference between the partners with its reason code. `items` holds the item in the
/// period first, then the counterpart found (timing, amount dispute, wrong partner, fx).
public struct IntercompanyDifference: Sendable, Hashable {
    public var reason: IntercompanyReasonCode
    public var items: [IntercompanyItem]
    /// The entity whose books lack the counterpart (missing, timing) or hold the wrong
    /// partner (wrong partner); nil when no rule says which side is wrong.
    public var correctIn: String?
    /// Signed, in the items' transaction currency: what the second side would need for the
    /// two to net to zero (the first item's amount when it stands alone).
    public var amountMinor: Int64
    public var currency: Currency
    /// The same difference in group currency.
    public var groupMinor: Int64
    public var explanation: String
}

/// What matching one entity pair found.
public struct IntercompanyResult: Sendable, Hashable {
    public var first: String
    public var second: String
    public var period: PeriodID
    public var groupCurrency: Currency
    public var matches: [IntercompanyMatch]
    public var differences: [IntercompanyDifference]

    /// Differences of one reason code.
    public func differences(_ reason: IntercompanyReasonCode) -> [IntercompanyDifference] {
        differences.filter { $0.reason == reason }
    }
}
