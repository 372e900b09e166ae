import Governance
import LedgerCore

/// Error detection and resolution for one entity and period: duplicate entries, balances left
/// on suspense, expenses booked to the wrong entity, subledgers that do not tie to their
/// control accounts (the rules are in `Errors/`). It never edits: every correction is a
/// reversal or a new entry, each with its rule, confidence and explanation; where a rule is
/// not sure, a finding lists the candidates instead. Runs after the bank reconciliation, which
/// corrects what the bank shows (charges, interest) and only lists ledger lines the bank does
/// not show; this agent proposes nothing for a bank item.
public struct ErrorResolutionAgent: CloseAgent {
    public let name = "error-resolution"
    public init() {}

    public func prepare(_ task: AgentTask, snapshot: any LedgerSnapshot, context: AgentContext) throws -> Proposal {
        guard let code = task.entity, let entity = snapshot.group.entity(code) else {
            throw LedgerError(.invalidEntry, "the error resolution is per entity; task \(task.id) names none of the group")
        }
        let period = context.period
        let snapshot = MemoizedSnapshot(snapshot)
        let lines = try snapshot.postedLines(entity: code, from: period.firstDay, through: period.lastDay, accounts: nil)
        let scope = ErrorScope(task: task, entity: entity, period: period, accounts: context.policy.accounts,
                               group: snapshot.group, entries: BookedEntry.group(lines))
        var result = ErrorResult()
        result.add(try DuplicateEntries().detect(scope))
        result.add(try SuspenseClearing().detect(scope, snapshot: snapshot))
        result.add(try WrongEntityExpenses().detect(scope, snapshot: snapshot))
        result.add(try SubledgerTieOut().detect(scope, snapshot: snapshot))

        let summary = "Checked \(scope.entries.count) entries of \(code) in \(period): \(result.notes.joined(separator: "; ")). "
            + (result.entries.isEmpty ? "Nothing to correct" : "Proposes \(result.entries.count) correcting entr\(result.entries.count == 1 ? "y" : "ies") (reversals and re-postings, never edits)")
            + (result.findings.isEmpty ? "." : "; \(result.findings.count) finding(s) for a human.")
        return Proposal(task: task.id, taskKind: task.kind, preparedBy: "agent:\(name)", summary: summary,
                        entries: result.entries, findings: result.findings, evidence: Self.unique(result.evidence))
    }

    /// Each row once, in the order first cited.
    private static func unique(_ evidence: [Evidence]) -> [Evidence] {
        var seen = Set<Evidence>()
        return evidence.filter { seen.insert($0).inserted }
    }
}
