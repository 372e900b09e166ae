import Agents
import Governance
import LedgerCore

/// What an override may change: only what its task may change. Entries of the task's
/// entity or entities (its own, its pair's, and those its agent already proposed entries
/// for), dated in the period being closed; period changes only where the task kind makes
/// them (the cut-off soft-closes, the lock closes), for this period; and a lock that its
/// agent found not ready only with every exception named in the reason. Checked when the
/// override is stored, so nothing outside the task is ever waiting for an approval.
struct OverrideScope {
    let period: PeriodID
    let group: GroupDefinition

    /// The period change each task kind may make; the others make none.
    static let periodTargets: [String: PeriodState] = ["cut-off": .softClosed, "lock": .closed]

    func check(_ edited: Proposal, task: AgentTask, agentVersion: Proposal, reason: String) throws {
        let place = "override of \(task.id)"
        let allowed = Set([task.entity, task.partner].compactMap { $0 } + agentVersion.entries.map(\.entity))
        let nextFirst = period.lastDay.adding(days: 1).description
        for entry in edited.entries {
            guard allowed.contains(entry.entity) else {
                let may = allowed.isEmpty ? "no entries at all (its agent proposed none and it names no entity)" : "entries of \(allowed.sorted().joined(separator: ", ")) only"
                throw refusal("\(place): entry \(entry.key) is for \(entry.entity), but this task may post \(may)", field: "entries")
            }
            guard let date = try? CalendarDate(parsing: entry.date), date >= period.firstDay, date <= period.lastDay else {
                throw refusal("\(place): entry \(entry.key) is dated \(entry.date), outside \(period) (\(period.firstDay) to \(period.lastDay)), the period this close may post to", field: "entries")
            }
            if let reverse = entry.reverseOn, reverse != nextFirst {
                throw refusal("\(place): entry \(entry.key) reverses on \(reverse); a close's entries reverse only on \(nextFirst), the first day of the next period", field: "entries")
            }
        }
        let target = Self.periodTargets[task.kind]
        for action in edited.periodActions {
            guard let target else {
                throw refusal("\(place): \(task.kind) tasks change no period state (only the cut-off soft-closes and the lock closes), but the override asks for \(action.entity) \(action.period) -> \(action.target)", field: "period_actions")
            }
            guard action.period == period.description, action.target == target.rawValue, group.entity(action.entity) != nil else {
                throw refusal("\(place): it may only move \(period) of a group entity to \(target.rawValue); found \(action.entity) \(action.period) -> \(action.target)", field: "period_actions")
            }
        }
        if task.kind == "lock", !edited.periodActions.isEmpty {
            let exceptions = agentVersion.findings.map(\.id).filter { $0.hasPrefix(LockAgent.exceptionPrefix) }
            let unnamed = exceptions.filter { !reason.contains($0) }
            guard unnamed.isEmpty else {
                throw refusal("\(place): the lock agent found \(exceptions.count) exception(s); locking over them needs each one named in --reason with why it is accepted. Not named: \(unnamed.joined(separator: ", "))", field: "--reason")
            }
        }
    }

    private func refusal(_ message: String, field: String) -> LedgerError {
        LedgerError(.notPermitted, message, at: SourceLocation(field: field))
    }
}
