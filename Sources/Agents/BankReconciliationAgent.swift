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
        guard let entity = task.entity, let account = task.account,
              let bankAccount = snapshot.group.bankAccount(entity: entity, account: account) else {
            throw LedgerError(.invalidEntry, "task \(task.id) names no bank account of the group")
        }
        let period = context.period
        let statements = try snapshot.bankStatements(entity: entity, account: account, period: period)
        guard let last = statements.last else {
            return Proposal(task: task.id, taskKind: task.kind, preparedBy: "agent:\(name)",
                            summary: "No statement of \(bankAccount.iban) closes in \(period): nothing to reconcile yet.",
                            findings: [Finding(id: "\(task.id)/no-statement", severity: .error,
                                               message: "no bank statement of \(entity)/\(account) (\(bankAccount.iban)) for \(period); import it with `close bank import`")])
        }
        let currency = bankAccount.currency
        let bank = statements.flatMap(\.lines)
        let window = period.firstDay.adding(days: -engine.dateWindowDays)
        let ledger = try snapshot.ledgerItems(entity: entity, account: account, currency: currency, from: window, through: period.lastDay)
        let result = engine.match(bank: bank, ledger: ledger)
        var report = Report(task: task, period: period, currency: currency, bank: bank, ledger: ledger)

        var entries: [ProposedEntry] = []
        var bankOnly: Int64 = 0
        for index in result.unmatchedBank {
            let line = bank[index]
            if let entry = unrecorded(line, entity: entity, account: account, currency: currency, rules: context.policy.reconciliation) {
                entries.append(entry)
            } else {
                bankOnly = try Checked.add(bankOnly, line.amountMinor, "the bank-only items of \(entity)/\(account)")
                report.bankOnly(index)
            }
        }
        var outstanding: Int64 = 0
        for index in result.unmatchedLedger where ledger[index].date >= period.firstDay {
            outstanding = try Checked.add(outstanding, ledger[index].amountMinor, "the outstanding items of \(entity)/\(account)")
            report.outstanding(index)
        }
        var toleranceDifference: Int64 = 0
        for match in result.matches where match.rule == "amount-tolerance" {
            let what = "the tolerance match of \(entity)/\(account) at bank line \(match.bank.first.map { $0 + 1 } ?? 0)"
            let difference = try Checked.subtract(try Checked.sum(match.bank.map { bank[$0].amountMinor }, what),
                                                  try Checked.sum(match.ledger.map { ledger[$0].amountMinor }, what), what)
            toleranceDifference = try Checked.add(toleranceDifference, difference, "the tolerance differences of \(entity)/\(account)")
            report.tolerance(match, difference: difference)
        }
        for item in result.ambiguous { report.ambiguous(item) }

        let ledgerBalance = try snapshot.bankAccountBalance(entity: entity, account: account, currency: currency, through: period.lastDay)
        let what = "the reconciliation of \(entity)/\(account) for \(period)"
        let proposed = try Checked.sum(entries.map { entry in entry.lines.first { $0.account == account }?.amount ?? 0 }, what)
        let unexplained = try Checked.add(bankOnly, toleranceDifference, what)
        let reconciled = try Checked.sum([ledgerBalance, proposed, try Checked.negate(outstanding), unexplained], what)
        let difference = try Checked.subtract(last.closingMinor, reconciled, what)
        report.certify(ledger: ledgerBalance, proposed: proposed, outstanding: outstanding, bankOnly: unexplained,
                       reconciled: reconciled, closing: last.closingMinor, difference: difference)

        let matchedLines = result.matches.reduce(0) { $0 + $1.bank.count }
        let summary = "Reconciled \(entity)/\(account) (\(bankAccount.iban)) for \(period): \(matchedLines) of \(bank.count) statement lines matched "
            + "(\(result.matches.count) matches), \(entries.count) entries proposed for unrecorded bank items, "
            + "\(report.outstandingCount) ledger items outstanding, \(report.bankOnlyCount) bank items unexplained; "
            + (difference == 0 ? "certified: ledger + reconciling items = statement closing balance \(report.money(last.closingMinor))."
                               : "NOT certified: a difference of \(report.money(difference)) remains.")
        return Proposal(task: task.id, taskKind: task.kind, preparedBy: "agent:\(name)", summary: summary, entries: entries,
                        findings: report.findings,
                        evidence: result.matches.map { report.evidence($0) } + statements.map { Evidence(kind: "statement", id: $0.id) })
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
        let description = "\(line.kind == .fee ? "Bank charges" : "Bank interest") \(line.reference) from the statement"
        return ProposedEntry(entity: entity, date: line.bookingDate.description, description: description, key: "\(rule)-\(line.bankReference)",
                             lines: [ProposedLine(account: account, currency: currency.code, amount: line.amountMinor,
                                                  reference: line.reference, description: description),
                                     ProposedLine(account: other, currency: currency.code, amount: -line.amountMinor,
                                                  reference: line.reference, description: description)],
                             rule: rule, confidence: 950,
                             explanation: "The statement shows \(line.kind.rawValue) \(line.bankReference) of \(Decimal10.format(line.amountMinor, scale: currency.exponent)) \(currency) on \(line.bookingDate) and no ledger line matches it; \(rule) books it to \(other).")
    }
}
