import Agents
import Foundation
import Governance
import LedgerCore
import LedgerStore

/// Everything a person needs to decide a task: the latest proposal, what it would do to the
/// trial balance, its earlier versions and the decisions taken on it.
public struct TaskView: Sendable {
    public struct Version: Sendable, Equatable {
        public var version: Int
        public var preparedBy: String
        public var summary: String
        public var hashHex: String
    }

    public var task: String
    public var kind: String
    public var state: String
    public var latest: TaskProposal
    public var amountMinor: Int64
    public var groupCurrency: Currency
    /// Per entity, account and currency: the balance now and after the proposal's entries.
    public var trialBalanceDiff: [ImpactRow]
    public var versions: [Version]
    public var decisions: [DecisionRecord]
    /// For a bank reconciliation: the standard form, recomputed now.
    public var reconciliation: ReconciliationForm?
}

extension CloseSession {
    /// `evidence`: also recompute the bank reconciliation's standard form (the agent's matching,
    /// run now), which only a page showing the evidence needs.
    public func taskView(period: PeriodID, task: String, evidence: Bool = true) throws -> TaskView {
        let run = try run(of: period)
        let tasks = try store.tasks(of: run)
        guard let record = tasks.first(where: { $0.task == task }) else {
            throw LedgerError(.unknownEntry, "the close of \(period) has no task '\(SafeText.excerpt(task, limit: 80))'\(NearestName.hint(for: task, in: tasks.map(\.task)))",
                              at: SourceLocation(field: "TASK"))
        }
        let latest = try show(task: task, period: period)
        let versions = try store.proposals(of: run).filter { $0.task == task }.map { stored in
            TaskView.Version(version: stored.version, preparedBy: stored.preparedBy,
                             summary: (try? ProposalCodec.decode(stored.payload).summary) ?? "", hashHex: stored.hashHex)
        }
        let runner = CloseRunner(store: store, period: period)
        let form = evidence && record.kind == "bank-reconciliation" ? try ReconciliationForm.build(store: store, task: runner.agentTask(record), period: period) : nil
        return TaskView(task: task, kind: record.kind, state: record.state.rawValue, latest: latest,
                        amountMinor: try GroupAmount(store: store).of(latest.proposal), groupCurrency: store.group.currency,
                        trialBalanceDiff: try trialBalanceDiff(latest.proposal, period: period),
                        versions: versions, decisions: try store.decisions(of: run).filter { $0.task == task }, reconciliation: form)
    }

    /// The proposal's effect on the trial balance, derived from its entries whatever the agent
    /// (so a bank reconciliation's fees show too): per entity, account and line currency, the
    /// balance at the period's end now and with the entries. Balances are in the entity's
    /// functional currency; a line in another currency shows its movement only.
    public func trialBalanceDiff(_ proposal: Proposal, period: PeriodID) throws -> [ImpactRow] {
        var movement: [String: (entity: String, account: String, currency: String, amount: Int64)] = [:]
        for entry in proposal.entries {
            for line in entry.lines {
                let key = "\(entry.entity)\u{1F}\(line.account)\u{1F}\(line.currency)"
                let sum = try Checked.add(movement[key]?.amount ?? 0, line.amount, "the movement of \(line.account)")
                movement[key] = (entry.entity, line.account, line.currency, sum)
            }
        }
        var balances: [String: TrialBalance] = [:]
        return try movement.values.sorted { ($0.entity, $0.account, $0.currency) < ($1.entity, $1.account, $1.currency) }.map { item in
            var before: Int64 = 0
            if store.group.entity(item.entity)?.currency.code == item.currency {
                if balances[item.entity] == nil { balances[item.entity] = try store.trialBalance(entity: item.entity, period: period) }
                before = balances[item.entity]?.rows.first { $0.account == item.account }?.balanceMinor ?? 0
            }
            return ImpactRow(entity: item.entity, account: item.account, currency: item.currency, before: before,
                             after: try Checked.add(before, item.amount, "the balance of \(item.account)"))
        }
    }
}
