import LedgerCore

/// Where a proposal waits: the roles and users who may approve it, whether two must, by
/// when (simulated hours), and who was added because it was overdue. The engine writes
/// `description` into the audit chain each time the route is made or changes.
public struct Route: Sendable, Hashable, Codable {
    /// The task id, e.g. "bank-reconciliation/DE01/1000".
    public var task: String
    /// Role names in ladder order (accountant, controller, cfo).
    public var roles: [String]
    /// The group's users holding those roles, sorted by name. `route` leaves out the version's
    /// preparer (an overrider); `Authorization` refuses them whatever the route lists.
    public var users: [String]
    public var twoApprovers: Bool
    public var deadlineHours: Int
    /// Roles added because the decision was overdue, in the order added.
    public var escalations: [String]
    /// One line for the audit chain, e.g.
    /// "cut-off 0.00 USD -> controller (bob), cfo (carol); one approver; decide within 24h".
    public var description: String

    public init(task: String, roles: [String], users: [String], twoApprovers: Bool, deadlineHours: Int,
                escalations: [String] = [], description: String) {
        self.task = task
        self.roles = roles
        self.users = users
        self.twoApprovers = twoApprovers
        self.deadlineHours = deadlineHours
        self.escalations = escalations
        self.description = description
    }
}

/// The approval workflow as a rule-based agent: pure and deterministic, like the close
/// agents, so the same proposal, policy and group always give the same route. It grants
/// nothing: `Authorization` alone decides whether a decision stands, so a role added by
/// escalation that the policy does not name for the task is told of it but cannot approve.
public enum ApprovalRouter {
    /// Routes to every role whose limit covers the amount, and the group's users with those roles.
    public static func route(_ proposal: Proposal, amountMinor: Int64, currency: Currency, policy: Policy,
                             group: GroupDefinition) -> Route {
        let rule = policy.rule(for: proposal.taskKind)
        let roles = Role.approvalLadder.filter { rule.mayApprove($0, amountMinor: amountMinor) }
        let excluded = proposal.preparedBy  // whoever overrode this version cannot approve it
        let users = roles.flatMap { Self.users(with: $0, in: group, excluding: excluded) }.sorted()
        let twoApprovers = rule.needsTwoApprovers(amountMinor: amountMinor)
        var parts = ["\(proposal.task) \(Money(minorUnits: amountMinor, currency: currency)) -> "
            + (roles.isEmpty ? "no role" : roles.map { holders($0, group, excluded) }.joined(separator: ", "))]
        parts.append(twoApprovers ? "two distinct approvers" : "one approver")
        parts.append("decide within \(rule.decideWithinHours)h")
        if users.count < (twoApprovers ? 2 : 1) {
            parts.append(users.isEmpty ? "no eligible user" : "only one eligible user")
        }
        return Route(task: proposal.task, roles: roles.map(\.rawValue), users: users, twoApprovers: twoApprovers,
                     deadlineHours: rule.decideWithinHours, description: parts.joined(separator: "; "))
    }

    /// Once `elapsedHours` passes the deadline, adds the next role up the ladder above the
    /// route's highest role, and one more for every further full deadline (25h with a 24h
    /// deadline: one; 49h: two). Idempotent: the roles already added count. Returns the route
    /// unchanged when nothing is due or no role is left above, so the engine audits a change only.
    public static func escalate(_ route: Route, elapsedHours: Int, group: GroupDefinition) -> Route {
        precondition(route.deadlineHours > 0, "a route's deadline is at least an hour")
        let due = elapsedHours > 0 ? (elapsedHours - 1) / route.deadlineHours : 0
        var escalated = route
        while escalated.escalations.count < due, let next = nextRoleUp(from: escalated.roles) {
            let added = users(with: next, in: group, excluding: nil)
            escalated.roles.append(next.rawValue)
            escalated.users = Array(Set(escalated.users + added)).sorted()
            escalated.escalations.append(next.rawValue)
            let overdue = route.deadlineHours * escalated.escalations.count
            escalated.description += "; overdue after \(overdue)h: escalated to \(holders(next, group, nil))"
        }
        return escalated
    }

    /// The first role of the ladder above every role in the route (accountant when it has none).
    static func nextRoleUp(from roles: [String]) -> Role? {
        let highest = roles.compactMap { name in Role.approvalLadder.firstIndex { $0.rawValue == name } }.max()
        let index = highest.map { $0 + 1 } ?? 0
        return index < Role.approvalLadder.count ? Role.approvalLadder[index] : nil
    }

    private static func users(with role: Role, in group: GroupDefinition, excluding excluded: String?) -> [String] {
        group.users.filter { $0.role == role && $0.name != excluded }.map(\.name).sorted()
    }

    /// "controller (bob, erin)" or "cfo (nobody)".
    private static func holders(_ role: Role, _ group: GroupDefinition, _ excluded: String?) -> String {
        let names = users(with: role, in: group, excluding: excluded)
        return "\(role.rawValue) (\(names.isEmpty ? "nobody" : names.joined(separator: ", ")))"
    }
}
