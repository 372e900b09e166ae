import Governance
import LedgerCore

/// Flux review of one entity (or, for a task without an entity, of the consolidated group:
/// see `FluxReviewAgent+Consolidated.swift`): compares every account with the prior period (revenue and
/// expense by the month's activity, balance-sheet accounts by their closing balance), flags
/// each change at least as large as both thresholds of the policy, and drafts an explanation
/// from the entries that drove it. Approving the proposal accepts the explanations; a
/// reviewer who disagrees overrides it with their own words. The lock waits for this task,
/// so no period locks with a flagged variance nobody accepted an explanation for.
public struct FluxReviewAgent: CloseAgent {
    public let name = "flux-review"
    public init() {}

    public func prepare(_ task: AgentTask, snapshot: any LedgerSnapshot, context: AgentContext) throws -> Proposal {
        guard let code = task.entity else { return try consolidated(task, snapshot: snapshot, context: context) }
        guard let entity = snapshot.group.entity(code) else {
            throw LedgerError(.invalidEntry, "task \(task.id) names no entity of the group")
        }
        let period = context.period, prior = period.previous
        let snapshot = MemoizedSnapshot(snapshot)
        let current = try figures(code, period, snapshot), before = try figures(code, prior, snapshot)
        let money = { (minor: Int64) in "\(Decimal10.format(minor, scale: entity.currency.exponent)) \(entity.currency)" }
        guard !before.isEmpty else {
            return Proposal(task: task.id, taskKind: task.kind, preparedBy: "agent:\(name)",
                            summary: "\(code) has nothing posted in \(prior): no prior period to compare \(period) with.",
                            findings: [Finding(id: "\(task.id)/no-prior-period", severity: .info,
                                               message: "no postings of \(code) in \(prior); the flux review compares nothing this month")])
        }
        guard let toGroup = try snapshot.rate(from: entity.currency, to: snapshot.group.currency, type: .closing, period: period) else {
            return Proposal(task: task.id, taskKind: task.kind, preparedBy: "agent:\(name)",
                            summary: "No closing rate \(entity.currency)/\(snapshot.group.currency) for \(period): the thresholds cannot be applied.",
                            findings: [Finding(id: "\(task.id)/no-rate", severity: .error,
                                               message: "no closing rate \(entity.currency) to \(snapshot.group.currency) for \(period); import rates with `close rates import`")])
        }
        let thresholds = context.policy.flux
        var findings: [Finding] = []
        var evidence: [Evidence] = []
        let flagged = try snapshot.group.accounts.filter { account in
            let now = current[account.code] ?? 0, then = before[account.code] ?? 0
            let change = try Checked.subtract(now, then, "the change of \(code)/\(account.code) from \(prior) to \(period)")
            guard change != 0 else { return false }
            let inGroup = try toGroup.convert(change)
            return inGroup.magnitude >= thresholds.absoluteMinor.magnitude
                && Int128(change.magnitude) * 100 >= Int128(thresholds.percent) * Int128(then.magnitude)
        }
        // The lines of the flagged accounts only, this period and the prior one: one read each.
        let codes = flagged.map(\.code)
        // Split by account once (each account's lines in the order read), not filtered per account:
        // the more the books grow, the more accounts pass the thresholds.
        let linesNow = codes.isEmpty ? [:] : Dictionary(grouping: try snapshot.postedLines(entity: code, from: period.firstDay, through: period.lastDay, accounts: codes), by: \.account)
        let linesBefore = codes.isEmpty ? [:] : Dictionary(grouping: try snapshot.postedLines(entity: code, from: prior.firstDay, through: prior.lastDay, accounts: codes), by: \.account)
        for account in flagged {
            let now = current[account.code] ?? 0, then = before[account.code] ?? 0
            let change = try Checked.subtract(now, then, "the change of \(code)/\(account.code) from \(prior) to \(period)")
            let drivers = try VarianceDrivers(change: change, now: linesNow[account.code] ?? [], before: linesBefore[account.code] ?? [])
            let sign = account.type.isDebitNormal ? Int64(1) : -1
            let percent = then == 0 ? "new" : "\(UInt128(change.magnitude) * 100 / UInt128(then.magnitude))%"
            let direction = (change > 0) == (sign > 0) ? "rose" : "fell"
            let size = change < 0 ? try Checked.negate(change) : change
            findings.append(Finding(
                id: "\(task.id)/\(account.code)", severity: .warning,
                message: "\(account.code) \(account.name) \(direction) by \(money(size)) (\(percent)): "
                    + "\(money(sign > 0 ? then : try Checked.negate(then))) in \(prior), \(money(sign > 0 ? now : try Checked.negate(now))) in \(period). Explanation (draft): \(drivers.explanation(money))",
                evidence: drivers.evidence))
            evidence.append(Evidence(kind: "account", id: "\(code)/\(account.code)"))
        }
        let summary = findings.isEmpty
            ? "Compared \(current.count) accounts of \(code) with \(prior): no change reaches both thresholds (\(Decimal10.format(thresholds.absoluteMinor, scale: snapshot.group.currency.exponent)) \(snapshot.group.currency) and \(thresholds.percent)%)."
            : "Compared \(current.count) accounts of \(code) with \(prior): \(findings.count) change(s) reach both thresholds (\(Decimal10.format(thresholds.absoluteMinor, scale: snapshot.group.currency.exponent)) \(snapshot.group.currency) and \(thresholds.percent)%), each with a drafted explanation. Approving accepts the explanations; override to edit them."
        return Proposal(task: task.id, taskKind: task.kind, preparedBy: "agent:\(name)", summary: summary,
                        findings: findings, evidence: evidence)
    }

    /// Per account, in functional currency: the month's activity for revenue and expense, the
    /// closing balance for the balance sheet.
    private func figures(_ entity: String, _ period: PeriodID, _ snapshot: any LedgerSnapshot) throws -> [String: Int64] {
        // From the balances, not the lines: revenue and expense for the year to date, less the
        // year to date a month earlier unless this month opens the fiscal year.
        let profitAndLoss = Set(snapshot.group.accounts.filter { !$0.type.isBalanceSheet }.map(\.code))
        var figures: [String: Int64] = [:]
        for balance in try snapshot.currencyBalances(entity: entity, period: period) {
            figures[balance.account] = try Checked.add(figures[balance.account] ?? 0, balance.functionalMinor)
        }
        guard period.fiscalYearStart(startMonth: snapshot.group.fiscalYearStartMonth) != period else { return figures }
        for balance in try snapshot.currencyBalances(entity: entity, period: period.previous) where profitAndLoss.contains(balance.account) {
            figures[balance.account] = try Checked.add(figures[balance.account] ?? 0, try Checked.negate(balance.functionalMinor))
        }
        return figures.filter { $0.value != 0 || !profitAndLoss.contains($0.key) }
    }
}

extension AccountType {
    /// Assets and expenses grow with debits; the others with credits.
    var isDebitNormal: Bool { self == .asset || self == .expense }
}
