import Governance
import LedgerCore

/// Accruals of one entity for the period: a cost incurred in the period whose invoice is
/// not booked yet belongs in the period all the same. Two sources:
/// - goods received and not invoiced (GRNI): each receipt of the period without an invoice
///   number is accrued at its value, debit the receipt's account;
/// - recurring accrual templates of the group (rent, utilities, a bonus): accrued at the
///   template's amount unless a posting on its account in the period carries its `matches`
///   text (the invoice came in).
/// Each accrual credits the policy's accrued liabilities account, is dated the period's last
/// day and reverses on the first day of the next period, when the invoice takes its place.
/// Something already accrued in the period (an entry whose reference is the receipt id or
/// the template key) is not accrued twice.
public struct AccrualsAgent: CloseAgent {
    public let name = "accruals"
    public init() {}

    public func prepare(_ task: AgentTask, snapshot: any LedgerSnapshot, context: AgentContext) throws -> Proposal {
        guard let code = task.entity, let entity = snapshot.group.entity(code) else {
            throw LedgerError(.invalidEntry, "accruals are per entity; task \(task.id) names none of the group")
        }
        let period = context.period
        let standing = try snapshot.postedLines(entity: code, from: period.firstDay, through: period.lastDay, accounts: nil)
            .filter { $0.reverses == nil && !$0.isReversed }
        let accrued = Set(standing.map(\.reference))
        var work = AccrualWork(task: task, entity: entity, period: period, credit: context.policy.accounts.accruedLiabilities, snapshot: snapshot)

        var invoiced = 0, alreadyAccrued: [String] = []
        for receipt in try snapshot.goodsReceipts(entity: code, period: period) {
            work.evidence.append(Evidence(kind: "goods-receipt", id: receipt.id))
            if receipt.invoice != nil {
                invoiced += 1
            } else if accrued.contains(receipt.id) {
                alreadyAccrued.append(receipt.id)
            } else {
                try work.accrue(receipt)
            }
        }
        var matched: [String] = []
        for template in snapshot.group.recurringAccruals where template.entity == code {
            work.evidence.append(Evidence(kind: "recurring-accrual", id: template.key))
            if let invoice = Self.invoicePosting(of: template, in: standing, accrualSource: "agent:\(name)") {
                work.evidence.append(Evidence(kind: "entry", id: invoice.document))
                matched.append("\(template.description) (\(invoice.document) '\(invoice.description.isEmpty ? invoice.entryDescription : invoice.description)')")
            } else if accrued.contains(template.key) {
                alreadyAccrued.append(template.key)
            } else {
                try work.accrue(template)
            }
        }

        var summary = "Accruals of \(code) for \(period): "
            + (work.entries.isEmpty ? "nothing to accrue"
                : "\(work.entries.count) proposed, \(work.accruedTotals.joined(separator: ", ")), reversing on \(period.next.firstDay): \(work.accrued.joined(separator: ", "))")
            + "; \(invoiced) goods receipt(s) invoiced"
        if !matched.isEmpty { summary += "; invoice booked, no accrual: \(matched.joined(separator: ", "))" }
        if !alreadyAccrued.isEmpty { summary += "; already accrued: \(alreadyAccrued.joined(separator: ", "))" }
        summary += work.findings.isEmpty ? "." : "; \(work.findings.count) finding(s)."
        return Proposal(task: task.id, taskKind: task.kind, preparedBy: "agent:\(name)", summary: summary,
                        entries: work.entries, findings: work.findings, evidence: work.evidence)
    }

    /// The posting that shows the template's invoice was booked: a line on its account, not
    /// an accrual and not a reversal, whose text contains `matches` (ignoring case).
    static func invoicePosting(of template: RecurringAccrual, in lines: [LedgerLine], accrualSource: String) -> LedgerLine? {
        let text = template.matches.lowercased()
        return lines.first { line in
            line.account == template.account && line.source != accrualSource
                && (line.description.lowercased().contains(text) || line.entryDescription.lowercased().contains(text))
        }
    }
}

/// The entries, findings and evidence of one accruals proposal as they are built.
private struct AccrualWork {
    let task: AgentTask
    let entity: Entity
    let period: PeriodID
    let credit: String
    let snapshot: any LedgerSnapshot
    var entries: [ProposedEntry] = []
    var findings: [Finding] = []
    var evidence: [Evidence] = []
    /// What each entry accrues, in words for the summary.
    var accrued: [String] = []
    var accruedTotals: [String] { totals.sorted { $0.key < $1.key }.map { Decimal10.format($0.value, scale: $0.key.exponent) + " \($0.key)" } }
    private var totals: [Currency: Int64] = [:]

    init(task: AgentTask, entity: Entity, period: PeriodID, credit: String, snapshot: any LedgerSnapshot) {
        self.task = task
        self.entity = entity
        self.period = period
        self.credit = credit
        self.snapshot = snapshot
    }

    mutating func accrue(_ receipt: GoodsReceipt) throws {
        let money = Self.money(receipt.amountMinor, receipt.currency)
        let what = "goods receipt \(receipt.id) of \(receipt.date) from supplier \(receipt.supplier): \(receipt.description), \(money), no invoice by \(period.lastDay)"
        try add(key: "grni-\(receipt.id)", reference: receipt.id, account: receipt.account, currency: receipt.currency,
                amountMinor: receipt.amountMinor, description: "Accrued GRNI \(receipt.id) \(receipt.supplier) \(receipt.description)",
                rule: "grni", confidence: 950,
                label: "\(receipt.id) (received, not invoiced)",
                explanation: "The \(what) (goods received, not invoiced). The cost belongs in \(period): debit \(receipt.account), credit \(credit), reversed on \(period.next.firstDay) when the invoice is booked.")
    }

    mutating func accrue(_ template: RecurringAccrual) throws {
        let money = Self.money(template.amountMinor, template.currency)
        try add(key: "recurring-\(template.key)", reference: template.key, account: template.account, currency: template.currency,
                amountMinor: template.amountMinor, description: "Accrued \(template.description) \(period)",
                rule: "recurring-accrual", confidence: 800, label: "\(template.description) (recurring)",
                explanation: "The recurring accrual '\(template.description)' of \(money) on \(template.account): no posting on \(template.account) in \(period) mentions '\(template.matches)', so its invoice is not booked. Debit \(template.account), credit \(credit), reversed on \(period.next.firstDay).")
    }

    private mutating func add(key: String, reference: String, account: String, currency: Currency, amountMinor: Int64,
                              description: String, rule: String, confidence: Int, label: String, explanation: String) throws {
        var functional: Int64?
        if currency != entity.currency {
            guard let rate = try snapshot.rate(from: currency, to: entity.currency, type: .closing, period: period) else {
                findings.append(Finding(id: "\(task.id)/\(reference)/no-rate", severity: .error,
                                        message: "no closing rate \(currency)->\(entity.currency) for \(period): \(reference) cannot be accrued in \(entity.code)'s functional currency; import the rate and prepare again",
                                        evidence: [Evidence(kind: "accrual-source", id: reference)]))
                return
            }
            let converted = try rate.convert(amountMinor)
            guard converted > 0 else {
                findings.append(Finding(id: "\(task.id)/\(reference)/too-small", severity: .warning,
                                        message: "\(reference): \(Self.money(amountMinor, currency)) is worth nothing in \(entity.currency) at \(rate); not accrued"))
                return
            }
            functional = converted
            evidence.append(Evidence(kind: "rate", id: "\(currency)->\(entity.currency) closing \(period) \(rate.evidenceText)"))
        }
        let rateNote = functional.map { " Functional amount \(Self.money($0, entity.currency)) at the closing rate." } ?? ""
        entries.append(ProposedEntry(
            entity: entity.code, date: period.lastDay.description, description: description, key: key,
            lines: [ProposedLine(account: account, currency: currency.code, amount: amountMinor, functionalAmount: functional,
                                 reference: reference, description: description),
                    ProposedLine(account: credit, currency: currency.code, amount: -amountMinor, functionalAmount: functional.map { -$0 },
                                 reference: reference, description: description)],
            rule: rule, confidence: confidence, explanation: explanation + rateNote, reverseOn: period.next.firstDay.description))
        totals[currency] = try Checked.add(totals[currency, default: 0], amountMinor, "the accruals of \(entity.code) in \(currency) (adding \(reference))")
        accrued.append(label)
    }

    static func money(_ minor: Int64, _ currency: Currency) -> String {
        "\(Decimal10.format(minor, scale: currency.exponent)) \(currency)"
    }
}
