import Agents
import Foundation
import Governance
import LedgerCore
import LedgerStore

/// One task waiting for a person, as their inbox lists it.
public struct InboxItem: Sendable, Equatable {
    public var task: String
    public var kind: String
    public var entity: String
    public var version: Int
    public var amountMinor: Int64
    /// The policy's band the amount falls in, e.g. "up to 10,000.00 (accountant)" or "two approvers above 250,000.00".
    public var band: String
    /// Simulated hours since the proposal was ready, at the run's latest simulated hour.
    public var ageHours: Int
    /// The simulated business day (8 hours each, from 1) by which the policy wants a decision.
    public var dueBusinessDay: Int
    /// The person may approve it under the policy (not only reject or defer).
    public var mayApprove: Bool
    /// The person opened the evidence of this version.
    public var evidenceOpened: Bool
    /// Ready for a bulk approval: may approve, opened, and not waiting on a second approver they already are.
    public var isReady: Bool { mayApprove && evidenceOpened }
}

extension CloseSession {
    /// The period of the newest close run, or nil when no close has started.
    public func latestPeriod() throws -> PeriodID? {
        try store.latestRunPeriod()
    }

    /// The tasks waiting for `user` in the close of `period`, by the policy's routing: every
    /// proposed task whose route names them and that they have not approved yet; oldest first.
    public func inbox(period: PeriodID, user: String) throws -> [InboxItem] {
        let run = try run(of: period)
        let runner = CloseRunner(store: store, period: period)
        let policy = try runner.policy(of: run)
        let tasks = try store.tasks(of: run)
        let decisions = try store.decisions(of: run)
        let now = max(decisions.map(\.atHour).max() ?? 0, tasks.compactMap(\.doneAtHour).max() ?? 0,
                      try store.proposals(of: run).map(\.readyAtHour).max() ?? 0)
        guard let person = store.group.user(user) else { return [] }
        var items: [InboxItem] = []
        for task in tasks where task.state == .proposed {
            let pending = try runner.pendingDecision(task, run: run, policy: policy)
            guard pending.route.users.contains(user), !pending.approvals.contains(where: { $0.user == user }) else { continue }
            let rule = policy.rule(for: task.kind)
            let mayApprove = rule.mayApprove(person.role, amountMinor: pending.amountMinor) && pending.proposal.preparedBy != user
            items.append(InboxItem(
                task: task.task, kind: task.kind, entity: runner.agentTask(task).entity ?? "group", version: pending.record.version,
                amountMinor: pending.amountMinor, band: Self.band(rule, amountMinor: pending.amountMinor, currency: store.group.currency),
                ageHours: max(0, now - pending.record.readyAtHour),
                dueBusinessDay: (pending.record.readyAtHour + pending.route.deadlineHours - 1) / 8 + 1,
                mayApprove: mayApprove,
                evidenceOpened: try store.evidenceOpened(run: run, task: task.task, version: pending.record.version, user: user)))
        }
        return items.sorted { $0.ageHours != $1.ageHours ? $0.ageHours > $1.ageHours : $0.task < $1.task }
    }

    /// The policy's band for an amount and who may approve in it: "up to 10,000.00: accountant,
    /// controller, cfo", "above 10,000.00: controller, cfo; two approvers above 250,000.00".
    static func band(_ rule: TaskPolicy, amountMinor: Int64, currency: Currency) -> String {
        func format(_ minor: Int64) -> String { Decimal10.format(minor, scale: currency.exponent, grouped: true) }
        let limits = rule.approvers.compactMap(\.upToMinor).sorted()
        let covering = rule.approvers.filter { $0.covers(amountMinor) }.map(\.role.rawValue)
        var text = limits.last { $0 < amountMinor }.map { "above \(format($0))" }
            ?? limits.first { $0 >= amountMinor }.map { "up to \(format($0))" } ?? "any amount"
        text += ": " + (covering.isEmpty ? "nobody" : covering.joined(separator: ", "))
        if let two = rule.twoApproversAboveMinor, amountMinor > two {
            text += "; two approvers above \(format(two))"
        }
        return text
    }

    /// Approves every ready task of `tasks` for `user`, each as its own (signed) decision; a
    /// refusal of one does not stop the others. Returns what happened to each, in order.
    public func bulkApprove(period: PeriodID, tasks: [String], user: String, signer: DecisionSigner?) throws -> [(task: String, outcome: String)] {
        let ready = Set(try inbox(period: period, user: user).filter(\.isReady).map(\.task))
        return tasks.map { task in
            guard ready.contains(task) else { return (task, "not approved: not ready for you (open its evidence first; you must be an approver)") }
            do {
                return (task, try decide(period: period, task: task, choice: .decide(.approve, user: user, reason: "bulk approval", afterHours: 1, secondUser: nil),
                                         signer: signer, requireEvidence: true))
            } catch {
                return (task, "not approved: \(error)")
            }
        }
    }
}
