import Agents
import Foundation
import Governance
import LedgerCore
import LedgerStore

/// The bank reconciliation of one task's account in the standard form, recomputed now by the
/// agent's own computation (read-only, like `close report reconciliation`).
public typealias ReconciliationForm = ReconciliationFigures

extension ReconciliationFigures {
    static func build(store: LedgerStore, task: AgentTask, period: PeriodID) throws -> ReconciliationFigures? {
        let policy = try store.currentPolicy().map { try PolicyFile.parse($0.text, file: "policy v\($0.version)", currency: store.group.currency) }
            ?? PolicyFile.defaultPolicy(currency: store.group.currency)
        return try BankReconciliationAgent().figures(task, snapshot: StoreSnapshot(store: store),
                                                     context: AgentContext(period: period, policy: policy, taskStates: [:], seed: 0, hour: 0))
    }
}
