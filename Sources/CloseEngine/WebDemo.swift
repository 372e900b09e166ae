import Foundation
import Governance
import LedgerCore
import LedgerStore
import Simulation

/// The demo for the web (`close serve --demo`): the demo month loaded, its cut-off approved,
/// and every later step waiting for a person; each demo user with the demo password and, for
/// the deciders, a signing key sealed with it. A demo: everyone's password is printed in the README.
public enum WebDemo {
    public static let password = "close-demo"

    /// Who signs in, and as what.
    public static let people = ["alice (accountant)", "bob (controller)", "carol (CFO)", "dave (auditor, reads only)"]

    static let script = """
        decisions:
          - {task: cut-off, as: bob, decide: approve, reason: "all entities ready for cut-off", after_hours: 2}
        """

    /// A new ledger at `path` (nil: in memory) ready to serve. `salt` gives each sealed key its salt.
    public static func prepare(at path: String?, clock: LedgerClock, rounds: Int = SigningKey.defaultRounds, bcryptCost: UInt8 = CloseSession.defaultBcryptCost,
                               adjust: (inout GeneratedBooks) -> Void = { _ in }, salt: () -> [UInt8]) throws -> LedgerStore {
        var books = try Generator.generate(try BuiltInScenarios.scenario(named: "demo"))
        adjust(&books)  // tests plant hostile text in the books
        let (store, loaded) = try ScenarioClose.load(books, at: path, clock: clock)
        _ = try ScenarioClose.close(books, in: store, loaded: loaded, decisions: try DecisionScriptFile.parse(script, file: "web demo decisions"),
                                    owner: "web demo")
        let session = CloseSession(store: store)
        for user in store.group.users {
            try session.setPassword(user: user.name, password: password, cost: bcryptCost)
            if user.role.mayWrite {
                _ = try session.registerKey(user: user.name, key: .generate(), password: password, salt: salt(), rounds: rounds)
            }
        }
        return store
    }
}
