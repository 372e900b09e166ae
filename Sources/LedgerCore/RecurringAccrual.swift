/// A cost that comes every month whether or not its invoice has arrived by month end
/// (rent, utilities, a bonus earned month by month): the close accrues `amountMinor` on
/// `account` unless a posting on that account in the period has `matches` in its text,
/// which means the invoice was booked.
public struct RecurringAccrual: Sendable, Hashable {
    public var entity: String
    public var account: String
    public var currency: Currency
    /// Positive, in `currency` minor units.
    public var amountMinor: Int64
    public var description: String
    /// Text (compared without regard to case) that an invoice's line or entry description
    /// on `account` carries, e.g. "Rent".
    public var matches: String

    public init(entity: String, account: String, currency: Currency, amountMinor: Int64, description: String, matches: String) {
        self.entity = entity
        self.account = account
        self.currency = currency
        self.amountMinor = amountMinor
        self.description = description
        self.matches = matches
    }

    /// Names the template in entry keys and references: unique in a group (validated).
    public var key: String { "RA-\(entity)-\(account)-\(matches)" }
}
