import LedgerCore

/// Everything the generator makes from a scenario: the books as they reach the ledger and
/// the bank, the open items a close needs, and the ground truth of every injected fault.
public struct GeneratedBooks: Sendable {
    public var scenario: Scenario
    /// Daily spot rates of the simulated months, plus an average and a closing rate per month.
    public var rates: [RateQuote]
    /// Journals by month: the month before the period (with the opening balances), the
    /// period, and the first days of the month after (late recordings and cut-off faults).
    public var journals: [Journal]
    /// The period's statement of every bank account.
    public var statements: [BankStatement]
    /// The period's goods receipts; one without an invoice needs a month-end accrual.
    public var goodsReceipts: [GoodsReceipt]
    public var counterparties: [Counterparty]
    public var faults: [InjectedFault]
    /// For every statement line and every unmatched ledger bank line: what it truly is.
    public var bankTruth: [BankTruth]
    /// Intercompany transactions recorded (or meant to be recorded) by two entities.
    public var intercompanyPairs: Int

    public struct Journal: Sendable {
        public var period: PeriodID
        public var entries: [JournalEntryDraft]
        public var lineCount: Int { entries.reduce(0) { $0 + $1.lines.count } }
    }

    public var entryCount: Int { journals.reduce(0) { $0 + $1.entries.count } }
    public var lineCount: Int { journals.reduce(0) { $0 + $1.lineCount } }
    public var bankLineCount: Int { statements.reduce(0) { $0 + $1.lines.count } }

    /// The journal of one month, if generated.
    public func journal(_ period: PeriodID) -> Journal? { journals.first { $0.period == period } }
}

/// A customer or supplier of one entity.
public struct Counterparty: Sendable, Hashable {
    public enum Kind: String, Sendable { case customer, supplier }
    public var id: String
    public var name: String
    public var entity: String
    public var kind: Kind
    public var country: String
    /// Days from invoice to due date.
    public var paymentTermsDays: Int
}

/// One injected fault: what was done to the books and what a correct close does about it.
public struct InjectedFault: Sendable, Hashable {
    public var id: String
    public var kind: FaultKind
    public var entity: String
    /// Other entity involved (intercompany faults, wrong entity).
    public var partner: String?
    /// Where the fault is: journal entry ids, bank references, goods receipt ids.
    public var rows: [FaultRow]
    /// What a correct close must do, in words.
    public var expected: String
    /// The entries a correct close posts (empty when it posts nothing).
    public var expectedEntries: [ExpectedLine]
}

public enum FaultRow: Sendable, Hashable {
    case journalEntry(String)
    case bankLine(statement: String, bankReference: String)
    case goodsReceipt(String)
}

/// One line of an entry a correct close posts: signed amount in `currency` (debit positive),
/// on the day the correct entry is dated (a close is scored on its dates as well as amounts).
public struct ExpectedLine: Sendable, Hashable {
    public var entity: String
    public var date: CalendarDate
    public var account: String
    public var currency: Currency
    public var amountMinor: Int64
    public var partner: String?
}

/// The truth about one bank item: which ledger entries a statement line belongs to, or a
/// ledger bank line that the statement does not show.
public struct BankTruth: Sendable, Hashable {
    public enum Status: String, Sendable {
        /// The statement line and these ledger entries are the same money.
        case matched
        /// On the statement, not in the period's ledger (a fee to record, a late recording).
        case bankOnly = "bank-only"
        /// In the period's ledger, not on the statement (a payment in transit).
        case ledgerOnly = "ledger-only"
        /// A line the bank booked twice: the copy matches nothing.
        case bankDuplicate = "bank-duplicate"
    }
    public var entity: String
    public var account: String
    public var statement: String?
    public var bankReference: String?
    public var entryIDs: [String]
    public var status: Status
    /// The fault this item belongs to, if any.
    public var fault: String?
}
