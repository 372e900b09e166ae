import Crypto
import GRDB
import LedgerCore

/// The scenario a ledger was generated from and its injected faults, as the manifest's JSON.
public struct ScenarioTruth: Sendable, Equatable {
    public var scenario: String
    public var seed: String
    public var period: PeriodID
    /// The manifest's `faults` array, JSON.
    public var faults: String

    public init(scenario: String, seed: String, period: PeriodID, faults: String) {
        self.scenario = scenario
        self.seed = seed
        self.period = period
        self.faults = faults
    }
}

extension LedgerStore {
    /// Records where generated books came from; once per ledger, audited.
    public func recordScenarioTruth(_ truth: ScenarioTruth, actor: String) throws {
        try requireWriter(actor, allowsSystem: true)
        try transaction { db in
            if let recorded = try String.fetchOne(db, sql: "SELECT scenario FROM scenario_truth WHERE id = 1") {
                throw LedgerError(.databaseState, "this ledger already holds the books of scenario \(recorded); load \(truth.scenario) into a new one")
            }
            try db.execute(sql: "INSERT INTO scenario_truth (id, scenario, seed, period, faults) VALUES (1, ?, ?, ?, ?)",
                           arguments: [truth.scenario, truth.seed, truth.period.description, truth.faults])
            var audit = try AuditAppender(db, clock: clock)
            try audit.append(db, actor: actor, kind: "scenario.truth-recorded", subject: truth.scenario,
                             payload: "seed=\(truth.seed) period=\(truth.period) faults-sha256=\(Hex.encode(Array(SHA256.hash(data: Array(truth.faults.utf8)))))")
        }
    }

    /// The scenario the books came from, or nil for books that did not come from one.
    public func scenarioTruth() throws -> ScenarioTruth? {
        try read { db in
            try Row.fetchOne(db, sql: "SELECT * FROM scenario_truth WHERE id = 1").map { row in
                ScenarioTruth(scenario: row["scenario"], seed: row["seed"], period: try PeriodID(parsing: row["period"]), faults: row["faults"])
            }
        }
    }
}
