import CloseEngine
import Foundation
import Governance
import LedgerCore
import LedgerStore
import Simulation

/// A scenario's books loaded into a ledger in memory and closed with the demo's scripted
/// decisions (Fixtures/decisions/demo.yaml), as `close demo` and `close bench close` do:
/// what `close scenario score` compares with the manifest.
public struct ScenarioClose {
    public let books: GeneratedBooks
    public let store: LedgerStore
    public let run: CloseRunRecord
    public let outcome: RunOutcome

    /// The default policy without the controller's upper limit, as `close bench close` uses:
    /// a scaled-up group has steps above it that a group with one CFO could never approve
    /// (two distinct approvers), and a step nobody may approve would stop the agents after it.
    public static let policy = PolicyFile.defaultText.replacingOccurrences(
        of: "    - {role: controller, up_to: \"1000000\"}\n", with: "    - {role: controller}\n")

    /// Closes the books; `policy` replaces the one above (e.g. to raise an agent's autonomy).
    public static func run(_ books: GeneratedBooks, policy: String = ScenarioClose.policy,
                           decisions: DecisionScript? = nil) throws -> ScenarioClose {
        let scenario = books.scenario
        let store = try LedgerStore.create(at: nil, group: scenario.group, clock: .fixed("\(scenario.period.next.firstDay)T09:00:00Z"))
        try ScenarioLoader.load(books, into: store)
        _ = try PolicyFile.parse(policy, file: "scoring policy", currency: scenario.group.currency)
        try store.setPolicy(policy, actor: "system", reason: "scenario score: limits for a group of any scale")
        let runner = CloseRunner(store: store, period: scenario.period, seed: scenario.seed)
        let run = try runner.prepareRun(template: CloseTemplateFile.defaultTemplate(), actor: "system", owner: "score")
        var decider = ScriptedDecisions(try decisions ?? DecisionScriptFile.parse(DemoDecisions.text, file: "built-in demo decisions"))
        let outcome = try runner.run(run, decider: &decider)
        // Read again: the record of the run as it ended (closed or not), not as it started.
        return ScenarioClose(books: books, store: store, run: try store.closeRun(period: scenario.period) ?? run, outcome: outcome)
    }

    /// "closed", "waiting" or "blocked".
    public var state: String {
        switch outcome {
        case .closed: "closed"
        case .waiting: "waiting"
        case .blocked: "blocked"
        }
    }
}
