import Agents
import Governance
import LedgerCore
import LedgerStore

/// What `close approve --ready` did: each task approved (with what the approval did) and
/// each task it looked at and left, with why, so nobody has to guess what is still open.
public struct BulkApproval: Sendable, Equatable {
    public struct Outcome: Sendable, Equatable {
        public var task: String
        public var message: String
    }

    public var approved: [Outcome]
    public var notApproved: [Outcome]
}

extension CloseSession {
    /// Approves every waiting task of the close of `period` that `user` may approve under the
    /// run's pinned policy (routed to them, their role's band covers its amount, not their
    /// own override, not already approved by them), optionally only one task kind or one
    /// entity. Each approval is its own decision through `decide`, checked, recorded and
    /// signed (with `signer`) as a single approval would be; a refusal of one (a stale
    /// proposal, a conflict) is reported and the others go on. Tasks become ready one
    /// `close run` at a time, so this decides what waits now, never what a later pass prepares.
    public func approveReady(period: PeriodID, user: String, kind: String? = nil, entity: String? = nil,
                             reason: String = "", signer: DecisionSigner? = nil) throws -> BulkApproval {
        _ = try writer(user)
        try Self.checkReason(reason)
        let run = try run(of: period)
        let runner = CloseRunner(store: store, period: period)
        let allTasks = try store.tasks(of: run)
        if let kind, !allTasks.contains(where: { $0.kind == kind }) {
            let kinds = Array(Set(allTasks.map(\.kind))).sorted()
            throw LedgerError(.unknownEntry, "the close of \(period) has no task of kind '\(SafeText.excerpt(kind, limit: 40))'\(NearestName.hint(for: kind, in: kinds)); its kinds are \(kinds.joined(separator: ", "))",
                              at: SourceLocation(field: "--kind"))
        }
        if let entity, store.group.entity(entity) == nil {
            let codes = store.group.entities.map(\.code)
            throw LedgerError(.unknownEntity, "unknown entity '\(SafeText.excerpt(entity, limit: 40))'\(NearestName.hint(for: entity, in: codes)); the group has \(codes.joined(separator: ", "))",
                              at: SourceLocation(field: "--entity"))
        }
        let waiting = allTasks.filter { task in
            task.state == .proposed && (kind == nil || task.kind == kind) && (entity == nil || runner.agentTask(task).entity == entity)
        }
        let policy = try runner.policy(of: run)
        let mine = Dictionary(try inbox(period: period, user: user).map { ($0.task, $0) }, uniquingKeysWith: { first, _ in first })
        var result = BulkApproval(approved: [], notApproved: [])
        for task in waiting {
            guard let item = mine[task.task], item.mayApprove else {
                result.notApproved.append(.init(task: task.task, message: try whyNotReady(task, item: mine[task.task], user: user,
                                                                                         runner: runner, run: run, policy: policy)))
                continue
            }
            do {
                let message = try decide(period: period, task: task.task,
                                         choice: .decide(.approve, user: user, reason: reason, afterHours: 1, secondUser: nil),
                                         signer: signer, seenVersion: item.version)
                result.approved.append(.init(task: task.task, message: message))
            } catch {
                result.notApproved.append(.init(task: task.task, message: "\(error)"))
            }
        }
        return result
    }

    /// Why a waiting task is not `user`'s to approve now, in the policy's words.
    private func whyNotReady(_ task: CloseTaskRecord, item: InboxItem?, user: String, runner: CloseRunner,
                             run: CloseRunRecord, policy: Policy) throws -> String {
        let pending = try runner.pendingDecision(task, run: run, policy: policy)
        if pending.approvals.contains(where: { $0.user == user }) {
            return "you approved v\(pending.record.version) already; it waits for a second, distinct approver (\(pending.route.users.filter { $0 != user }.joined(separator: ", ")))"
        }
        if pending.proposal.preparedBy == user {
            return "you prepared v\(pending.record.version) (an override); another approver must approve it"
        }
        let rule = policy.rule(for: task.kind)
        let currency = store.group.currency
        let amount = Decimal10.format(pending.amountMinor, scale: currency.exponent, grouped: true)
        if let role = store.group.user(user)?.role, item != nil || rule.approvers.contains(where: { $0.role == role }),
           !rule.mayApprove(role, amountMinor: pending.amountMinor) {
            return "\(user) (\(role.rawValue)) may not approve \(amount) \(currency) of \(task.kind); \(Self.band(rule, amountMinor: pending.amountMinor, currency: currency))"
        }
        return "routed to \(pending.route.users.isEmpty ? "nobody" : pending.route.users.joined(separator: ", ")), not to \(user): \(AmountText.grouped(pending.route.description))"
    }
}
