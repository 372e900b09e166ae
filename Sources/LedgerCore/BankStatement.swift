/// A ledger bank account as the bank knows it: the IBAN (or other account id) that a
/// statement names, mapped to an entity and a bank-flagged account of the chart.
public struct BankAccount: Sendable, Hashable {
    public var entity: String
    /// Code of a chart account with the `bank` flag.
    public var account: String
    /// IBAN, or any other id the bank puts on its statements.
    public var iban: String
    public var bic: String?
    public var currency: Currency

    public init(entity: String, account: String, iban: String, bic: String? = nil, currency: Currency) {
        self.entity = entity
        self.account = account
        self.iban = iban
        self.bic = bic
        self.currency = currency
    }
}

/// One bank statement: what the bank says happened on one account between two balances.
/// It ties out when opening + the sum of its lines = closing.
public struct BankStatement: Sendable, Hashable {
    /// Unique per bank account, e.g. "US01-1000-2026-05".
    public var id: String
    public var entity: String
    public var account: String
    public var iban: String
    public var bic: String?
    public var currency: Currency
    public var openingDate: CalendarDate
    public var openingMinor: Int64
    public var closingDate: CalendarDate
    public var closingMinor: Int64
    /// The moment the bank created the statement, as text (ISO 8601), injected for determinism.
    public var createdAt: String
    public var lines: [BankLine]

    public init(id: String, entity: String, account: String, iban: String, bic: String? = nil, currency: Currency,
                openingDate: CalendarDate, openingMinor: Int64, closingDate: CalendarDate, closingMinor: Int64,
                createdAt: String, lines: [BankLine]) {
        self.id = id
        self.entity = entity
        self.account = account
        self.iban = iban
        self.bic = bic
        self.currency = currency
        self.openingDate = openingDate
        self.openingMinor = openingMinor
        self.closingDate = closingDate
        self.closingMinor = closingMinor
        self.createdAt = createdAt
        self.lines = lines
    }

    /// Opening + lines - closing: zero when the statement ties out.
    public func tieOutDifference() throws(LedgerError) -> Int64 {
        let moved = try Checked.sum(lines.map(\.amountMinor))
        return try Checked.add(try Checked.add(openingMinor, moved), try Checked.negate(closingMinor))
    }
}

/// What kind of movement a bank line is, as far as reconciliation cares.
public enum BankLineKind: String, Sendable, Hashable, CaseIterable {
    case transfer   // a credit transfer in or out (customer receipt, supplier payment, payroll)
    case fee        // a charge the bank takes
    case interest   // interest the bank pays or charges
    case ownAccount = "own-account"  // between two accounts of the same owner

    /// ISO 20022 bank transaction code (domain, family, sub-family) for camt.053.
    public var transactionCode: (domain: String, family: String, subFamily: String) {
        switch self {
        case .transfer: ("PMNT", "RCDT", "ESCT")
        case .fee: ("ACMT", "MDOP", "CHRG")
        case .interest: ("ACMT", "MDOP", "INTR")
        case .ownAccount: ("PMNT", "ICDT", "BOOK")
        }
    }
}

/// One line of a bank statement. The amount is signed: positive is money in.
public struct BankLine: Sendable, Hashable {
    public var bookingDate: CalendarDate
    public var valueDate: CalendarDate
    public var amountMinor: Int64
    /// The payer's reference (end-to-end id or remittance text), e.g. an invoice number.
    public var reference: String
    /// The bank's own unique id for the line (camt.053 AcctSvcrRef).
    public var bankReference: String
    public var counterparty: String
    public var description: String
    public var kind: BankLineKind

    public init(bookingDate: CalendarDate, valueDate: CalendarDate, amountMinor: Int64, reference: String,
                bankReference: String, counterparty: String, description: String, kind: BankLineKind = .transfer) {
        self.bookingDate = bookingDate
        self.valueDate = valueDate
        self.amountMinor = amountMinor
        self.reference = reference
        self.bankReference = bankReference
        self.counterparty = counterparty
        self.description = description
        self.kind = kind
    }
}

extension BankStatement {
    /// The limits a statement keeps whatever read it (the readers check them first, naming
    /// the file line): balances within `AmountLimit.balanceMaximum`, lines within
    /// `AmountLimit.maximum`, and no control character in any text.
    public func checkLimits() throws(LedgerError) {
        func fail(_ error: LedgerError, _ field: String) -> LedgerError {
            LedgerError(error.code, "statement \(SafeText.visible(id)): \(error.message)", at: SourceLocation(field: field))
        }
        for (text, field) in [(id, "statement_id"), (entity, "entity"), (account, "account"), (iban, "iban"),
                              (bic ?? "", "bic"), (createdAt, "created_at")] {
            do { try SafeText.check(text, field: field) } catch { throw fail(error, field) }
        }
        do {
            try AmountLimit.checkBalance(openingMinor, currency, what: "the opening balance")
            try AmountLimit.checkBalance(closingMinor, currency, what: "the closing balance")
        } catch {
            throw fail(error, "balance")
        }
        for (index, line) in lines.enumerated() {
            do {
                try AmountLimit.check(line.amountMinor, currency, what: "line \(index + 1): amount")
                for (text, field) in [(line.reference, "reference"), (line.bankReference, "bank_reference"),
                                      (line.counterparty, "counterparty"), (line.description, "description")] {
                    try SafeText.check(text, field: "line \(index + 1): \(field)")
                }
            } catch {
                throw fail(error, error.location?.field ?? "amount")
            }
        }
    }
}
