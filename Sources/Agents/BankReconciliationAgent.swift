import Governance
import LedgerCore

/// Bank reconciliation of one bank account for the period: matches the imported statement
/// lines to the ledger's lines on the account (the `MatchingEngine` cascade), proposes
/// entries for what the bank knows and the ledger does not (charges, interest), lists what
/// remains with its age, and certifies: ledger balance + reconciling items = statement
/// closing balance, or the difference as a finding.
public struct BankReconciliationAgent: CloseAgent {
    public let name = "bank-reconciliation"
    public var engine = MatchingEngine()

    public init() {}

    public func prepare(_ task: AgentTask, snapshot: any LedgerSnapshot, context: AgentContext) throws -> Proposal {
        try reconcile(task, snapshot: snapshot, context: context).proposal
    }

    /// The figures of the reconciliation in the standard form (nil without a statement), from
    /// the very computation that prepares the proposal, so the form a person reads is the one
    /// the agent certified.
    public func figures(_ task: AgentTask, snapshot: any LedgerSnapshot, context: AgentContext) throws -> ReconciliationFigures? {
        try reconcile(task, snapshot: snapshot, context: context).figures
    }

    private func reconcile(_ task: AgentTask, snapshot: any LedgerSnapshot, context: AgentContext) throws -> (proposal: Proposal, figures: ReconciliationFigures?) {
        guard let entity = task.entity, let account = task.account,
              let bankAccount = snapshot.group.bankAccount(entity: entity, account: account) else {
            throw LedgerError(.invalidEntry, "task \(task.id) names no bank account of the group")
        }
        let period = context.period
        let statements = try snapshot.bankStatements(entity: entity, account: account, period: period)
        guard let last = statements.last else {
            return (Proposal(task: task.id, taskKind: task.kind, preparedBy: "agent:\(name)",
                             summary: "No statement of \(bankAccount.iban) closes in \(period): nothing to reconcile yet.",
                             findings: [Finding(id: "\(task.id)/no-statement", severity: .error,
                                                message: "no bank statement of \(entity)/\(account) (\(bankAccount.iban)) for \(period); import it with `close bank import`")]),
                    nil)
        }
        let currency = bankAccount.currency
        let bank = statements.flatMap(\.lines)
        let window = period.firstDay.adding(days: -engine.dateWindowDays)
        let ledger = try snapshot.ledgerItems(entity: entity, account: account, currency: currency, from: window, through: period.lastDay)
        let result = engine.match(bank: bank, ledger: ledger)
        var report = Report(task: task, period: period, currency: currency, bank: bank, ledger: ledger)

        var entries: [ProposedEntry] = []
        var unexplainedBank: [Int] = []
        for index in result.unmatchedBank {
            if let entry = unrecorded(bank[index], entity: entity, account: account, currency: currency, rules: context.policy.reconciliation) {
                entries.append(entry)
            } else {
                unexplainedBank.append(index)
            }
        }
        let inPeriod = result.unmatchedLedger.filter { ledger[$0].date >= period.firstDay }
        let bookedAfter = try bookedAfterPeriod(unexplainedBank, bank: bank, ledger: ledger, inPeriod: inPeriod, snapshot: snapshot,
                                                entity: entity, account: account, currency: currency, period: period)
        // A bank-only line identical to a matched one (day, amount, reference, counterparty) is
        // most likely the bank's duplicate; which of the two is the copy, nobody can tell.
        var twins: [BankLineKey: Int] = [:]
        for match in result.matches { for index in match.bank { twins[BankLineKey(bank[index])] = index } }
        // Bank-only: the part of each unexplained statement line the ledger does not hold by the period's end.
        var bankOnly: Int64 = 0
        for index in unexplainedBank {
            let what = "the bank-only items of \(entity)/\(account)"
            if let booked = bookedAfter[index] {
                let within = try Checked.sum(booked.within.map { ledger[$0].amountMinor }, what)
                bankOnly = try Checked.add(bankOnly, try Checked.subtract(bank[index].amountMinor, within, what), what)
                report.bookedAfter(index, later: booked.later, within: booked.within.map { ledger[$0] })
            } else {
                bankOnly = try Checked.add(bankOnly, bank[index].amountMinor, what)
                report.bankOnly(index, twin: twins[BankLineKey(bank[index])].flatMap { $0 == index ? nil : $0 })
            }
        }
        let batched = Set(bookedAfter.values.flatMap(\.within))
        let unmatched = inPeriod.filter { !batched.contains($0) }
        let what = "the reconciliation of \(entity)/\(account) for \(period)"
        var toleranceDifference: Int64 = 0
        var toleranceDifferences: [Int64] = []
        for match in result.matches where match.rule == "amount-tolerance" {
            let matchWhat = "the tolerance match of \(entity)/\(account) at bank line \(match.bank.first.map { $0 + 1 } ?? 0)"
            let difference = try Checked.subtract(try Checked.sum(match.bank.map { bank[$0].amountMinor }, matchWhat),
                                                  try Checked.sum(match.ledger.map { ledger[$0].amountMinor }, matchWhat), matchWhat)
            toleranceDifference = try Checked.add(toleranceDifference, difference, "the tolerance differences of \(entity)/\(account)")
            toleranceDifferences.append(difference)
        }
        let ledgerBalance = try snapshot.bankAccountBalance(entity: entity, account: account, currency: currency, through: period.lastDay)
        let proposed = try Checked.sum(entries.map { entry in entry.lines.first { $0.account == account }?.amount ?? 0 }, what)
        let allOutstanding = try Checked.sum(unmatched.map { ledger[$0].amountMinor }, "the outstanding items of \(entity)/\(account)")
        let unexplainedItems = try Checked.add(bankOnly, toleranceDifference, what)
        // Items the opening balance explains are taken out of the outstanding ones only when
        // that is exactly what the difference is: a certified account is never touched.
        var cleared: Set<Int> = []
        let unexplained = try Checked.subtract(last.closingMinor,
                                               try Checked.sum([ledgerBalance, proposed, try Checked.negate(allOutstanding), unexplainedItems], what), what)
        if unexplained != 0 {
            let candidates = try Self.clearedBeforePeriod(unmatched, ledger: ledger, result: result, statements: statements, snapshot: snapshot,
                                                          entity: entity, account: account, currency: currency, period: period)
            if try Checked.sum(candidates.map { ledger[$0].amountMinor }, what) == unexplained { cleared = candidates }
        }
        var outstanding: Int64 = 0
        for index in unmatched {
            if cleared.contains(index) {
                report.clearedBefore(index)
            } else {
                outstanding = try Checked.add(outstanding, ledger[index].amountMinor, "the outstanding items of \(entity)/\(account)")
                report.outstanding(index)
            }
        }
        for (match, difference) in zip(result.matches.filter { $0.rule == "amount-tolerance" }, toleranceDifferences) {
            report.tolerance(match, difference: difference)
        }
        for item in result.ambiguous { report.ambiguous(item) }

        let reconciled = try Checked.sum([ledgerBalance, proposed, try Checked.negate(outstanding), unexplainedItems], what)
        let difference = try Checked.subtract(last.closingMinor, reconciled, what)
        report.certify(ledger: ledgerBalance, proposed: proposed, outstanding: outstanding, bankOnly: unexplainedItems,
                       reconciled: reconciled, closing: last.closingMinor, difference: difference)

        let matchedLines = result.matches.reduce(0) { $0 + $1.bank.count }
        let summary = "Reconciled \(entity)/\(account) (\(bankAccount.iban)) for \(period): \(matchedLines) of \(bank.count) statement lines matched "
            + "(\(result.matches.count) matches), \(entries.count) entries proposed for unrecorded bank items, "
            + "\(report.outstandingCount) ledger items outstanding, \(report.bankOnlyCount) bank items unexplained; "
            + (difference == 0 ? "certified: ledger + reconciling items = statement closing balance \(report.money(last.closingMinor))."
                               : "NOT certified: a difference of \(report.money(difference)) remains.")
        let proposal = Proposal(task: task.id, taskKind: task.kind, preparedBy: "agent:\(name)", summary: summary, entries: entries,
                                findings: report.findings,
                                evidence: result.matches.map { report.evidence($0) } + statements.map { Evidence(kind: "statement", id: $0.id) })
        let openLedger = unmatched.filter { !cleared.contains($0) }.map { ledger[$0] }
        let outstandingItems = openLedger.map(\.amountMinor)
        let proposedAmounts = entries.map { entry in entry.lines.first { $0.account == account }?.amount ?? 0 }
        let figures = ReconciliationFigures(
            currency: currency, balancePerBankMinor: last.closingMinor,
            depositsInTransitMinor: try Checked.sum(outstandingItems.filter { $0 > 0 }, what),
            outstandingPaymentsMinor: try Checked.negate(try Checked.sum(outstandingItems.filter { $0 < 0 }, what)),
            balancePerBooksMinor: ledgerBalance,
            interestMinor: try Checked.sum(proposedAmounts.filter { $0 > 0 }, what),
            feesMinor: try Checked.negate(try Checked.sum(proposedAmounts.filter { $0 < 0 }, what)),
            errorsMinor: unexplainedItems, differenceMinor: difference,
            matches: result.matches.map { match in
                ReconciliationFigures.Pair(bank: match.bank.map { bank[$0] }, ledger: match.ledger.map { ledger[$0] },
                                           rule: match.rule, confidence: match.confidence)
            },
            outstandingItems: openLedger, bankOnlyLines: unexplainedBank.filter { bookedAfter[$0] == nil }.map { bank[$0] })
        return (proposal, figures)
    }

    /// The ledger items of the period the bank had already cleared before it began: booked in
    /// the ledger on or after the first day, but in the statement's opening balance (a receipt
    /// the bank credited on the last day of the month before). The opening balance says how
    /// much that is: statement opening - ledger balance the day before the period + what of the
    /// ledger's earlier items this statement clears. The items are the unmatched ones of the
    /// period, earliest first, whose running total reaches exactly that amount; when none
    /// does, nothing is explained away and the difference stays for a human.
    static func clearedBeforePeriod(_ unmatched: [Int], ledger: [LedgerItem], result: MatchingEngine.Result, statements: [BankStatement],
                                    snapshot: any LedgerSnapshot, entity: String, account: String, currency: Currency,
                                    period: PeriodID) throws -> Set<Int> {
        guard let first = statements.min(by: { $0.openingDate < $1.openingDate }), first.openingDate <= period.firstDay else { return [] }
        let before = try snapshot.bankAccountBalance(entity: entity, account: account, currency: currency, through: period.firstDay.adding(days: -1))
        var clearedNow: Int64 = 0
        for match in result.matches {
            for index in match.ledger where ledger[index].date < period.firstDay {
                clearedNow = try Checked.add(clearedNow, ledger[index].amountMinor)
            }
        }
        let gap = try Checked.add(try Checked.add(first.openingMinor, try Checked.negate(before)), clearedNow)
        guard gap != 0 else { return [] }
        var total: Int64 = 0
        var picked: Set<Int> = []
        for index in unmatched.sorted(by: { (ledger[$0].date, $0) < (ledger[$1].date, $1) }) {
            total = try Checked.add(total, ledger[index].amountMinor)
            picked.insert(index)
            if total == gap { return picked }
        }
        return []
    }

    /// An entry for a bank item the ledger lacks, where a rule says where it goes.
    /// The accounts come from the policy's `reconciliation` section (docs/governance.md).
    private func unrecorded(_ line: BankLine, entity: String, account: String, currency: Currency,
                            rules: ReconciliationRules) -> ProposedEntry? {
        let (rule, other): (String, String)
        switch line.kind {
        case .fee where line.amountMinor < 0: (rule, other) = ("unrecorded-fee", rules.feeAccount)
        case .interest: (rule, other) = ("unrecorded-interest", rules.interestAccount)
        default: return nil
        }
        let what = line.kind == .fee ? "Bank charges" : "Bank interest"
        let description = line.reference.isEmpty ? "\(what) from the statement" : "\(what) \(line.reference) from the statement"
        return ProposedEntry(entity: entity, date: line.bookingDate.description, description: description, key: "\(rule)-\(line.bankReference)",
                             lines: [ProposedLine(account: account, currency: currency.code, amount: line.amountMinor,
                                                  reference: line.reference, description: description),
                                     ProposedLine(account: other, currency: currency.code, amount: -line.amountMinor,
                                                  reference: line.reference, description: description)],
                             rule: rule, confidence: 950,
                             explanation: "The statement shows \(line.kind.rawValue) \(line.bankReference) of \(Decimal10.format(line.amountMinor, scale: currency.exponent)) \(currency) on \(line.bookingDate) and no ledger line matches it; \(rule) books it to \(other).")
    }
}
