import CloseEngine
import Foundation
import Governance
import LedgerCore
import LedgerStore
import Simulation

/// A scenario's books loaded into a ledger in memory and closed by the engine's one close
/// sequence (`CloseEngine.ScenarioClose`) with the demo's scripted decisions, as `close demo`
/// and `close bench close` do: what `close scenario score` compares with the manifest.
public struct ScoredScenario {
    public let books: GeneratedBooks
    public let store: LedgerStore
    public let run: CloseRunRecord
    public let outcome: RunOutcome

    /// Closes the books under the default policy, or under `policy` (set by the group's CFO,
    /// e.g. to raise an agent's autonomy), with the demo decisions unless `decisions` is given.
    public static func run(_ books: GeneratedBooks, policy: String? = nil, decisions: DecisionScript? = nil) throws -> ScoredScenario {
        let scenario = books.scenario
        let (store, loaded) = try ScenarioClose.load(books, at: nil, clock: .fixed("\(scenario.period.next.firstDay)T09:00:00Z"))
        let result = try ScenarioClose.close(books, in: store, loaded: loaded, policy: policy, decisions: decisions, owner: "score")
        // Read again: the record of the run as it ended (closed or not), not as it started.
        return ScoredScenario(books: books, store: store, run: try store.closeRun(period: scenario.period) ?? result.run,
                              outcome: result.outcome)
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
