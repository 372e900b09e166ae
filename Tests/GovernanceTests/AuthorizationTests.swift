import Governance
import LedgerCore
import Testing

@Suite("Authorization: segregation of duties under the policy")
struct AuthorizationTests {
    typealias F = GovernanceFixtures

    enum Expected: Sendable { case approved, needsSecond, refused }

    /// The default policy's amount bands (USD): 0, 5,000.00, 50,000.00, 500,000.00, 5,000,000.00.
    static let bands: [Int64] = [0, 5_000, 50_000, 500_000, 5_000_000].map(F.usd)

    /// The governance matrix, one column per band: the accountant up to 10,000.00, the
    /// controller and the CFO without limit, two distinct approvers above 250,000.00 (so a
    /// group with one controller and one CFO can approve every band), and the auditor never.
    static let matrix: [Role: [Expected]] = [
        .accountant: [.approved, .approved, .refused, .refused, .refused],
        .controller: [.approved, .approved, .approved, .needsSecond, .needsSecond],
        .cfo: [.approved, .approved, .approved, .needsSecond, .needsSecond],
        .auditor: [.refused, .refused, .refused, .refused, .refused],
    ]

    static func user(_ role: Role) -> User {
        [F.alice, F.bob, F.carol, F.dave].first { $0.role == role }!
    }

    func check(_ kind: DecisionKind, by user: User?, name: String? = nil, reason: String = "checked",
               proposal: Proposal = F.proposal(), amountMinor: Int64 = 0, earlier: [Decision] = [],
               policy: Policy = F.policy) throws(LedgerError) -> Authorization.Outcome {
        let userName = name ?? user!.name
        let decision = Decision(task: proposal.task, version: proposal.version, kind: kind, user: userName, reason: reason)
        return try Authorization.check(decision, user: user, userName: userName, proposal: proposal, amountMinor: amountMinor,
                                       earlierApprovals: earlier, policy: policy)
    }

    @Test("The governance matrix: who may approve at each amount band", arguments: Role.allCases, 0..<5)
    func matrix(role: Role, band: Int) throws {
        let amount = Self.bands[band]
        let expected = try #require(Self.matrix[role])[band]
        switch expected {
        case .approved:
            #expect(try check(.approve, by: Self.user(role), amountMinor: amount) == .approved)
        case .needsSecond:
            #expect(try check(.approve, by: Self.user(role), amountMinor: amount) == .needsSecondApprover)
        case .refused:
            let error = #expect(throws: LedgerError.self) { try check(.approve, by: Self.user(role), amountMinor: amount) }
            #expect(error?.code == .notPermitted)
            #expect(error?.location?.field == "--as")
            #expect(error?.message.contains(role.rawValue) == true)
            #expect(error?.message.contains(Money(minorUnits: amount, currency: .usd).description) == true)
        }
    }

    @Test("Over the role's limit: the message names the limit and the roles that may approve")
    func overLimitMessage() {
        let error = #expect(throws: LedgerError.self) { try check(.approve, by: F.alice, amountMinor: F.usd(50_000)) }
        #expect(error?.message == "alice (accountant) may not approve accruals/US01 (accruals, 50000.00 USD): "
                + "the accountant's limit for accruals tasks is 10000.00 USD; at this amount only controller, cfo may approve")
    }

    @Test("Above the threshold a second, different approver completes the approval")
    func secondApproverCompletes() throws {
        let amount = F.usd(500_000)
        let first = Decision(task: "accruals/US01", version: 1, kind: .approve, user: "bob", reason: "ok")
        #expect(try check(.approve, by: F.carol, amountMinor: amount, earlier: [first]) == .approved)
        #expect(try check(.approve, by: F.erin, amountMinor: amount, earlier: [first]) == .approved)
    }

    @Test("The same user approving twice above the threshold is refused")
    func sameUserTwice() {
        let first = Decision(task: "accruals/US01", version: 1, kind: .approve, user: "bob", reason: "ok")
        let error = #expect(throws: LedgerError.self) {
            try check(.approve, by: F.bob, amountMinor: F.usd(500_000), earlier: [first])
        }
        #expect(error?.code == .notPermitted)
        #expect(error?.message.contains("bob (controller) already approved version 1") == true)
        #expect(error?.message.contains("250000.00 USD") == true)
    }

    @Test("An approval of another version does not count towards two approvers")
    func otherVersionDoesNotCount() throws {
        let old = Decision(task: "accruals/US01", version: 1, kind: .approve, user: "carol", reason: "ok")
        let proposal = F.proposal(preparedBy: "alice", version: 2)
        #expect(try check(.approve, by: F.bob, proposal: proposal, amountMinor: F.usd(500_000), earlier: [old]) == .needsSecondApprover)
    }

    @Test("An agent never approves")
    func agentApproving() {
        let error = #expect(throws: LedgerError.self) { try check(.approve, by: nil, name: "agent:accruals") }
        #expect(error?.code == .notPermitted)
        #expect(error?.message.contains("agent:accruals is an agent: an agent never approves") == true)
    }

    @Test("Whoever overrides a proposal cannot approve that version; someone else can")
    func preparerApprovingOwnOverride() throws {
        let overridden = F.proposal(preparedBy: "bob", version: 2)
        let error = #expect(throws: LedgerError.self) { try check(.approve, by: F.bob, proposal: overridden) }
        #expect(error?.code == .notPermitted)
        #expect(error?.message.contains("bob (controller) prepared version 2") == true)
        #expect(error?.message.contains("whoever overrides a proposal cannot approve that version") == true)
        #expect(try check(.approve, by: F.carol, proposal: overridden) == .approved)
    }

    @Test("An unknown user is refused by name")
    func unknownUser() {
        let error = #expect(throws: LedgerError.self) { try check(.approve, by: nil, name: "mallory") }
        #expect(error?.code == .unknownUser)
        #expect(error?.location?.field == "--as")
        #expect(error?.message.contains("unknown user 'mallory'") == true)
    }

    @Test("The auditor decides nothing", arguments: DecisionKind.allCases)
    func auditorDeciding(kind: DecisionKind) {
        let error = #expect(throws: LedgerError.self) { try check(kind, by: F.dave) }
        #expect(error?.code == .notPermitted)
        #expect(error?.message.contains("dave (auditor) may not \(kind.rawValue)") == true)
        #expect(error?.message.contains("the auditor reads everything and decides nothing") == true)
    }

    @Test("Reject and override need a reason", arguments: [DecisionKind.reject, .override], ["", "  \n"])
    func reasonRequired(kind: DecisionKind, reason: String) {
        let error = #expect(throws: LedgerError.self) { try check(kind, by: F.bob, reason: reason) }
        #expect(error?.code == .notPermitted)
        #expect(error?.location?.field == "--reason")
        #expect(error?.message.contains("must give a reason to \(kind.rawValue)") == true)
    }

    @Test("Override at any amount by a role the task names; not by a role it does not name")
    func overrideRights() throws {
        #expect(try check(.override, by: F.alice, amountMinor: F.usd(5_000_000)) == .overridden)
        let cutOff = F.proposal("cut-off", kind: "cut-off")
        let error = #expect(throws: LedgerError.self) { try check(.override, by: F.alice, proposal: cutOff) }
        #expect(error?.message.contains("alice (accountant) may not override cut-off") == true)
        #expect(error?.message.contains("controller (no limit), cfo (no limit)") == true)
    }

    @Test("Reject like override; defer by any role but the auditor")
    func rejectAndDefer() throws {
        #expect(try check(.reject, by: F.alice, amountMinor: F.usd(5_000_000)) == .rejected)
        #expect(try check(.defer_, by: F.alice, proposal: F.proposal("cut-off", kind: "cut-off")) == .deferred)
    }

    @Test("A decision on a version that is no longer current is refused")
    func staleVersion() {
        let current = F.proposal(preparedBy: "carol", version: 2)
        let decision = Decision(task: current.task, version: 1, kind: .approve, user: "bob", reason: "")
        let error = #expect(throws: LedgerError.self) {
            try Authorization.check(decision, user: F.bob, userName: "bob", proposal: current, amountMinor: 0,
                                    earlierApprovals: [], policy: F.policy)
        }
        #expect(error?.message.contains("the current version is 2") == true)
    }

    @Test("An agent posts alone only under post-within-limits, at or below post_within")
    func postingWithoutHuman() throws {
        #expect(!Authorization.mayPostWithoutHuman(amountMinor: 0, policy: F.policy, taskKind: "accruals"))
        let text = F.policyText(extraTask: "accruals: {autonomy: post-within-limits, post_within: \"1000.00\"}")
        let policy = try PolicyFile.parse(text, file: "p.yaml", currency: .usd)
        #expect(Authorization.mayPostWithoutHuman(amountMinor: F.usd(1_000), policy: policy, taskKind: "accruals"))
        #expect(!Authorization.mayPostWithoutHuman(amountMinor: F.usd(1_000) + 1, policy: policy, taskKind: "accruals"))
        #expect(!Authorization.mayPostWithoutHuman(amountMinor: 0, policy: policy, taskKind: "cut-off"))
    }
}
