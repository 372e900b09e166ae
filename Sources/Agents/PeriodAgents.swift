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

/// Lock: closes the period for every entity once every other task of the run is done;
/// until then it proposes nothing and says what is missing.
public struct LockAgent: CloseAgent {
    public let name = "lock"
    public init() {}

    public func prepare(_ task: AgentTask, snapshot: any LedgerSnapshot, context: AgentContext) throws -> Proposal {
        let unfinished = context.taskStates.filter { $0.key != task.id && $0.value != "done" }.keys.sorted()
        guard unfinished.isEmpty else {
            return Proposal(task: task.id, taskKind: task.kind, preparedBy: "agent:\(name)",
                            summary: "Cannot lock \(context.period): \(unfinished.count) task(s) are not done.",
                            findings: [Finding(id: "\(task.id)/unfinished", severity: .error,
                                               message: "not done: \(unfinished.joined(separator: ", "))")])
        }
        var actions: [PeriodAction] = []
        for entity in snapshot.group.entities where try snapshot.periodState(entity: entity.code, period: context.period) != .closed {
            actions.append(PeriodAction(entity: entity.code, period: context.period.description, target: .closed))
        }
        return Proposal(task: task.id, taskKind: task.kind, preparedBy: "agent:\(name)",
                        summary: "Every task of the \(context.period) close is done. Close \(context.period) for \(actions.map(\.entity).joined(separator: ", ")): after this nothing can be posted into it; reopening needs a controller and the CFO.",
                        periodActions: actions,
                        evidence: context.taskStates.keys.sorted().map { Evidence(kind: "task", id: $0) })
    }
}
