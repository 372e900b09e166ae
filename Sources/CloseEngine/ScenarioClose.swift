import Foundation
import Governance
import LedgerCore
import LedgerStore
import Simulation

/// The close of generated books, start to finish, as the demo, the bench and the tests run
/// it: a new ledger with the scenario's books, its period closed under the default template
/// and policy, every step decided by scripted humans. It exists once, here.
public enum ScenarioClose {
    public struct Result {
        public var store: LedgerStore
        public var run: CloseRunRecord
        public var outcome: RunOutcome
        public var summary: CloseSummary
        public var loaded: LoadSummary
    }

    /// Writes the books into a new ledger at `path` (in memory when nil) and closes the
    /// scenario's period with `decisions` (the built-in demo decisions by default). The
    /// caller closes `result.store`.
    public static func run(_ books: GeneratedBooks, at path: String?, clock: LedgerClock, decisions: DecisionScript? = nil,
                           owner: String, events: @escaping (CloseEvent) -> Void = { _ in }) throws -> Result {
        let (store, loaded) = try load(books, at: path, clock: clock)
        return try close(books, in: store, loaded: loaded, decisions: decisions, owner: owner, events: events)
    }

    /// A new ledger at `path` (in memory when nil) holding the books. The group is not held
    /// to the default policy here: a scenario may simulate a group the policy cannot govern,
    /// which `close check` then lists and `close run` refuses to start.
    public static func load(_ books: GeneratedBooks, at path: String?, clock: LedgerClock,
                            progress: (_ done: Int, _ total: Int) -> Void = { _, _ in }) throws -> (LedgerStore, LoadSummary) {
        guard let path else {
            let store = try LedgerStore.create(at: nil, group: books.scenario.group, clock: clock)
            return (store, try ScenarioLoader.load(books, into: store, progress: progress))
        }
        let loaded = try ScenarioLoader.createLedger(books, at: path, clock: clock, progress: progress)
        return (try LedgerStore.open(at: path, clock: clock), loaded)
    }

    /// Closes the scenario's period in a ledger that holds its books, under the default
    /// policy or `policy` (a policy text the group's CFO sets first, with its checks).
    public static func close(_ books: GeneratedBooks, in store: LedgerStore, loaded: LoadSummary = LoadSummary(),
                             policy: String? = nil, decisions: DecisionScript? = nil, owner: String,
                             events: @escaping (CloseEvent) -> Void = { _ in }) throws -> Result {
        try close(books.scenario, in: store, loaded: loaded, policy: policy, decisions: decisions, owner: owner, events: events)
    }

    /// The same from the scenario alone: once its books are loaded, a caller can let them go
    /// before the close (the books of `large` are half a gigabyte the close never reads).
    public static func close(_ scenario: Scenario, in store: LedgerStore, loaded: LoadSummary = LoadSummary(),
                             policy: String? = nil, decisions: DecisionScript? = nil, owner: String,
                             events: @escaping (CloseEvent) -> Void = { _ in }) throws -> Result {
        let script = try decisions ?? DecisionScriptFile.parse(DemoDecisions.text, file: "built-in demo decisions")
        if let policy {
            guard let cfo = store.group.users.first(where: { $0.role == .cfo }) else {
                throw LedgerError(.notPermitted, "the group has no CFO to set the policy of this close")
            }
            try CloseSession(store: store).setPolicy(policy, file: "scenario policy", user: cfo.name, reason: "the policy of this scenario close")
        }
        // Scenarios plant faults on purpose (a missing statement is one): their close shows
        // what the agents do with them rather than refusing to start.
        let open = try CloseSession(store: store).open(period: scenario.period, template: try CloseTemplateFile.defaultTemplate(),
                                                       user: "system", owner: owner, seed: scenario.seed, requireReady: false,
                                                       events: events)
        defer { open.release() }
        var decider = ScriptedDecisions(script)
        let outcome = try open.run(decider: &decider)
        return Result(store: store, run: open.run, outcome: outcome, summary: try CloseSummary.of(open.run, store: store), loaded: loaded)
    }
}
