import Governance
import LedgerCore

/// FX revaluation of one entity at period end (IAS 21): every open balance on a monetary
/// account in a currency other than the entity's functional one is converted at the
/// period's closing rate, rounded half-even to the functional currency's minor unit, and the
/// difference to what it is booked at (the historical rates of its lines) is proposed as an
/// unrealised gain or loss, one entry per account and currency (and partner on intercompany
/// accounts), reversed on the first day of the next period (`FXBooking` says why). A missing
/// closing rate is an error finding and its balances are left alone: never a guessed rate.
public struct FXRevaluationAgent: CloseAgent {
    public let name = "fx-revaluation"
    public init() {}

    public func prepare(_ task: AgentTask, snapshot: any LedgerSnapshot, context: AgentContext) throws -> Proposal {
        guard let code = task.entity, let entity = snapshot.group.entity(code) else {
            throw LedgerError(.invalidEntry, "the FX revaluation is per entity; task \(task.id) names none of the group")
        }
        let period = context.period, functional = entity.currency
        let book = FXBooking(entity: code, period: period, functional: functional, accounts: context.policy.accounts)
        let balances = try snapshot.currencyBalances(entity: code, period: period)
        let positions = try FXPositions.of(entity: entity, period: period, balances: balances, snapshot: snapshot)

        var findings: [Finding] = []
        var evidence: [Evidence] = []
        var rates: [Currency: ConversionRate] = [:]
        for currency in Set(positions.map(\.currency)).sorted() {
            let held = positions.filter { $0.currency == currency }
            guard let rate = try snapshot.rate(from: currency, to: functional, type: .closing, period: period) else {
                findings.append(Finding(id: "\(task.id)/missing-rate/\(currency)", severity: .error,
                                        message: "no \(currency)->\(functional) closing rate for \(period): \(held.map(\.label).joined(separator: ", ")) of \(code) not revalued; import it with `close rates import` (type closing, dated \(period.lastDay))",
                                        evidence: held.map { balanceEvidence($0, book) }))
                continue
            }
            rates[currency] = rate
            evidence.append(Evidence(kind: "rate", id: "\(currency)/\(functional) closing \(period) \(rate.evidenceText)"))
        }

        var entries: [ProposedEntry] = []
        var revaluedCount = 0
        for group in groupedByAccountAndCurrency(positions) {
            guard let first = group.first, let rate = rates[first.currency] else { continue }
            let parts = try group.map { try FXRevaluedPosition($0, rate: rate, functional: functional) }
            revaluedCount += parts.count
            evidence += parts.map { balanceEvidence($0.position, book) }
            entries += parts.filter { $0.differenceMinor != 0 }.map(book.entry(for:))
            let totalMinor = try Checked.sum(group.map(\.amountMinor))
            let totalRevalued = try rate.convert(totalMinor)
            let residual = try Checked.add(try Checked.sum(parts.map(\.revaluedMinor)), try Checked.negate(totalRevalued))
            if let rounding = try book.rounding(parts, totalMinor: totalMinor, totalRevaluedMinor: totalRevalued, residualMinor: residual) {
                entries.append(rounding)
            }
        }

        let impact = try impactRows(entries, balances: balances, entity: code, functional: functional)
        // A credit on unrealised FX is a gain.
        let unrealised = try Checked.negate(try Checked.sum(entries.flatMap(\.lines).filter { $0.account == book.accounts.unrealisedFX }.map(\.amount)))
        var summary: String
        if positions.isEmpty {
            summary = "\(code) holds no foreign-currency balance on a monetary account at the end of \(period): nothing to revalue."
        } else {
            summary = "Revalued \(revaluedCount) foreign-currency balance(s) of \(code) at the \(period) closing rates: \(entries.count) entries, "
                + "net unrealised \(unrealised >= 0 ? "gain" : "loss") of \(book.money(unrealised.magnitude, functional)) on \(book.accounts.unrealisedFX), "
                + "each reversed on \(book.reverseOn)."
        }
        if !findings.isEmpty {
            summary += " \(findings.count) currency(ies) without a closing rate were not revalued (see the findings)."
        }
        return Proposal(task: task.id, taskKind: task.kind, preparedBy: "agent:\(name)", summary: summary, entries: entries,
                        findings: findings, evidence: evidence, impact: impact)
    }

    /// Consecutive runs of the sorted positions with the same account and currency.
    private func groupedByAccountAndCurrency(_ positions: [FXPosition]) -> [[FXPosition]] {
        var groups: [[FXPosition]] = []
        for position in positions {
            if let last = groups.last?.last, last.account == position.account, last.currency == position.currency {
                groups[groups.count - 1].append(position)
            } else {
                groups.append([position])
            }
        }
        return groups
    }

    private func balanceEvidence(_ position: FXPosition, _ book: FXBooking) -> Evidence {
        Evidence(kind: "balance", id: "\(book.entity)/\(position.label) \(book.money(position.amountMinor, position.currency)) booked at \(book.money(position.bookedMinor, book.functional))")
    }

    /// Each account the entries touch, in the functional currency: its balance (all
    /// transaction currencies together) before and after the revaluation.
    private func impactRows(_ entries: [ProposedEntry], balances: [CurrencyBalance], entity: String, functional: Currency) throws -> [ImpactRow] {
        var change: [String: Int64] = [:]
        for line in entries.flatMap(\.lines) {
            change[line.account] = try Checked.add(change[line.account] ?? 0, line.functionalAmount ?? line.amount)
        }
        return try change.keys.sorted().map { account in
            let before = try Checked.sum(balances.filter { $0.account == account }.map(\.functionalMinor))
            return ImpactRow(entity: entity, account: account, currency: functional.code, before: before,
                             after: try Checked.add(before, change[account] ?? 0))
        }
    }
}
