/// A delivery booked in the goods-receipt log. Without an invoice at month end it is
/// "goods received, not invoiced" (GRNI): the close accrues it.
public struct GoodsReceipt: Sendable, Hashable {
    /// Unique in the ledger: the same id imported again must carry the same content.
    public var id: String
    public var entity: String
    public var supplier: String
    public var date: CalendarDate
    public var currency: Currency
    /// Net of tax, in `currency` minor units; always positive.
    public var amountMinor: Int64
    /// The account the cost goes to when invoiced (inventory or cost of sales).
    public var account: String
    public var description: String
    /// The supplier's invoice number, or nil when not invoiced by the end of the period.
    public var invoice: String?

    public init(id: String, entity: String, supplier: String, date: CalendarDate, currency: Currency, amountMinor: Int64,
                account: String, description: String, invoice: String?) {
        self.id = id
        self.entity = entity
        self.supplier = supplier
        self.date = date
        self.currency = currency
        self.amountMinor = amountMinor
        self.account = account
        self.description = description
        self.invoice = invoice
    }
}

extension GoodsReceipt {
    /// The limits a receipt keeps whatever read it (the reader checks them first, naming
    /// the file line): a positive amount within `AmountLimit.maximum`, no control
    /// character in any text.
    public func checkLimits() throws(LedgerError) {
        func fail(_ error: LedgerError, _ field: String) -> LedgerError {
            LedgerError(error.code, "receipt \(SafeText.visible(id)): \(error.message)", at: SourceLocation(field: field))
        }
        for (text, field) in [(id, "receipt_id"), (entity, "entity"), (supplier, "supplier"), (account, "account"),
                              (description, "description"), (invoice ?? "", "invoice")] {
            do { try SafeText.check(text, field: field) } catch { throw fail(error, field) }
        }
        guard amountMinor > 0 else {
            throw fail(LedgerError(.invalidAmount, "the amount must be positive"), "amount")
        }
        do { try AmountLimit.check(amountMinor, currency) } catch { throw fail(error, "amount") }
    }
}
