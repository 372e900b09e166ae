import CloseEngine
import Governance
import LedgerCore
import LedgerStore
import Simulation

/// Every agent of a scenario's close scored against the manifest (docs/scenario-format.md,
/// "Scoring a close"). Each task's proposal as its agent prepared it is compared with the
/// injected faults:
/// - a finding is about the faults whose rows its id names (`FaultIndex.named(byFinding:)`);
/// - an entry fixes the faults that expect an entry of its entity, date, accounts and amounts;
/// - a bank match settles a reference typo or a multi-invoice receipt when it pairs exactly
///   the fault's statement line with exactly its entries.
/// Recall per fault kind: the faults of the kind that their expected agent (`FaultKind.
/// expectedAgent`) named or fixed, over the faults of the kind. Precision per agent (task
/// kind): its flagged items (findings of severity warning or error, entries of a rule that is
/// not routine, `RoutineRules`) that are about or fix an injected fault, over all of them.
public struct CloseScore: Sendable, Encodable {
    public struct KindScore: Sendable, Encodable, Equatable {
        public var kind: String
        public var expectedAgent: String
        public var faults: Int
        /// Faults the expected agent named by a finding, fixed by entries or a match, either.
        public var named: Int
        public var fixed: Int
        public var found: Int
        public var recall: Ratio

        enum CodingKeys: String, CodingKey { case kind, faults, named, fixed, found, recall, expectedAgent = "expected_agent" }
    }

    public struct AgentScore: Sendable, Encodable, Equatable {
        /// The task kind (`flux-review` and `consolidated-flux-review` share an agent and are scored apart).
        public var agent: String
        public var flaggedItems: Int
        /// Flagged items about or fixing an injected fault.
        public var trueItems: Int
        public var precision: Ratio
        /// The other flagged items, so a reader can judge them: finding ids, `entry KEY`.
        public var falseItems: [String]
        /// The fault kinds this agent is expected to deal with, their faults, and those it found.
        public var faultKinds: [String]
        public var faults: Int
        public var found: Int
        public var recall: Ratio

        enum CodingKeys: String, CodingKey {
            case agent, precision, faults, found, recall
            case flaggedItems = "flagged_items", trueItems = "true_items", falseItems = "false_items", faultKinds = "fault_kinds"
        }
    }

    /// One fault: the agents that named or fixed it, and what the close committed about it.
    public struct FaultScore: Sendable, Encodable, Equatable {
        public var id: String
        public var kind: String
        public var entity: String
        public var expectedAgent: String
        public var namedBy: [String]
        public var fixedBy: [String]
        public var found: Bool
        public var outcome: FaultOutcome.Outcome
        public var byHuman: Bool?

        enum CodingKeys: String, CodingKey {
            case id, kind, entity, found, outcome
            case expectedAgent = "expected_agent", namedBy = "named_by", fixedBy = "fixed_by", byHuman = "by_human"
        }
    }

    public var scenario: String
    /// Text: a UInt64 seed may exceed what JSON readers hold exactly.
    public var seed: String
    public var scale: Int
    public var period: String
    /// How the scripted close ended: closed, waiting or blocked.
    public var close: String
    public var kinds: [KindScore]
    public var agents: [AgentScore]
    public var faults: [FaultScore]
    public var bank: BankScore

    enum CodingKeys: String, CodingKey { case scenario, seed, scale, period, close, faults, bank, agents, kinds = "fault_kinds" }
}

extension CloseScore {
    /// Generates nothing: scores a close already run (`ScoredScenario.run`).
    public static func of(_ close: ScoredScenario) throws -> CloseScore {
        let scenario = close.books.scenario
        let truth = try close.store.scenarioTruth()?.decodedFaults() ?? []
        let index = try FaultIndex(truth, documents: try close.store.documents(keys: truth.flatMap { $0.rows.compactMap(\.journal_entry) }))
        let view = try RunView(close.run, store: close.store)
        let outcomes = FaultOutcome.evaluate(index, view: view)
        var tally = Tally(faults: index.faults.count)
        for task in view.tasks {
            guard let proposal = task.agentProposal else { continue }
            try tally.add(proposal, kind: task.kind, index: index)
        }
        var agents = tally.agentOrder.map { agent in
            AgentScore(agent: agent, flaggedItems: tally.flagged[agent, default: 0], trueItems: tally.flaggedTrue[agent, default: 0],
                       precision: Ratio(tally.flaggedTrue[agent, default: 0], of: tally.flagged[agent, default: 0]),
                       falseItems: tally.falseItems[agent, default: []], faultKinds: [], faults: 0, found: 0, recall: Ratio(0, of: 0))
        }
        var faults: [FaultScore] = []
        for (number, fault) in index.faults.enumerated() {
            let named = tally.named[number], fixed = tally.fixed[number]
            let found = named.contains(fault.expectedAgent) || fixed.contains(fault.expectedAgent)
            faults.append(FaultScore(id: fault.truth.id, kind: fault.truth.kind, entity: fault.truth.entity, expectedAgent: fault.expectedAgent,
                                     namedBy: named, fixedBy: fixed, found: found, outcome: outcomes[number].outcome, byHuman: outcomes[number].byHuman))
            if let position = agents.firstIndex(where: { $0.agent == fault.expectedAgent }) {
                if !agents[position].faultKinds.contains(fault.truth.kind) { agents[position].faultKinds.append(fault.truth.kind) }
                agents[position].faults += 1
                agents[position].found += found ? 1 : 0
            }
        }
        for position in agents.indices { agents[position].recall = Ratio(agents[position].found, of: agents[position].faults) }
        let kinds = FaultKind.allCases.compactMap { kind -> KindScore? in
            let scores = faults.filter { $0.kind == kind.rawValue }
            guard !scores.isEmpty else { return nil }
            let named = scores.filter { $0.namedBy.contains(kind.expectedAgent) }.count
            let fixed = scores.filter { $0.fixedBy.contains(kind.expectedAgent) }.count
            let found = scores.filter(\.found).count
            return KindScore(kind: kind.rawValue, expectedAgent: kind.expectedAgent, faults: scores.count, named: named, fixed: fixed,
                             found: found, recall: Ratio(found, of: scores.count))
        }
        let bankProposals = view.tasks.filter { $0.kind == "bank-reconciliation" }.compactMap(\.agentProposal)
        return CloseScore(scenario: scenario.name, seed: String(scenario.seed), scale: scenario.scale, period: scenario.period.description,
                          close: close.state, kinds: kinds, agents: agents, faults: faults,
                          bank: try BankScore.of(close.books, proposals: bankProposals, index: index))
    }

    /// What each agent's proposals claim and fix, counted as `add` reads them.
    private struct Tally {
        var agentOrder: [String] = []
        var flagged: [String: Int] = [:], flaggedTrue: [String: Int] = [:]
        var falseItems: [String: [String]] = [:]
        /// Per fault, the agents whose findings name it and whose entries or match fix it.
        var named: [[String]], fixed: [[String]]
        private var shapes: [String: [EntryShape]] = [:]

        init(faults: Int) {
            named = Array(repeating: [], count: faults)
            fixed = Array(repeating: [], count: faults)
        }

        mutating func add(_ proposal: Proposal, kind: String, index: FaultIndex) throws {
            if !agentOrder.contains(kind) { agentOrder.append(kind) }
            for finding in proposal.findings {
                let faults = index.named(byFinding: finding.id)
                for fault in faults where !named[fault].contains(kind) { named[fault].append(kind) }
                // An info finding claims no problem (a certification, an item in transit, fx differences).
                guard finding.severity != .info else { continue }
                count(kind, item: finding.id, isTrue: !faults.isEmpty)
            }
            var candidates = Set<Int>()
            for entry in proposal.entries {
                let shape = try EntryShape(entry)
                let faults = index.expecting(shape)
                shapes[kind, default: []].append(shape)
                candidates.formUnion(faults)
                guard !RoutineRules.all.contains(entry.rule) else { continue }
                count(kind, item: "entry \(entry.key)", isTrue: !faults.isEmpty)
            }
            for evidence in proposal.evidence {
                for fault in index.settled(byMatch: evidence) where !fixed[fault].contains(kind) { fixed[fault].append(kind) }
            }
            // A fault is fixed by an agent once all its expected entries are among the agent's
            // (in one task or several).
            for fault in candidates.sorted() where !fixed[fault].contains(kind)
                && EntryShape.all(index.faults[fault].expected, amongst: shapes[kind] ?? []) {
                fixed[fault].append(kind)
            }
        }

        private mutating func count(_ kind: String, item: String, isTrue: Bool) {
            flagged[kind, default: 0] += 1
            if isTrue { flaggedTrue[kind, default: 0] += 1 } else { falseItems[kind, default: []].append(item) }
        }
    }
}

/// A share as a count of a whole, printed as a percentage with two decimals ("-" for a whole of 0).
public struct Ratio: Sendable, Equatable, Encodable {
    public var part: Int
    public var whole: Int

    public init(_ part: Int, of whole: Int) {
        self.part = part
        self.whole = whole
    }

    /// Basis points (1/100 of a percent), half-even; nil when the whole is 0.
    public var basisPoints: Int? {
        whole == 0 ? nil : Int(Rounding.divideHalfEven(Int128(part) * 10_000, by: Int128(whole)))
    }

    public var text: String { basisPoints.map(BankScore.percent) ?? "-" }

    /// As JSON: the percentage text, or null when nothing was counted.
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        if basisPoints == nil { try container.encodeNil() } else { try container.encode(text) }
    }
}
