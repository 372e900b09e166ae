import Governance
import LedgerCore
import LedgerStore

/// A proposal as text for the person who decides it, the same at the interactive prompt and
/// in `close show`: what it does (summary, size, route), how sure it is, every entry line by
/// line with debits and credits as decimals in their currency, the period changes, the
/// trial-balance impact, the evidence and the findings. Every field from outside (an agent's
/// text, an overrider's edits) is shown on one line with control characters made visible, so
/// a summary cannot draw lines of its own or hide the entries below it.
public struct ProposalText {
    public var proposal: Proposal
    /// Account names and each entity's functional currency; without it, codes only.
    public var group: GroupDefinition?
    /// The proposal's size in the group currency, as the policy routes it.
    public var size: (minor: Int64, currency: Currency)?
    public var route: String?
    public var hashHex: String?
    /// The most evidence rows listed per kind; nil lists them all.
    public var evidenceLimit: Int?
    /// The trial-balance impact when the agent gave none: the engine's, derived from the
    /// entries (`CloseSession.trialBalanceDiff`), so every proposal that posts shows one.
    public var derivedImpact: [ImpactRow]

    public init(_ proposal: Proposal, group: GroupDefinition?, size: (minor: Int64, currency: Currency)? = nil,
                route: String? = nil, hashHex: String? = nil, evidenceLimit: Int? = nil, derivedImpact: [ImpactRow] = []) {
        self.derivedImpact = derivedImpact
        self.proposal = proposal
        self.group = group
        self.size = size
        self.route = route
        self.hashHex = hashHex
        self.evidenceLimit = evidenceLimit
    }

    /// At the prompt: the whole proposal with the evidence shortened, or all of it (`details`).
    public static func render(_ pending: PendingDecision, group: GroupDefinition?, impact: [ImpactRow], details: Bool) -> String {
        ProposalText(pending.proposal, group: group, size: (pending.amountMinor, pending.currency), route: pending.route.description,
                     hashHex: pending.record.hashHex, evidenceLimit: details ? nil : 8, derivedImpact: impact).render()
    }

    public func render() -> String {
        let p = proposal
        var out = "\n== \(one(p.task)) (\(one(p.taskKind))) v\(p.version), prepared by \(one(p.preparedBy))\n"
        out += "   \(one(p.summary))\n"
        if let size { out += "   size \(Self.amount(size.minor, size.currency.code))" + (route.map { "; route: \(one($0))" } ?? "") + "\n" }
        if let hashHex { out += "   proposal hash \(hashHex)\n" }
        out += "   confidence: \(confidence)\n"
        if !p.periodActions.isEmpty {
            out += "\n   period changes (\(p.periodActions.count))\n"
            for action in p.periodActions { out += "     \(one(action.entity)) \(one(action.period)) -> \(one(action.target))\n" }
        }
        if !p.entries.isEmpty {
            out += "\n   entries (\(p.entries.count))\n"
            for entry in p.entries { out += entryText(entry) }
        }
        out += impactText
        out += evidenceText
        if !p.findings.isEmpty {
            out += "\n   findings (\(p.findings.count))\n"
            for finding in p.findings {
                out += "     \(finding.severity.rawValue): \(one(finding.message))"
                    + (finding.evidence.isEmpty ? "" : " [" + finding.evidence.map { "\(one($0.kind)) \(one($0.id))" }.joined(separator: ", ") + "]") + "\n"
            }
        }
        return out
    }

    /// The proposal's confidence is its least sure entry's: a person approves all or nothing.
    var confidence: String {
        guard let least = proposal.entries.min(by: { $0.confidence < $1.confidence }) else {
            return "no entries to post" + (proposal.periodActions.isEmpty ? "" : "; period changes only")
        }
        let rules = Set(proposal.entries.map(\.rule)).sorted()
        return "\(Self.perMille(least.confidence)) (lowest of \(proposal.entries.count) entr\(proposal.entries.count == 1 ? "y" : "ies"), rule \(one(least.rule)))"
            + (rules.count > 1 ? "; rules \(rules.map(one).joined(separator: ", "))" : "")
    }

    private func entryText(_ entry: ProposedEntry) -> String {
        var out = "\n     \(one(entry.key))  \(one(entry.entity))  \(one(entry.date))  \(one(entry.description))\n"
        out += "       rule \(one(entry.rule)), confidence \(Self.perMille(entry.confidence))"
            + (entry.reverseOn.map { "; reverses on \(one($0))" } ?? "") + "\n"
        if !entry.explanation.isEmpty { out += "       \(one(entry.explanation))\n" }
        let functional = group?.entity(entry.entity)?.currency.code
        let foreign = entry.lines.contains { $0.functionalAmount != nil }
        var table = TextTable(headers: ["account", "name", "debit", "credit", "currency"] + (foreign ? ["functional"] : []) + ["partner", "reference", "description"],
                              rightAligned: foreign ? [2, 3, 5] : [2, 3])
        table.rows = entry.lines.map { line in
            let amount = Self.amount(line.amount, line.currency, withCode: false).drop { $0 == "-" }
            return [line.account, group?.account(line.account)?.name ?? "", line.amount > 0 ? String(amount) : "",
                    line.amount < 0 ? String(amount) : "", line.currency]
                + (foreign ? [line.functionalAmount.map { Self.amount($0, functional ?? line.currency) } ?? ""] : [])
                + [line.partner ?? "", line.reference, line.description]
        }
        return out + indent(table.render(), by: 7)
    }

    private var impactText: String {
        let rows = proposal.impact.isEmpty ? derivedImpact : proposal.impact
        guard !rows.isEmpty else { return "" }
        var table = TextTable(headers: ["entity", "account", "name", "before", "movement", "after", "currency"], rightAligned: [3, 4, 5])
        table.rows = rows.map { row in
            let (movement, overflow) = row.after.subtractingReportingOverflow(row.before)
            return [row.entity, row.account, group?.account(row.account)?.name ?? "",
                    Self.amount(row.before, row.currency, withCode: false),
                    overflow ? "-" : Self.amount(movement, row.currency, withCode: false),
                    Self.amount(row.after, row.currency, withCode: false), row.currency]
        }
        return "\n   trial-balance impact (\(rows.count))\n" + indent(table.render(), by: 5)
    }

    private var evidenceText: String {
        guard !proposal.evidence.isEmpty else { return "" }
        var kinds: [String] = []
        var byKind: [String: [String]] = [:]
        for item in proposal.evidence {
            if byKind[item.kind] == nil { kinds.append(item.kind) }
            byKind[item.kind, default: []].append(item.id)
        }
        var out = "\n   evidence (\(proposal.evidence.count))\n"
        for kind in kinds {
            let ids = byKind[kind] ?? []
            let shown = evidenceLimit.map { Array(ids.prefix($0)) } ?? ids
            let more = ids.count - shown.count
            out += "     \(one(kind)) (\(ids.count)): \(shown.map(one).joined(separator: ", "))" + (more > 0 ? " ... +\(more) ([d]etails lists all)" : "") + "\n"
        }
        return out
    }

    private func indent(_ text: String, by columns: Int) -> String {
        let pad = String(repeating: " ", count: columns)
        return text.split(separator: "\n", omittingEmptySubsequences: false).map { pad + $0 }.joined(separator: "\n") + "\n"
    }

    /// One line of outside text: control characters made visible, amounts in it grouped.
    private func one(_ text: String) -> String { AmountText.grouped(SafeText.visible(text)) }

    /// "65.80 USD", thousands grouped; a currency `close` does not know keeps its minor units.
    static func amount(_ minor: Int64, _ code: String, withCode: Bool = true) -> String {
        guard let currency = try? Currency(code) else { return "\(minor) minor units" + (withCode ? " \(SafeText.visible(code))" : "") }
        let text = Decimal10.format(minor, scale: currency.exponent, grouped: true)
        return withCode ? "\(text) \(currency.code)" : text
    }

    /// 950 -> "95.0%".
    static func perMille(_ value: Int) -> String {
        "\(value / 10).\(abs(value % 10))%"
    }
}
