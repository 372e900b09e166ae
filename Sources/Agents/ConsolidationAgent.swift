import Governance
import LedgerCore

/// Consolidation of the group: translates every operating entity into the group currency
/// (shown, never booked: the entities' ledgers stay in their functional currency) and
/// proposes the elimination entries in the consolidation entity, in the group currency.
/// Eliminations accumulate: each month posts only the change against what the
/// consolidation entity already holds, and nothing is reversed.
public struct ConsolidationAgent: CloseAgent {
    public let name = "consolidation"
    /// The intercompany matching's reason codes for residuals, when it has run.
    public var reasons: ResidualReasons

    public init(reasons: ResidualReasons = [:]) {
        self.reasons = reasons
    }

    public func prepare(_ task: AgentTask, snapshot: any LedgerSnapshot, context: AgentContext) throws -> Proposal {
        let accounts = context.policy.accounts
        guard let consolidation = snapshot.group.consolidationEntity else {
            return Proposal(task: task.id, taskKind: task.kind, preparedBy: "agent:\(name)",
                            summary: "Cannot consolidate \(context.period): the group has no consolidation entity.",
                            findings: [Finding(id: "\(task.id)/no-consolidation-entity", severity: .error,
                                               message: "the group \(snapshot.group.name) has no consolidation entity to hold the eliminations; flag one entity in the group currency with `consolidation: true` in the group file")])
        }
        let reasons = self.reasons.isEmpty ? try Self.matchingReasons(snapshot: snapshot, period: context.period) : self.reasons
        let result = try Consolidation.compute(snapshot: snapshot, period: context.period, accounts: accounts, reasons: reasons)
        let currency = result.currency
        func money(_ minor: Int64) -> String { "\(Decimal10.format(minor, scale: currency.exponent)) \(currency)" }

        var findings: [Finding] = []
        for (entity, rates) in result.missingRates.sorted(by: { $0.key < $1.key }) {
            findings.append(Finding(id: "\(task.id)/missing-rates/\(entity)", severity: .error,
                                    message: "cannot translate \(entity): no \(rates.map { "\($0.type.rawValue) \($0.from)->\(currency) rate for \($0.period)" }.joined(separator: ", ")); import them with `close rates import`, then prepare again"))
        }
        for elimination in result.eliminations where elimination.residualMinor != 0 {
            findings.append(Finding(id: "\(task.id)/residual/\(elimination.pair)/\(elimination.kind.rawValue)", severity: .warning,
                                    message: "\(elimination.pair) \(elimination.kind.rawValue): the sides differ by \(money(elimination.residualMinor)) after translation, left on \(accounts.intercompanyDifference) (reason: \(elimination.reason ?? "unexplained"))",
                                    evidence: elimination.lines.map { Evidence(kind: "intercompany-balance", id: "\($0.side)/\($0.account)/\($0.partner)") }))
        }
        for item in result.unpaired {
            findings.append(Finding(id: "\(task.id)/unpaired/\(item.entity)/\(item.piece.account)/\(item.piece.partner ?? "")", severity: .warning,
                                    message: "\(item.entity) holds \(money(item.amountMinor)) on \(item.piece.account) with \(item.piece.partner ?? "no partner"), which is not an operating entity: nothing eliminates it"))
        }

        var evidence: [Evidence] = []
        var impact: [ImpactRow] = []
        for translation in result.translations {
            evidence += translation.rates.map { Evidence(kind: "rate", id: "\($0.from)->\(currency) \($0.type.rawValue) \($0.period) \($0.rate.map(\.evidenceText) ?? "missing")") }
            evidence += translation.intercompany.sorted(by: { $0.key < $1.key }).map {
                Evidence(kind: "intercompany-balance", id: "\(translation.entity)/\($0.key.account)/\($0.key.partner ?? "") \(money($0.value))")
            }
            // The translation in group currency: the entity's CTA before and after the plug.
            let translated = translation.balances[accounts.translation] ?? 0
            impact.append(ImpactRow(entity: translation.entity, account: accounts.translation, currency: currency.code,
                                    before: try Checked.add(translated, try Checked.negate(translation.ctaMinor)), after: translated))
        }
        var after = result.held
        for line in result.entries.flatMap(\.lines) { after[line.account] = try Checked.add(after[line.account] ?? 0, line.amount) }
        for account in Set(after.keys).union(result.held.keys).sorted() where after[account] != result.held[account] {
            impact.append(ImpactRow(entity: consolidation.code, account: account, currency: currency.code,
                                    before: result.held[account] ?? 0, after: after[account] ?? 0))
        }

        let ctas = result.translations.map { "\($0.entity) \(money($0.ctaMinor))" }.joined(separator: ", ")
        var summary = "Translated \(result.translations.map(\.entity).joined(separator: ", ")) into \(currency) for \(context.period) (CTA on \(accounts.translation): \(ctas))."
        summary += result.entries.isEmpty
            ? " \(consolidation.code) already holds every elimination; nothing to post."
            : " Post \(result.entries.count) elimination entr\(result.entries.count == 1 ? "y" : "ies") in \(consolidation.code) (the change against what it holds), so intercompany balances, revenue and expense net to zero in the consolidated trial balance."
        if !result.missingRates.isEmpty { summary += " Missing rates: nothing is proposed until they are imported." }
        return Proposal(task: task.id, taskKind: task.kind, preparedBy: "agent:\(name)", summary: summary, entries: result.entries,
                        findings: findings, evidence: evidence, impact: impact)
    }

    /// The intercompany matching's reason codes per pair and kind (balances, income statement):
    /// what a residual on the intercompany-difference account is made of. The matcher runs
    /// here on the same books the matching task saw (it is done before the consolidation), so
    /// the codes are those its proposal showed. A pair whose rates are missing gets none.
    public static func matchingReasons(snapshot: any LedgerSnapshot, period: PeriodID) throws -> ResidualReasons {
        let books = MemoizedSnapshot(snapshot)  // every pair reads the same entities' lines
        let codes = books.group.operatingEntities.map(\.code)
        var reasons: ResidualReasons = [:]
        for (index, first) in codes.enumerated() {
            for second in codes[(index + 1)...] {
                let result: IntercompanyResult
                do {
                    result = try IntercompanyMatcher().match(try IntercompanyInput.read(from: books, first: first, second: second, period: period))
                } catch let error as LedgerError where error.code == .missingRate {
                    continue
                }
                var byKind: [EliminationKind: Set<String>] = [:]
                for difference in result.differences {
                    let kind: EliminationKind = difference.items.first?.itemClass == .result ? .incomeStatement : .balanceSheet
                    byKind[kind, default: []].insert(difference.reason.rawValue)
                }
                for (kind, names) in byKind where !names.isEmpty {
                    reasons[EntityPair(first, second), default: [:]][kind] = names.sorted().joined(separator: ", ")
                }
            }
        }
        return reasons
    }
}
