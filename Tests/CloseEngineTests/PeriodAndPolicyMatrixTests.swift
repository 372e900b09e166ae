import Foundation
import Testing
import Governance
import Interchange
import LedgerCore
import LedgerStore
@testable import CloseEngine

/// The governance matrix extended to what changes the rules and the periods themselves:
/// each role of the demo group against soft-close, close, reopen and policy set, outside a
/// close, through the front door the CLI uses.
@Suite struct PeriodAndPolicyMatrixTests {
    enum Action: String, CaseIterable, Sendable { case softClose, close, reopen, policySet }
    enum Expected: Sendable, Equatable { case done, refused(LedgerError.Code) }

    static let may = try! PeriodID(parsing: "2026-05")

    /// Per user: soft-close, close, reopen (asks or confirms), policy set.
    static let matrix: [String: [Expected]] = [
        "alice": [.refused(.notPermitted), .refused(.notPermitted), .refused(.notPermitted), .refused(.notPermitted)],
        "bob": [.done, .done, .done, .refused(.notPermitted)],
        "carol": [.done, .done, .done, .done],
        "dave": [.refused(.notPermitted), .refused(.notPermitted), .refused(.notPermitted), .refused(.notPermitted)],
        "mallory": [.refused(.unknownUser), .refused(.unknownUser), .refused(.unknownUser), .refused(.unknownUser)],
        "system": [.refused(.unknownUser), .refused(.unknownUser), .refused(.unknownUser), .refused(.unknownUser)],
    ]

    /// A fresh demo-group ledger with US01's May in the state the action starts from.
    static func session(for action: Action) throws -> CloseSession {
        let store = try LedgerStore.create(at: nil, group: DemoGroup.definition(), clock: .fixed("2026-06-01T09:00:00Z"))
        let session = CloseSession(store: store)
        if action == .close || action == .reopen {
            try session.changePeriod(may, to: .softClosed, entity: "US01", user: "bob", reason: nil)
        }
        return session
    }

    @Test("Who may change periods and the policy", arguments: ["alice", "bob", "carol", "dave", "mallory", "system"], Action.allCases)
    func matrix(user: String, action: Action) throws {
        let expected = try #require(Self.matrix[user])[Action.allCases.firstIndex(of: action)!]
        let session = try Self.session(for: action)
        let events = try session.store.auditEventCount()
        let act = {
            switch action {
            case .softClose: _ = try session.changePeriod(Self.may, to: .softClosed, entity: "US01", user: user, reason: nil)
            case .close: _ = try session.changePeriod(Self.may, to: .closed, entity: "US01", user: user, reason: nil)
            case .reopen: _ = try session.reopenPeriod(Self.may, entity: "US01", user: user, reason: "late invoice")
            case .policySet:
                _ = try session.setPolicy(PolicyFile.defaultText.replacingOccurrences(of: "decide_within_hours: 24", with: "decide_within_hours: 12"),
                                          file: "p.yaml", user: user, reason: "faster escalation")
            }
        }
        switch expected {
        case .done:
            try act()
            #expect(try session.store.auditEventCount() > events)
        case .refused(let code):
            let error = #expect(throws: LedgerError.self) { try act() }
            #expect(error?.code == code, "\(user) \(action): \(error?.message ?? "")")
            #expect(try session.store.auditEventCount() == events, "a refusal writes nothing")
        }
    }
}
