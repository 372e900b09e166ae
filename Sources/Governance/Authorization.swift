import LedgerCore

/// Segregation of duties: whether a user may make a decision on one proposal version under
/// the policy. Pure: the caller (the engine) looks up the user, sizes the proposal in the
/// group currency and collects the earlier approvals; this says yes (with what follows) or
/// refuses with a message naming the user, the role, the task and the amount.
public enum Authorization {
    public enum Outcome: Sendable, Hashable {
        /// Complete: the version may be committed.
        case approved
        /// A valid first approval above `two_approvers_above`: a different user must approve too.
        case needsSecondApprover
        case rejected
        /// The caller makes the edited entries a new version prepared by this user.
        case overridden
        case deferred
    }

    /// - Parameters:
    ///   - user: the group's user named `userName`, nil when the group has none.
    ///   - amountMinor: the proposal's size in minor units of the group currency (0 or more).
    ///   - earlierApprovals: approvals already recorded for this task (other versions are ignored).
    public static func check(_ decision: Decision, user: User?, userName: String, proposal: Proposal, amountMinor: Int64,
                             earlierApprovals: [Decision], policy: Policy) throws(LedgerError) -> Outcome {
        // Caller bugs, not user errors: the decision, the user and the proposal must agree.
        precondition(decision.user == userName && decision.task == proposal.task, "decision does not match its user or task")
        precondition(user.map { $0.name == userName } ?? true, "user record does not match the name")
        precondition(amountMinor >= 0, "a proposal's size is 0 or more")

        let amount = Money(minorUnits: amountMinor, currency: policy.currency)
        let task = "\(proposal.task) (\(proposal.taskKind), \(amount))"
        if userName.hasPrefix("agent:") {
            throw refusal("\(userName) is an agent: an agent never approves or decides; a human decides \(task)")
        }
        guard let user else {
            throw LedgerError(.unknownUser, "unknown user '\(userName)': only a user of the group definition may decide \(task) (--as USER or CLOSE_USER)",
                              at: SourceLocation(field: "--as"))
        }
        let who = "\(user.name) (\(user.role.rawValue))"
        guard user.role != .auditor else {
            throw refusal("\(who) may not \(verb(decision.kind)) \(task): the auditor reads everything and decides nothing")
        }
        guard decision.version == proposal.version else {
            throw refusal("\(who) decided version \(decision.version) of \(task), but the current version is \(proposal.version); review it again")
        }
        if decision.kind == .reject || decision.kind == .override {
            guard !decision.reason.allSatisfy(\.isWhitespace) else {
                throw LedgerError(.notPermitted, "\(who) must give a reason to \(verb(decision.kind)) \(task)",
                                  at: SourceLocation(field: "--reason"))
            }
        }
        let rule = policy.rule(for: proposal.taskKind)
        switch decision.kind {
        case .defer_:
            return .deferred
        case .reject, .override:
            // Anyone the policy lets approve this task kind, at some amount, may send it back or edit it.
            guard rule.limit(for: user.role) != nil else {
                throw refusal("\(who) may not \(verb(decision.kind)) \(task): the policy lets only \(describe(rule, policy.currency)) decide \(proposal.taskKind) tasks")
            }
            return decision.kind == .reject ? .rejected : .overridden
        case .approve:
            return try approve(decision, user: user, who: who, task: task, proposal: proposal, amountMinor: amountMinor,
                               earlierApprovals: earlierApprovals, rule: rule, currency: policy.currency)
        }
    }

    /// True only under `post-within-limits` and at or below `post_within`: the default policy
    /// never lets an agent post alone.
    public static func mayPostWithoutHuman(amountMinor: Int64, policy: Policy, taskKind: String) -> Bool {
        let rule = policy.rule(for: taskKind)
        return rule.autonomy == .postWithinLimits && amountMinor >= 0 && amountMinor <= rule.postWithinMinor
    }

    private static func approve(_ decision: Decision, user: User, who: String, task: String, proposal: Proposal, amountMinor: Int64,
                                earlierApprovals: [Decision], rule: TaskPolicy, currency: Currency) throws(LedgerError) -> Outcome {
        guard proposal.preparedBy != user.name else {
            throw refusal("\(who) prepared version \(proposal.version) of \(task) and may not approve it: whoever overrides a proposal cannot approve that version")
        }
        guard let limit = rule.limit(for: user.role) else {
            throw refusal("\(who) may not approve \(task): the policy lets only \(describe(rule, currency)) approve \(proposal.taskKind) tasks")
        }
        guard limit.covers(amountMinor) else {
            let upTo = Money(minorUnits: limit.upToMinor ?? 0, currency: currency)
            let covering = rule.approvers.filter { $0.covers(amountMinor) }.map(\.role.rawValue)
            let others = covering.isEmpty ? "no role may approve this amount" : "at this amount only \(covering.joined(separator: ", ")) may approve"
            throw refusal("\(who) may not approve \(task): the \(user.role.rawValue)'s limit for \(proposal.taskKind) tasks is \(upTo); \(others)")
        }
        guard rule.needsTwoApprovers(amountMinor: amountMinor) else { return .approved }
        let approvers = Set(earlierApprovals.filter { $0.kind == .approve && $0.task == proposal.task && $0.version == proposal.version }.map(\.user))
        guard !approvers.contains(user.name) else {
            let threshold = Money(minorUnits: rule.twoApproversAboveMinor ?? 0, currency: currency)
            throw refusal("\(who) already approved version \(proposal.version) of \(task); above \(threshold) a second, different user must approve")
        }
        return approvers.isEmpty ? .needsSecondApprover : .approved
    }

    /// "accountant up to 10000.00 USD, controller up to 1000000.00 USD, cfo (no limit)".
    static func describe(_ rule: TaskPolicy, _ currency: Currency) -> String {
        rule.approvers.map { limit in
            limit.upToMinor.map { "\(limit.role.rawValue) up to \(Money(minorUnits: $0, currency: currency))" }
                ?? "\(limit.role.rawValue) (no limit)"
        }.joined(separator: ", ")
    }

    private static func verb(_ kind: DecisionKind) -> String { kind.rawValue }

    private static func refusal(_ message: String) -> LedgerError {
        LedgerError(.notPermitted, message, at: SourceLocation(field: "--as"))
    }
}
