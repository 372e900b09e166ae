/// One posted journal line with what identifies its entry: what agents read to match,
/// eliminate and review.
public struct LedgerLine: Sendable, Hashable {
    public var entity: String
    public var entryID: Int64
    public var entryKey: String
    public var document: String
    public var date: CalendarDate
    public var source: String
    public var entryDescription: String
    /// The entry this one reverses, and whether a later entry reversed this one.
    public var reverses: Int64?
    public var isReversed: Bool
    public var account: String
    public var currency: Currency
    public var amountMinor: Int64
    public var functionalMinor: Int64
    public var partner: String?
    public var reference: String
    public var description: String

    public init(entryID: Int64, entryKey: String, document: String, date: CalendarDate, source: String, entryDescription: String,
                reverses: Int64? = nil, isReversed: Bool = false, account: String, currency: Currency, amountMinor: Int64,
                functionalMinor: Int64, partner: String? = nil, reference: String = "", description: String = "", entity: String = "") {
        self.entity = entity
        self.entryID = entryID
        self.entryKey = entryKey
        self.document = document
        self.date = date
        self.source = source
        self.entryDescription = entryDescription
        self.reverses = reverses
        self.isReversed = isReversed
        self.account = account
        self.currency = currency
        self.amountMinor = amountMinor
        self.functionalMinor = functionalMinor
        self.partner = partner
        self.reference = reference
        self.description = description
    }
}

/// An entity's balance on one account in one transaction currency, with the same balance
/// in the entity's functional currency at the rates the lines were booked at.
public struct CurrencyBalance: Sendable, Hashable {
    public var account: String
    public var currency: Currency
    public var amountMinor: Int64
    public var functionalMinor: Int64

    public init(account: String, currency: Currency, amountMinor: Int64, functionalMinor: Int64) {
        self.account = account
        self.currency = currency
        self.amountMinor = amountMinor
        self.functionalMinor = functionalMinor
    }
}
