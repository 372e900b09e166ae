import Foundation
import Governance
import LedgerCore
import Testing

@Suite("Approval router: routes and escalation in simulated time")
struct ApprovalRouterTests {
    typealias F = GovernanceFixtures

    func route(_ proposal: Proposal = F.proposal(), amount: Int64 = 0, policy: Policy = F.policy,
               group: GroupDefinition = F.group()) -> Route {
        ApprovalRouter.route(proposal, amountMinor: amount, currency: .usd, policy: policy, group: group)
    }

    @Test("Cut-off goes to the controllers and the CFO, users sorted by name")
    func cutOff() {
        let route = route(F.proposal("cut-off", kind: "cut-off"))
        #expect(route.roles == ["controller", "cfo"])
        #expect(route.users == ["bob", "carol", "erin"])
        #expect(!route.twoApprovers)
        #expect(route.deadlineHours == 24)
        #expect(route.escalations.isEmpty)
        #expect(route.description == "cut-off 0.00 USD -> controller (bob, erin), cfo (carol); one approver; decide within 24h")
    }

    @Test("Only roles whose limit covers the amount; two approvers above the threshold")
    func amountBands() {
        #expect(route(amount: F.usd(5_000)).roles == ["accountant", "controller", "cfo"])
        #expect(route(amount: F.usd(50_000)).roles == ["controller", "cfo"])
        // The controller has no upper limit in the default policy: above 250,000.00 two people
        // of the controller and CFO roles approve, so a one-CFO group is never stuck.
        let large = route(amount: F.usd(5_000_000))
        #expect(large.roles == ["controller", "cfo"])
        #expect(large.twoApprovers)
        #expect(large.description.contains("5000000.00 USD -> controller (bob, erin), cfo (carol); two distinct approvers"))
        #expect(!large.description.contains("eligible user"))
    }

    @Test("The overrider of a version is not routed to approve it")
    func overriderLeftOut() {
        let route = route(F.proposal(preparedBy: "bob", version: 2), amount: F.usd(50_000))
        #expect(route.users == ["carol", "erin"])
        #expect(route.description.contains("controller (erin)"))
    }

    @Test("No eligible user: the route says so")
    func noEligibleUser() {
        let route = route(F.proposal("lock", kind: "lock"), group: F.group(users: [F.alice, F.dave]))
        #expect(route.users.isEmpty)
        #expect(route.description == "lock 0.00 USD -> controller (nobody), cfo (nobody); one approver; decide within 8h; no eligible user")
        // Nothing above the CFO: escalation changes nothing.
        #expect(ApprovalRouter.escalate(route, elapsedHours: 100, group: F.group(users: [F.alice, F.dave])) == route)
    }

    /// Accruals approved by accountants only, so escalation has roles to climb.
    static let accountantsOnly: Policy = {
        let text = F.policyText(extraTask: "accruals: {approvers: [{role: accountant}]}")
        return try! PolicyFile.parse(text, file: "p.yaml", currency: .usd)
    }()

    @Test("Overdue once: the next role up is added; twice: the one above; then nothing is left")
    func escalation() {
        let start = route(amount: F.usd(5_000), policy: Self.accountantsOnly)
        #expect(start.roles == ["accountant"])
        #expect(ApprovalRouter.escalate(start, elapsedHours: 24, group: F.group()) == start)  // not yet overdue

        let once = ApprovalRouter.escalate(start, elapsedHours: 25, group: F.group())
        #expect(once.roles == ["accountant", "controller"])
        #expect(once.users == ["alice", "bob", "erin"])
        #expect(once.escalations == ["controller"])
        #expect(once.description == start.description + "; overdue after 24h: escalated to controller (bob, erin)")
        #expect(ApprovalRouter.escalate(start, elapsedHours: 48, group: F.group()) == once)

        let twice = ApprovalRouter.escalate(start, elapsedHours: 49, group: F.group())
        #expect(twice.escalations == ["controller", "cfo"])
        #expect(twice.users == ["alice", "bob", "carol", "erin"])
        #expect(twice.description.hasSuffix("; overdue after 48h: escalated to cfo (carol)"))
        #expect(ApprovalRouter.escalate(start, elapsedHours: 1_000, group: F.group()) == twice)
    }

    @Test("Escalation is idempotent: roles already added count")
    func idempotent() {
        let start = route(amount: F.usd(5_000), policy: Self.accountantsOnly)
        let once = ApprovalRouter.escalate(start, elapsedHours: 30, group: F.group())
        #expect(ApprovalRouter.escalate(once, elapsedHours: 30, group: F.group()) == once)
        #expect(ApprovalRouter.escalate(once, elapsedHours: 60, group: F.group())
                == ApprovalRouter.escalate(start, elapsedHours: 60, group: F.group()))
    }

    @Test("A route encodes and decodes unchanged (the engine stores it)")
    func codable() throws {
        let route = ApprovalRouter.escalate(route(amount: F.usd(5_000), policy: Self.accountantsOnly), elapsedHours: 25, group: F.group())
        let data = try JSONEncoder().encode(route)
        #expect(try JSONDecoder().decode(Route.self, from: data) == route)
    }
}
