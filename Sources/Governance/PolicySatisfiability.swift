import LedgerCore

/// Whether the group's users can satisfy a policy: for every task kind and every amount
/// band, at least as many distinct users may approve as the band requires. A policy that
/// fails this would leave some close step waiting forever (one CFO cannot be two approvers),
/// so `policy set` and `init` refuse it and the message names the band and the roles.
public enum PolicySatisfiability {
    /// One band of one task kind that nobody, or too few people, can approve.
    public struct Gap: Sendable, Equatable, CustomStringConvertible {
        public var taskKind: String
        /// The band's amounts, minor units of the group currency: above `fromMinor`
        /// (nil: from 0 inclusive) up to `toMinor` (nil: no upper end).
        public var fromMinor: Int64?
        public var toMinor: Int64?
        public var required: Int
        /// The users who may approve in the band, "name (role)".
        public var eligible: [String]
        /// Roles the policy names for the band that no user of the group holds.
        public var rolesWithoutUsers: [Role]
        public var currency: Currency

        public var description: String {
            let band: String
            switch (fromMinor, toMinor) {
            case (nil, nil): band = "at any amount"
            case (nil, let to?): band = "up to \(Self.format(to, currency))"
            case (let from?, nil): band = "above \(Self.format(from, currency))"
            case (let from?, let to?): band = "above \(Self.format(from, currency)) up to \(Self.format(to, currency))"
            }
            let who = eligible.isEmpty ? "nobody in the group may approve, even after escalation"
                : "only \(eligible.joined(separator: ", ")) may approve, even after escalation"
            let missing = rolesWithoutUsers.isEmpty ? "" : "; no user holds the role \(rolesWithoutUsers.map(\.rawValue).joined(separator: ", "))"
            let needs = required == 1 ? "one approver" : "\(required) distinct approvers"
            return "\(taskKind) tasks \(band) need \(needs) but \(who)\(missing)"
        }

        static func format(_ minor: Int64, _ currency: Currency) -> String {
            "\(Decimal10.format(minor, scale: currency.exponent)) \(currency.code)"
        }
    }

    /// Every band of every task kind the group cannot approve, in task-kind order
    /// ("default" for kinds without an entry of their own). Empty: the policy is satisfiable.
    public static func gaps(_ policy: Policy, group: GroupDefinition, taskKinds: [String] = []) -> [Gap] {
        var rules: [(String, TaskPolicy)] = [("default", policy.defaults)]
        for kind in Set(policy.tasks.keys).union(taskKinds).sorted() {
            rules.append((kind, policy.rule(for: kind)))
        }
        return rules.flatMap { kind, rule in gaps(rule, kind: kind, group: group, currency: policy.currency) }
    }

    /// A readable refusal, or nil when the policy is satisfiable.
    public static func problem(_ policy: Policy, group: GroupDefinition, taskKinds: [String] = []) -> String? {
        let found = gaps(policy, group: group, taskKinds: taskKinds)
        guard !found.isEmpty else { return nil }
        let users = group.users.map { "\($0.name) (\($0.role.rawValue))" }.joined(separator: ", ")
        return "the group's users cannot satisfy this policy, so some close steps could never be approved: "
            + found.map(\.description).joined(separator: "; ")
            + ". The group's users: \(users.isEmpty ? "none" : users). Give those bands a role that enough users hold, or lower two_approvers_above."
    }

    /// The roles that can come to decide a band: those whose limit covers it, and, since an
    /// undecided proposal escalates up the ladder one role per missed deadline (`ApprovalRouter`),
    /// every role above the highest of them (the whole ladder when none covers it). A band is
    /// stuck only when even they are too few: above the CFO there is nobody to escalate to.
    static func reachable(_ covering: [Role]) -> [Role] {
        let ladder = Role.approvalLadder
        let top = covering.compactMap { ladder.firstIndex(of: $0) }.max()
        let above = ladder[(top.map { $0 + 1 } ?? 0)...]
        return covering + above.filter { !covering.contains($0) }
    }

    /// The bands of one rule: cut at every limit and at the two-approver threshold, each
    /// checked at its largest amount (or just above its lower end when it has no upper end),
    /// where the fewest roles may approve and the most approvers are required.
    static func gaps(_ rule: TaskPolicy, kind: String, group: GroupDefinition, currency: Currency) -> [Gap] {
        var cuts = Set(rule.approvers.compactMap(\.upToMinor))
        if let threshold = rule.twoApproversAboveMinor { cuts.insert(threshold) }
        let ordered = cuts.sorted()
        var bands: [(from: Int64?, to: Int64?)] = []
        var lower: Int64?
        for cut in ordered {
            bands.append((lower, cut))
            lower = cut
        }
        bands.append((lower, nil))
        var found: [Gap] = []
        for band in bands {
            // The hardest amount of the band: its top, or one above its bottom when open-ended.
            let probe = band.to ?? (band.from.map { $0 == .max ? $0 : $0 + 1 } ?? 0)
            let roles = reachable(rule.approvers.filter { $0.covers(probe) }.map(\.role))
            let eligible = group.users.filter { roles.contains($0.role) }.map { "\($0.name) (\($0.role.rawValue))" }
            let required = rule.needsTwoApprovers(amountMinor: probe) ? 2 : 1
            guard eligible.count < required else { continue }
            let missing = roles.filter { role in !group.users.contains { $0.role == role } }
            found.append(Gap(taskKind: kind, fromMinor: band.from, toMinor: band.to, required: required, eligible: eligible,
                             rolesWithoutUsers: missing, currency: currency))
        }
        return found
    }
}
