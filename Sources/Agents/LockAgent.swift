import Governance
import LedgerCore

/// Lock: closes the period for every entity, but only over books that are whole. It
/// proposes the lock when every other task is done and not decertified, every bank account
/// has a statement reaching the period end and its reconciliation certified, and no approved
/// step left an error finding (a missing rate, a failed consolidation, an unbalanced trial
/// balance, a reconciliation difference). Otherwise its proposal is "not ready": no period
/// change, one error finding per exception. A human can lock over it only by an override
/// that names each exception (the engine checks), so the summary can list them.
public struct LockAgent: CloseAgent {
    public let name = "lock"
    public init() {}

    public func prepare(_ task: AgentTask, snapshot: any LedgerSnapshot, context: AgentContext) throws -> Proposal {
        let exceptions = try Self.exceptions(task, snapshot: snapshot, context: context)
        guard exceptions.isEmpty else {
            return Proposal(task: task.id, taskKind: task.kind, preparedBy: "agent:\(name)",
                            summary: "Not ready to lock \(context.period): \(exceptions.count) exception(s). Fix them and run the close again, or override naming each exception id in the reason.",
                            findings: exceptions)
        }
        var actions: [PeriodAction] = []
        for entity in snapshot.group.entities where try snapshot.periodState(entity: entity.code, period: context.period) != .closed {
            actions.append(PeriodAction(entity: entity.code, period: context.period.description, target: .closed))
        }
        return Proposal(task: task.id, taskKind: task.kind, preparedBy: "agent:\(name)",
                        summary: "Every task of the \(context.period) close is done, every bank account certified to the period end, no open finding. Close \(context.period) for \(actions.map(\.entity).joined(separator: ", ")): after this nothing can be posted into it; reopening needs a controller and the CFO.",
                        periodActions: actions,
                        evidence: context.taskStates.keys.sorted().map { Evidence(kind: "task", id: $0) })
    }

    /// The id prefix of a lock exception; an override must name each id in its reason.
    public static let exceptionPrefix = "lock/exception/"

    /// Every reason the period cannot be locked yet, each a finding with a stable id.
    public static func exceptions(_ task: AgentTask, snapshot: any LedgerSnapshot, context: AgentContext) throws -> [Finding] {
        var found: [Finding] = []
        func add(_ what: String, _ message: String, _ evidence: [Evidence] = []) {
            found.append(Finding(id: exceptionPrefix + what, severity: .error, message: message, evidence: evidence))
        }
        for (other, state) in context.taskStates.sorted(by: { $0.key < $1.key }) where other != task.id && state != "done" {
            add("unfinished/\(other)", "\(other) is \(state), not done")
        }
        for other in context.decertified.sorted() {
            add("decertified/\(other)", "\(other) was approved, but the books it read changed since: it must be decided again")
        }
        for (other, findings) in context.approvedFindings.sorted(by: { $0.key < $1.key }) {
            for finding in findings where finding.severity == .error {
                add("finding/\(finding.id)", "\(other) was approved with an error open: \(finding.message)", [Evidence(kind: "finding", id: finding.id)])
            }
        }
        for gap in try statementGaps(snapshot: snapshot, period: context.period) { add(gap.id, gap.message) }
        return found
    }

    /// A bank account without a statement reaching the period end: "no-statement/DE01/1010"
    /// or "statement-short/DE01/1010", and what is wrong.
    public struct StatementGap: Sendable, Equatable {
        public var id: String
        public var account: BankAccount
        /// The closing date of its last statement in the period; nil: none closes in it.
        public var lastClosing: CalendarDate?
        public var message: String
    }

    /// The period's last business day: a statement may end there rather than on a weekend.
    public static func statementDeadline(_ period: PeriodID) -> CalendarDate {
        var lastDay = period.lastDay
        while lastDay.isWeekend { lastDay = lastDay.adding(days: -1) }
        return lastDay
    }

    /// Every bank account of the group whose statements do not reach the period end, in
    /// entity and account order (the lock's exceptions, and `close check` before the close).
    public static func statementGaps(snapshot: any LedgerSnapshot, period: PeriodID) throws -> [StatementGap] {
        let deadline = statementDeadline(period)
        var gaps: [StatementGap] = []
        for account in snapshot.group.bankAccounts.sorted(by: { ($0.entity, $0.account) < ($1.entity, $1.account) }) {
            let scope = "\(account.entity)/\(account.account)"
            let statements = try snapshot.bankStatements(entity: account.entity, account: account.account, period: period)
            guard let closing = statements.map(\.closingDate).max() else {
                gaps.append(StatementGap(id: "no-statement/\(scope)", account: account, lastClosing: nil,
                                         message: "no bank statement of \(scope) (\(account.iban)) closes in \(period)"))
                continue
            }
            if closing < deadline {
                gaps.append(StatementGap(id: "statement-short/\(scope)", account: account, lastClosing: closing,
                                         message: "the last statement of \(scope) (\(account.iban)) ends \(closing), before the end of \(period)"))
            }
        }
        return gaps
    }
}
