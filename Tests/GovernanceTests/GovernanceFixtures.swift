import Foundation
import Governance
import LedgerCore

/// A small USD group with one user per role and a second controller (erin), the default
/// policy, and proposals of any task kind: what every governance test starts from.
enum GovernanceFixtures {
    static let alice = User(name: "alice", displayName: "Alice", role: .accountant)
    static let bob = User(name: "bob", displayName: "Bob", role: .controller)
    static let carol = User(name: "carol", displayName: "Carol", role: .cfo)
    static let dave = User(name: "dave", displayName: "Dave", role: .auditor)
    static let erin = User(name: "erin", displayName: "Erin", role: .controller)

    static func group(users: [User] = [alice, bob, carol, dave, erin]) -> GroupDefinition {
        GroupDefinition(name: "Governance Group", currency: .usd,
                        entities: [Entity(code: "US01", name: "US Inc", currency: .usd, country: "US")],
                        accounts: [Account(code: "1000", name: "Bank", type: .asset, isBank: true)],
                        users: users)
    }

    static let policy = PolicyFile.defaultPolicy(currency: .usd)

    /// `dollars` whole US dollars in cents.
    static func usd(_ dollars: Int64) -> Int64 { dollars * 100 }

    static func proposal(_ task: String = "accruals/US01", kind: String = "accruals", preparedBy: String = "agent:accruals",
                         version: Int = 1) -> Proposal {
        Proposal(task: task, taskKind: kind, preparedBy: preparedBy, version: version, summary: "test proposal")
    }

    /// The repository's Fixtures/ folder, found from this file so tests run from any directory.
    static func fixturePath(_ relative: String) -> String {
        URL(fileURLWithPath: #filePath)
            .deletingLastPathComponent()  // GovernanceTests
            .deletingLastPathComponent()  // Tests
            .deletingLastPathComponent()  // the package
            .appendingPathComponent("Fixtures").path + "/" + relative
    }
}

extension GovernanceFixtures {
    /// The default policy with one more task entry, for tests that tune one task kind.
    static func policyText(extraTask: String) -> String {
        // Among the `tasks` entries, before the lock (the last section is `reconciliation`).
        PolicyFile.defaultText.replacingOccurrences(of: "  lock: {", with: "  " + extraTask + "\n  lock: {")
    }
}
