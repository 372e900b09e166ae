import CloseEngine
import LedgerCore
import LedgerStore
import Simulation

/// The engine's close summary with, for a ledger loaded from a scenario, what the close did
/// about each injected fault: what `close report close-summary`, `close run` and `close
/// demo` print. The JSON is the summary's keys plus `scenario` and `faults`.
public struct ScoredCloseSummary: Sendable, Encodable {
    public var summary: CloseSummary
    public var scenario: String?
    public var faults: [FaultOutcome]?

    public static func of(_ run: CloseRunRecord, store: LedgerStore) throws -> ScoredCloseSummary {
        var scored = ScoredCloseSummary(summary: try CloseSummary.of(run, store: store))
        if let truth = try store.scenarioTruth(), truth.period == run.period {
            scored.scenario = truth.scenario
            scored.faults = try FaultOutcome.evaluate(try truth.decodedFaults(), run: run, store: store)
        }
        return scored
    }

    enum CodingKeys: String, CodingKey { case scenario, faults }

    /// One flat object: the summary's own keys, then the scenario's.
    public func encode(to encoder: any Encoder) throws {
        try summary.encode(to: encoder)
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encodeIfPresent(scenario, forKey: .scenario)
        try container.encodeIfPresent(faults, forKey: .faults)
    }

    public func text() -> String {
        summary.text(subtitle: scenario.map { "scenario \($0)" }, sections: faults.map(Self.text) ?? "")
    }

    /// One line of counts, then a line for every fault a human has not accepted or that
    /// another agent than the expected one dealt with.
    static func text(_ faults: [FaultOutcome]) -> String {
        let counts = Dictionary(grouping: faults, by: \.outcome).mapValues(\.count)
        let withoutHuman = faults.filter { $0.outcome == .resolved && $0.byHuman == false }.count
        var out = "injected faults: \(faults.count); " + FaultOutcome.Outcome.allCases.map { outcome in
            "\(outcome.rawValue) \(counts[outcome] ?? 0)" + (outcome == .resolved && withoutHuman > 0 ? " (\(withoutHuman) posted without a human)" : "")
        }.joined(separator: ", ") + "\n"
        for fault in faults {
            let unexpected = fault.outcome != .missed && !fault.byExpectedAgent
            guard fault.outcome == .missed || fault.outcome == .raised || fault.outcome == .postedWithoutHuman || unexpected else { continue }
            var line = "  \(fault.outcome.rawValue): \(fault.id) (\(fault.kind), \(fault.entity)); expected agent \(fault.expectedAgent)"
            if unexpected { line += ", handled by \(fault.handledBy.joined(separator: ", ")) instead" }
            if fault.outcome == .missed, !fault.tasks.isEmpty { line += "; rejected in \(fault.tasks.joined(separator: ", "))" }
            out += line + "\n"
        }
        return out
    }

    public func html() -> String {
        guard let faults else { return summary.html() }
        var section = "<h2>Injected faults</h2>\n<table><tr><th>fault</th><th>kind</th><th>entity</th><th>outcome</th><th>by a human</th>"
            + "<th>expected agent</th><th>handled by</th><th>tasks</th><th>what a correct close does</th></tr>\n"
        for fault in faults {
            let human = fault.byHuman.map { $0 ? "yes" : "no" } ?? "-"
            section += "<tr class=\"\(fault.outcome.rawValue)\"><td>\(CloseSummary.escape(fault.id))</td><td>\(CloseSummary.escape(fault.kind))</td>"
                + "<td>\(CloseSummary.escape(fault.entity))</td><td>\(fault.outcome.rawValue)</td><td>\(human)</td>"
                + "<td>\(CloseSummary.escape(fault.expectedAgent))</td><td>\(fault.handledBy.map(CloseSummary.escape).joined(separator: "<br>"))</td>"
                + "<td>\(fault.tasks.map(CloseSummary.escape).joined(separator: "<br>"))</td><td>\(CloseSummary.escape(fault.expected))</td></tr>\n"
        }
        section += "</table>\n"
        let resolved = faults.filter { $0.outcome == .resolved }.count
        return summary.html(subtitle: scenario.map { "scenario \($0)" }, sections: section,
                            figures: [("\(resolved) of \(faults.count)", "injected faults resolved")])
    }
}
