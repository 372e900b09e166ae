import Governance
import LedgerCore

/// Cut-off: soft-closes the period for every entity still open, so that from now on only
/// close-process postings reach it.
public struct CutOffAgent: CloseAgent {
    public let name = "cut-off"
    public init() {}

    public func prepare(_ task: AgentTask, snapshot: any LedgerSnapshot, context: AgentContext) throws -> Proposal {
        var actions: [PeriodAction] = []
        var evidence: [Evidence] = []
        for entity in snapshot.group.entities {
            let state = try snapshot.periodState(entity: entity.code, period: context.period)
            evidence.append(Evidence(kind: "period", id: "\(entity.code)/\(context.period) \(state.rawValue)"))
            if state == .open { actions.append(PeriodAction(entity: entity.code, period: context.period.description, target: .softClosed)) }
        }
        let summary = actions.isEmpty
            ? "Every entity's \(context.period) is already soft-closed or closed; nothing to cut off."
            : "Soft-close \(context.period) for \(actions.map(\.entity).joined(separator: ", ")): from now on only close-process postings (accruals, revaluation, eliminations) reach the period; subledger imports go to the next one."
        return Proposal(task: task.id, taskKind: task.kind, preparedBy: "agent:\(name)", summary: summary,
                        periodActions: actions, evidence: evidence)
    }
}

/// Final trial-balance review of one entity: checks the books balance and lists what a
/// reviewer must look at (a balance left on suspense). Posts nothing.
public struct FinalReviewAgent: CloseAgent {
    public let name = "final-review"
    public init() {}

    public func prepare(_ task: AgentTask, snapshot: any LedgerSnapshot, context: AgentContext) throws -> Proposal {
        guard let code = task.entity, let entity = snapshot.group.entity(code) else {
            throw LedgerError(.invalidEntry, "the final review is per entity; task \(task.id) names none")
        }
        let balance = try snapshot.trialBalance(entity: code, period: context.period)
        var findings: [Finding] = []
        let debit = try balance.totalDebitMinor(), credit = try balance.totalCreditMinor()
        if debit != credit {
            findings.append(Finding(id: "\(task.id)/unbalanced", severity: .error,
                                    message: "the trial balance of \(code) does not balance: debit \(Decimal10.format(debit, scale: entity.currency.exponent)), credit \(Decimal10.format(credit, scale: entity.currency.exponent))"))
        }
        let suspenseAccount = context.policy.accounts.suspense
        if let suspense = balance.rows.first(where: { $0.account == suspenseAccount }), suspense.balanceMinor != 0 {
            findings.append(Finding(id: "\(task.id)/suspense", severity: .warning,
                                    message: "\(Decimal10.format(suspense.balanceMinor, scale: entity.currency.exponent)) \(entity.currency) left on suspense (\(suspenseAccount)) in \(code); clear it before the lock",
                                    evidence: [Evidence(kind: "account", id: "\(code)/\(suspenseAccount)")]))
        }
        let summary = "Reviewed the \(context.period) trial balance of \(code): \(balance.rows.count) accounts, debit = credit = \(Decimal10.format(debit, scale: entity.currency.exponent)) \(entity.currency)"
            + (findings.isEmpty ? "; nothing to report." : "; \(findings.count) finding(s).")
        return Proposal(task: task.id, taskKind: task.kind, preparedBy: "agent:\(name)", summary: summary, findings: findings,
                        evidence: balance.rows.map { Evidence(kind: "trial-balance-row", id: "\(code)/\(context.period)/\($0.account)") })
    }
}
