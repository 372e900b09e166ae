import Foundation
import Governance
import LedgerCore
import PropertyBased
import Testing

@Suite("Policy satisfiability: every band of every task kind has enough approvers")
struct PolicySatisfiabilityTests {
    typealias F = GovernanceFixtures

    /// Finding 5 of the governance issue: under the old default (the controller up to
    /// 1,000,000, only the CFO above it, two approvers above 250,000) a group with one CFO
    /// could never approve a step above 1,000,000.
    @Test("The old default policy deadlocks a one-CFO group above 1,000,000; the message names band and users")
    func oldDefaultIsRefused() throws {
        let old = PolicyFile.defaultText.replacingOccurrences(of: "    - {role: controller}\n",
                                                              with: "    - {role: controller, up_to: \"1000000\"}\n")
        let policy = try PolicyFile.parse(old, file: "old.yaml", currency: .usd)
        let group = F.group(users: [F.alice, F.bob, F.carol, F.dave])
        let gaps = PolicySatisfiability.gaps(policy, group: group, taskKinds: ["accruals"])
        #expect(gaps.map(\.taskKind) == ["default", "accruals"])
        #expect(gaps.first?.fromMinor == F.usd(1_000_000) && gaps.first?.toMinor == nil && gaps.first?.required == 2)
        #expect(gaps.first?.eligible == ["carol (cfo)"])
        let message = try #require(PolicySatisfiability.problem(policy, group: group))
        #expect(message.contains("default tasks above 1000000.00 USD need 2 distinct approvers but only carol (cfo) may approve, even after escalation"))
    }

    @Test("The default policy is satisfiable by the demo group's users: one accountant, controller and CFO")
    func defaultIsSatisfiable() {
        let group = F.group(users: [F.alice, F.bob, F.carol, F.dave])
        #expect(PolicySatisfiability.gaps(F.policy, group: group, taskKinds: ["accruals", "lock", "cut-off"]).isEmpty)
    }

    @Test("A group without a CFO: the bands above two_approvers_above still work with two controllers, not with one")
    func oneControllerNoCFO() {
        let lone = PolicySatisfiability.gaps(F.policy, group: F.group(users: [F.alice, F.bob]))
        #expect(!lone.isEmpty)
        #expect(lone.allSatisfy { $0.required == 2 && $0.eligible == ["bob (controller)"] && $0.rolesWithoutUsers == [.cfo] })
        #expect(PolicySatisfiability.gaps(F.policy, group: F.group(users: [F.alice, F.bob, F.erin])).isEmpty)
    }

    @Test("Escalation counts: an accountant-only task reaches the controller and the CFO when overdue")
    func escalationReachesUp() throws {
        let text = F.policyText(extraTask: "final-review: {approvers: [{role: accountant}]}")
        let policy = try PolicyFile.parse(text, file: "p.yaml", currency: .usd)
        #expect(PolicySatisfiability.gaps(policy, group: F.group(users: [F.alice, F.bob, F.carol])).isEmpty)
    }

    @Test("A role with no user: a band only the CFO may approve, in a group without a CFO, is refused naming the role")
    func roleWithoutUser() throws {
        let text = F.policyText(extraTask: "accruals: {approvers: [{role: cfo}]}")
        let policy = try PolicyFile.parse(text, file: "p.yaml", currency: .usd)
        let gaps = PolicySatisfiability.gaps(policy, group: F.group(users: [F.alice, F.bob, F.erin]))
        let accruals = try #require(gaps.first { $0.taskKind == "accruals" })
        #expect(accruals.eligible.isEmpty && accruals.rolesWithoutUsers == [.cfo])
        #expect(accruals.description.contains("nobody in the group may approve, even after escalation; no user holds the role cfo"))
    }

    /// Property: a band reported as satisfiable really has enough eligible users at every
    /// amount probed, and a reported gap really lacks them (checked against Authorization's
    /// own rules, so the two can never drift apart).
    @Test("Satisfiability agrees with the rules at random amounts and random groups")
    func agreesWithTheRules() async {
        let roles: [Role] = [.accountant, .controller, .cfo, .auditor]
        await propertyCheck(input: Gen.int(in: 0...255), Gen<Int64>.value(in: 0...200_000_000)) { mask, amount in
            var users: [User] = []
            for (index, role) in roles.enumerated() {
                for copy in 0..<((mask >> (2 * index)) & 3) {
                    users.append(User(name: "\(role.rawValue)\(copy)", displayName: "", role: role))
                }
            }
            let group = F.group(users: users)
            let rule = F.policy.defaults
            // Who may approve now, and every role up the ladder above them (escalation).
            let ladder: [Role] = [.accountant, .controller, .cfo]
            let top = ladder.lastIndex { rule.mayApprove($0, amountMinor: amount) }
            let reachable = ladder.enumerated().filter { index, role in rule.mayApprove(role, amountMinor: amount) || index > (top ?? -1) }.map(\.element)
            let eligible = users.filter { reachable.contains($0.role) }.count
            let required = rule.needsTwoApprovers(amountMinor: amount) ? 2 : 1
            let gaps = PolicySatisfiability.gaps(F.policy, group: group).filter { $0.taskKind == "default" }
            let inGap = gaps.contains { gap in
                (gap.fromMinor.map { amount > $0 } ?? true) && (gap.toMinor.map { amount <= $0 } ?? true)
            }
            #expect(inGap == (eligible < required))
        }
    }
}
