import Governance
import LedgerCore

/// The consolidated flux review: the group's consolidated trial balance (every entity
/// translated, plus the eliminations) against the prior period's, in the group currency, with
/// the same thresholds; the drafted explanation says which entities' columns (and the
/// eliminations) moved. Revenue and expense compare the month's activity (the year to date
/// less the prior month's year to date, within a fiscal year), the balance sheet its balances.
extension FluxReviewAgent {
    func consolidated(_ task: AgentTask, snapshot: any LedgerSnapshot, context: AgentContext) throws -> Proposal {
        let group = snapshot.group, period = context.period, prior = period.previous
        let snapshot = MemoizedSnapshot(snapshot)
        let money = { (minor: Int64) in "\(Decimal10.format(minor, scale: group.currency.exponent)) \(group.currency)" }
        let now = try columns(period, snapshot: snapshot, context: context)
        let before = try columns(prior, snapshot: snapshot, context: context)
        let ytdBefore = prior.fiscalYear(startMonth: group.fiscalYearStartMonth) == period.fiscalYear(startMonth: group.fiscalYearStartMonth)
            ? before : [:]
        let twoBack = try ytdBefore.isEmpty ? [:] : columns(prior.previous, snapshot: snapshot, context: context)
        let priorYTD = prior.previous.fiscalYear(startMonth: group.fiscalYearStartMonth) == prior.fiscalYear(startMonth: group.fiscalYearStartMonth) ? twoBack : [:]
        var findings: [Finding] = []
        for account in group.accounts {
            // Per column (entity or eliminations): this period's figure and the prior one.
            func figure(_ columns: [String: [String: Int64]], minus earlier: [String: [String: Int64]]) throws -> [String: Int64] {
                var result: [String: Int64] = [:]
                for (column, balances) in columns {
                    let value = balances[account.code] ?? 0
                    let base = account.type.isBalanceSheet ? 0 : (earlier[column]?[account.code] ?? 0)
                    result[column] = try Checked.add(value, try Checked.negate(base))
                }
                return result
            }
            let current = try figure(now, minus: ytdBefore), previous = try figure(before, minus: priorYTD)
            let total = try Checked.sum(Array(current.values)), prior = try Checked.sum(Array(previous.values))
            let change = try Checked.add(total, try Checked.negate(prior))
            guard change != 0, change.magnitude >= context.policy.flux.absoluteMinor.magnitude,
                  Int128(change.magnitude) * 100 >= Int128(context.policy.flux.percent) * Int128(prior.magnitude) else { continue }
            let drivers = try Set(current.keys).union(previous.keys).sorted().compactMap { column -> (String, Int64)? in
                let moved = try Checked.add(current[column] ?? 0, try Checked.negate(previous[column] ?? 0))
                return moved == 0 ? nil : (column, moved)
            }.sorted { ($0.1.magnitude, $1.0) > ($1.1.magnitude, $0.0) }
            let sign: Int64 = account.type.isDebitNormal ? 1 : -1
            findings.append(Finding(
                id: "\(task.id)/\(account.code)", severity: .warning,
                message: "consolidated \(account.code) \(account.name) \((change > 0) == (sign > 0) ? "rose" : "fell") by \(money(change < 0 ? try Checked.negate(change) : change)) "
                    + "(\(prior == 0 ? "new" : "\(UInt128(change.magnitude) * 100 / UInt128(prior.magnitude))%")): \(money(sign > 0 ? prior : try Checked.negate(prior))) in \(period.previous), \(money(sign > 0 ? total : try Checked.negate(total))) in \(period). "
                    + "Explanation (draft): moved by " + drivers.map { "\($0.0) \(money($0.1))" }.joined(separator: ", ") + ".",
                evidence: drivers.map { Evidence(kind: "consolidated-column", id: "\($0.0)/\(account.code)") }))
        }
        let summary = "Compared the consolidated trial balance of \(period) with \(period.previous) in \(group.currency): "
            + (findings.isEmpty ? "no change reaches both thresholds." : "\(findings.count) change(s) reach both thresholds, each explained by the entities (and eliminations) that moved. Approving accepts the explanations; override to edit them.")
        return Proposal(task: task.id, taskKind: task.kind, preparedBy: "agent:\(name)", summary: summary, findings: findings)
    }

    /// The consolidated columns at the end of a period: each entity translated, and the
    /// eliminations the consolidation entity holds (or would, with what is proposed).
    private func columns(_ period: PeriodID, snapshot: any LedgerSnapshot, context: AgentContext) throws -> [String: [String: Int64]] {
        guard snapshot.group.consolidationEntity != nil else { return [:] }
        let result = try Consolidation.compute(snapshot: snapshot, period: period, accounts: context.policy.accounts)
        var columns = Dictionary(result.translations.map { ($0.entity, $0.balances) }, uniquingKeysWith: { first, _ in first })
        columns["eliminations"] = try result.eliminationsColumn()
        return columns
    }
}
