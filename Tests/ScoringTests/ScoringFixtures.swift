import Foundation
import CloseEngine
import LedgerStore
import Simulation
@testable import Scoring

/// Scripted closes of the built-in scenarios, made once per test process: a close of the
/// demo takes seconds, and several suites read the same one.
enum ScoringFixtures {
    private static let cache = Cache()

    static func close(_ name: String) throws -> ScoredScenario {
        try cache.close(name)
    }

    static func score(_ name: String) throws -> CloseScore {
        try CloseScore.of(try close(name))
    }

    static func index(_ close: ScoredScenario) throws -> FaultIndex {
        let truth = try close.store.scenarioTruth()?.decodedFaults() ?? []
        return try FaultIndex(truth, documents: try close.store.documents(keys: truth.flatMap { $0.rows.compactMap(\.journal_entry) }))
    }

    private final class Cache: @unchecked Sendable {
        private let lock = NSLock()
        private var closes: [String: ScoredScenario] = [:]

        func close(_ name: String) throws -> ScoredScenario {
            lock.lock()
            defer { lock.unlock() }
            if let close = closes[name] { return close }
            let close = try ScoredScenario.run(try Generator.generate(try BuiltInScenarios.scenario(named: name)))
            closes[name] = close
            return close
        }
    }
}
