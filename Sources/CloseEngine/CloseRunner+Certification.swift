import Agents
import Governance
import LedgerCore
import LedgerStore

/// Approvals bound to their evidence (what BlackLine calls decertification): a proposal
/// records the state of the books it read; a waiting proposal whose books changed is stale
/// and is prepared again before anyone approves it; a done step whose books changed after
/// its approval is decertified, goes back to be prepared and decided again, and the lock
/// waits for it. Changes the close itself posted do not count (`InputBinding`).
extension CloseRunner {
    /// One pass before the run prepares and asks: sends back every decertified done step and
    /// every stale waiting one, and re-checks a waiting lock that was not ready. True when
    /// anything went back (the run has work to do again).
    func recertify(_ run: CloseRunRecord, policy: Policy) throws -> Bool {
        var changed = false
        let binding = InputBinding(store: store, period: period)
        var memo: [String: String] = [:]
        let tasks = try store.tasks(of: run)
        var lockWaits = false
        for task in tasks where task.state == .done || task.state == .proposed {
            guard task.kind != "lock" else { continue }
            let changes = try binding.changes(try latest(task.task, run: run), memo: &memo)
            guard !changes.isEmpty else { continue }
            let kind = task.state == .done ? "task.decertified" : "task.reset"
            let why = (task.state == .done ? "decertified: the books it read changed after its approval: " : "stale: the books it read changed before its approval: ")
                + changes.joined(separator: "; ")
            try store.resetTask(task.task, of: run, kind: kind, reason: why)
            emit(kind == "task.decertified" ? "task.decertified" : "task.stale", task: task.task, message: why + "; it is prepared again")
            changed = true
            lockWaits = true
        }
        if let lock = tasks.first(where: { $0.kind == "lock" && $0.state == .proposed }) {
            let current = try latest(lock.task, run: run)
            let again = lockWaits ? "a step it depends on went back" : try lockReadinessChanged(lock, current, run: run, policy: policy)
            if let again {
                try store.resetTask(lock.task, of: run, kind: "task.reset", reason: again)
                emit("task.reset", task: lock.task, message: "\(again); the lock is prepared again")
                changed = true
            }
        }
        return changed
    }

    /// Why the lock's agent version no longer says what the books say now (its exceptions
    /// differ), or nil. An override of the lock is left alone: a human wrote it.
    private func lockReadinessChanged(_ lock: CloseTaskRecord, _ current: Proposal, run: CloseRunRecord, policy: Policy) throws -> String? {
        guard current.preparedBy.hasPrefix("agent:") else { return nil }
        let tasks = try store.tasks(of: run)
        var context = AgentContext(period: period, policy: policy, taskStates: Dictionary(uniqueKeysWithValues: tasks.map { ($0.task, $0.state.rawValue) }),
                                   seed: seed, hour: 0)
        context.decertified = try decertified(run).keys.sorted()
        context.approvedFindings = try approvedFindings(run, tasks: tasks)
        let now = try LockAgent.exceptions(agentTask(lock), snapshot: StoreSnapshot(store: store), context: context).map(\.id)
        let then = current.findings.map(\.id).filter { $0.hasPrefix(LockAgent.exceptionPrefix) }
        return now == then ? nil : "the lock's exceptions changed (\(then.count) then, \(now.count) now)"
    }

    /// A waiting task's books changed since its current version was prepared: what changed, or nil.
    func staleness(_ task: CloseTaskRecord, run: CloseRunRecord) throws -> String? {
        let changes = try InputBinding(store: store, period: period).changes(try latest(task.task, run: run))
        return changes.isEmpty ? nil : changes.joined(separator: "; ")
    }

    /// Done steps (the lock aside) whose books changed after their approval, with what changed.
    public func decertified(_ run: CloseRunRecord) throws -> [String: String] {
        let binding = InputBinding(store: store, period: period)
        var memo: [String: String] = [:]
        var found: [String: String] = [:]
        for task in try store.tasks(of: run) where task.state == .done && task.kind != "lock" {
            let changes = try binding.changes(try latest(task.task, run: run), memo: &memo)
            if !changes.isEmpty { found[task.task] = changes.joined(separator: "; ") }
        }
        return found
    }

    /// The findings of each done task's approved (latest) version.
    func approvedFindings(_ run: CloseRunRecord, tasks: [CloseTaskRecord]) throws -> [String: [Finding]] {
        var findings: [String: [Finding]] = [:]
        for task in tasks where task.state == .done {
            findings[task.task] = try latest(task.task, run: run).findings
        }
        return findings
    }

    /// The latest version an agent prepared (what an override edits and is scoped by).
    func agentVersion(_ task: String, run: CloseRunRecord) throws -> Proposal {
        guard let record = try store.proposals(of: run, task: task).filter({ $0.preparedBy.hasPrefix("agent:") })
            .max(by: { $0.version < $1.version }) else {
            throw LedgerError(.unknownEntry, "task \(task) has no version prepared by its agent", at: SourceLocation(field: "TASK"))
        }
        return try ProposalCodec.decode(record.payload)
    }

    /// Approving a lock that is not ready would finish the close with the period open: refused.
    /// Locking over the exceptions is an override that names each of them.
    static func refuseNotReadyLock(_ pending: PendingDecision) throws {
        if let notReady = notReadyLock(pending) {
            throw LedgerError(.notPermitted, notReady, at: SourceLocation(field: "TASK"))
        }
    }

    /// Why a waiting lock cannot be approved, or nil when it can (or it is not the lock).
    static func notReadyLock(_ pending: PendingDecision) -> String? {
        let exceptions = pending.proposal.findings.map(\.id).filter { $0.hasPrefix(LockAgent.exceptionPrefix) }
        guard pending.task.kind == "lock", pending.proposal.periodActions.isEmpty, !exceptions.isEmpty else { return nil }
        return "the lock of this close is not ready (\(exceptions.count) exception(s): \(exceptions.joined(separator: ", "))); fix them and run the close again, or lock over them with `close override lock` naming each exception in --reason"
    }

    /// The rows a decision relies on, checked against their seals when they are used: the
    /// decider (when a user of the group), the run and the policy version it pinned, the task,
    /// the proposal version, and the decisions already recorded on it (a first approval).
    /// An edit made outside the ledger is refused here, before anything is written.
    func requireSealedBasis(_ pending: PendingDecision, user: String?, run: CloseRunRecord) throws {
        var rows: [SealedRow] = [.run(run.id), .policyVersion(run.policyVersion), .task(run: run.id, task: pending.task.task),
                                 .proposal(run: run.id, task: pending.task.task, version: pending.record.version),
                                 .decisions(run: run.id, task: pending.task.task)]
        if let user, store.group.user(user) != nil { rows.append(.user(user)) }
        try store.requireSealed(rows)
    }

    private func latest(_ task: String, run: CloseRunRecord) throws -> Proposal {
        try decoded.proposal(try latestProposal(task, run: run))
    }
}
