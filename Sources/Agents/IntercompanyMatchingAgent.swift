import Governance
import LedgerCore

/// Intercompany matching of one entity pair for the period: pairs each side's intercompany
/// items with the partner's mirror items (`IntercompanyMatcher`), gives every difference a
/// reason code, and proposes the entries a rule can justify (`IntercompanyCorrections`).
/// Amount disputes go to a human; fx differences stay in the entities' books and are
/// eliminated to the intercompany-difference account at consolidation.
public struct IntercompanyMatchingAgent: CloseAgent {
    public let name = "intercompany-matching"
    public var matcher = IntercompanyMatcher()

    public init() {}

    public func prepare(_ task: AgentTask, snapshot: any LedgerSnapshot, context: AgentContext) throws -> Proposal {
        guard let first = task.entity, let second = task.partner else {
            throw LedgerError(.invalidEntry, "intercompany matching is per entity pair; task \(task.id) names none")
        }
        let input = try IntercompanyInput.read(from: snapshot, first: first, second: second, period: context.period)
        let result = try matcher.match(input)
        // The mirror of a missing or late counterpart books on the policy's intercompany accounts.
        let corrections = IntercompanyCorrections(result: result, mirrorAccounts: context.policy.accounts.intercompanyMirrors).entries()
        var entries: [ProposedEntry] = []
        for index in corrections.keys.sorted() {
            guard let entry = corrections[index], !entries.contains(entry) else { continue }
            entries.append(entry)
        }
        var findings: [Finding] = []
        var ids = Set<String>()
        for (index, difference) in result.differences.enumerated() where difference.reason != .fxDifference {
            var id = "\(task.id)/\(difference.reason.rawValue)/\(difference.items[0].label)"
            while !ids.insert(id).inserted { id += "+" }
            findings.append(Finding(id: id, severity: .warning,
                                    message: "[\(difference.reason.rawValue)] \(difference.explanation); \(action(difference, entry: corrections[index], period: context.period))",
                                    evidence: difference.items.map { Evidence(kind: "journal-line", id: $0.label) }))
        }
        findings += fxFindings(result, task: task, policy: context.policy)
        let evidence = result.matches.map { match in
            Evidence(kind: "match", id: "\(match.first.label) = \(match.second.label) [\(match.rule)] \(match.first.reference)")
        } + input.rates.closing.keys.sorted().flatMap { currency in
            [("closing", input.rates.closing[currency]), ("average", input.rates.average[currency])].compactMap { type, rate in
                rate.map { Evidence(kind: "rate", id: "\(currency)/\(input.rates.groupCurrency) \(type) \($0.evidenceText)") }
            }
        }
        return Proposal(task: task.id, taskKind: task.kind, preparedBy: "agent:\(name)",
                        summary: summary(result, entries: entries.count), entries: entries, findings: findings, evidence: evidence)
    }

    private func action(_ difference: IntercompanyDifference, entry: ProposedEntry?, period: PeriodID) -> String {
        if let entry {
            return "proposed: \(entry.description) in \(entry.entity) [\(entry.rule)]"
        }
        switch difference.reason {
        case .amountDispute: return "a human decides which side is right; nothing is proposed"
        case .timing: return "the balances agree at the end of \(period); the results differ by the cut-off and are eliminated with reason timing"
        case .wrongPartner: return "\(difference.correctIn ?? "a human") corrects the partner; no entry here"
        case .missingCounterpart: return "a human books the counterpart in \(difference.correctIn ?? "the partner"): no rule can write all of its lines"
        case .fxDifference: return "nothing to book in the entities"
        }
    }

    /// One finding per class: fx differences are many and small, and none is booked.
    private func fxFindings(_ result: IntercompanyResult, task: AgentTask, policy: Policy) -> [Finding] {
        let fx = result.differences(.fxDifference)
        return [IntercompanyClass.balance, .result].compactMap { itemClass in
            let differences = fx.filter { $0.items[0].itemClass == itemClass }
            guard !differences.isEmpty else { return nil }
            let total = differences.reduce(Int128(0)) { $0 + Int128($1.groupMinor) }
            let totalText = Int64(exactly: total).map { Decimal10.format($0, scale: result.groupCurrency.exponent) } ?? "\(total) minor units"
            return Finding(id: "\(task.id)/fx-difference/\(itemClass.rawValue)", severity: .info,
                           message: "[fx-difference] \(differences.count) matched \(itemClass == .balance ? "balance" : "revenue/expense") item(s) agree in transaction currency but differ in \(result.groupCurrency) at the \(itemClass == .balance ? "closing" : "average") rate, net \(totalText) \(result.groupCurrency); nothing to book in the entities: the consolidation eliminates it to \(policy.accounts.intercompanyDifference)",
                           evidence: differences.map { Evidence(kind: "fx-difference", id: "\($0.items[0].label) = \($0.items[1].label) \(Decimal10.format($0.groupMinor, scale: result.groupCurrency.exponent)) \(result.groupCurrency)") })
        }
    }

    private func summary(_ result: IntercompanyResult, entries: Int) -> String {
        let byReference = result.matches.filter { $0.rule == "reference" }.count
        let counts = IntercompanyReasonCode.allCases.compactMap { reason -> String? in
            let count = result.differences(reason).count
            return count == 0 ? nil : "\(count) \(reason.rawValue)"
        }
        return "Matched \(result.first)-\(result.second) for \(result.period): \(result.matches.count) item pairs matched "
            + "(\(byReference) by reference, \(result.matches.count - byReference) by amount and date); "
            + (counts.isEmpty ? "no differences" : "differences: \(counts.joined(separator: ", "))")
            + "; \(entries) entr\(entries == 1 ? "y" : "ies") proposed."
    }
}
