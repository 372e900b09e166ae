import LedgerCore

extension BankReconciliationAgent {
    /// A statement line of the period that the ledger books only after it, wholly or in part:
    /// a receipt the bank credited on the last day that the ledger recorded on the first of
    /// the next month, or a batch of receipts of which some were recorded late.
    struct BookedAfter {
        /// The ledger items dated after the period.
        var later: [LedgerItem]
        /// The period's ledger items (indices into the reconciliation's ledger) in the same batch.
        var within: [Int]
    }

    /// The unexplained statement lines that the ledger books after the period, each with its
    /// items. They remain reconciling items at the period's end (for the part booked later),
    /// but as a timing difference that clears itself, not an entry missing. Candidates are
    /// the period's unmatched ledger items and the items of the days after it, matched by the
    /// ordinary cascade within its date window; only exact matches of one statement line that
    /// take at least one later item count, and anything looser stays bank-only.
    func bookedAfterPeriod(_ lines: [Int], bank: [BankLine], ledger: [LedgerItem], inPeriod: [Int], snapshot: any LedgerSnapshot,
                           entity: String, account: String, currency: Currency, period: PeriodID) throws -> [Int: BookedAfter] {
        guard !lines.isEmpty else { return [:] }
        let later = try snapshot.ledgerItems(entity: entity, account: account, currency: currency, from: period.lastDay.adding(days: 1),
                                             through: period.lastDay.adding(days: engine.dateWindowDays))
        guard !later.isEmpty else { return [:] }
        let candidates = inPeriod.map { ledger[$0] } + later
        let result = engine.match(bank: lines.map { bank[$0] }, ledger: candidates)
        var found: [Int: BookedAfter] = [:]
        for match in result.matches where match.bank.count == 1 && match.rule != "amount-tolerance"
            && match.ledger.contains(where: { $0 >= inPeriod.count }) {
            found[lines[match.bank[0]]] = BookedAfter(later: match.ledger.filter { $0 >= inPeriod.count }.map { candidates[$0] },
                                                      within: match.ledger.filter { $0 < inPeriod.count }.map { inPeriod[$0] })
        }
        return found
    }
}

/// What makes two statement lines the same item twice.
struct BankLineKey: Hashable {
    let date: CalendarDate
    let amountMinor: Int64
    let reference: String
    let counterparty: String

    init(_ line: BankLine) {
        date = line.bookingDate
        amountMinor = line.amountMinor
        reference = line.reference
        counterparty = line.counterparty
    }
}
