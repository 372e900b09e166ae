import Agents
import Governance
import LedgerCore
import LedgerStore

/// One thing a close needs and the ledger lacks, with what to do about it.
public struct ReadinessGap: Sendable, Equatable, Codable {
    /// spot-rate, closing-rate, average-rate, bank-statement, consolidation-entity,
    /// policy-account, approvers.
    public var kind: String
    /// What it is about: "EUR->USD", "DE01/1010", "accounts.suspense", "default".
    public var subject: String
    public var problem: String
    public var action: String

    public var description: String { "[\(kind)] \(subject): \(problem); \(action)" }
}

/// Everything a close of a period needs before it starts, checked at once (`close check`,
/// and `close run` before a new run): the rates its postings, revaluations and translations
/// will ask for (stored, inverse or cross: `RateResolver`), a statement of every bank account
/// reaching the period end, the consolidation entity, the accounts the policy names, and
/// users for every band of the policy. Each gap is found the way the step that needs it
/// looks, so a ready close does not stop on them halfway. Reads only.
public struct CloseReadiness: Sendable {
    public var period: PeriodID
    /// The policy checked: the version in force, nil for the default before any is stored.
    public var policyVersion: Int?
    public var gaps: [ReadinessGap]

    public var isReady: Bool { gaps.isEmpty }

    /// A refusal listing every gap, for a close that must not start.
    public var refusal: LedgerError {
        LedgerError(.notReady, "the close of \(period) cannot start: it lacks \(gaps.count) thing(s) it needs (`close check --period \(period)` lists them too):\n"
            + gaps.map { "  " + $0.description }.joined(separator: "\n"), at: SourceLocation(field: "--period"))
    }

    public static func check(store: LedgerStore, period: PeriodID, policy: Policy, policyVersion: Int?,
                             template: CloseTemplate) throws -> CloseReadiness {
        let snapshot = StoreSnapshot(store: store)
        let tasks = template.expand(for: store.group)
        var gaps: [ReadinessGap] = []
        gaps += try ReadinessRates(store: store, snapshot: snapshot, period: period, policy: policy).gaps()
        gaps += try statementGaps(snapshot: snapshot, period: period)
        if tasks.contains(where: { $0.agent == ConsolidationAgent().name }), store.group.consolidationEntity == nil {
            gaps.append(ReadinessGap(kind: "consolidation-entity", subject: store.group.name,
                                     problem: "the group has no consolidation entity to hold the eliminations",
                                     action: "flag one entity in the group currency \(store.group.currency) with `consolidation: true` in the group file and create the ledger again with `close init --group FILE`"))
        }
        gaps += PolicyAccounts.problems(policy, group: store.group).map { problem in
            ReadinessGap(kind: "policy-account", subject: problem.key, problem: "\(problem.account): \(problem.message)",
                         action: "add the account to the group's chart, or name another in the policy with `close policy set`")
        }
        gaps += PolicySatisfiability.gaps(policy, group: store.group, taskKinds: tasks.map(\.kind)).map { gap in
            ReadinessGap(kind: "approvers", subject: gap.taskKind, problem: gap.description,
                         action: "give the group users in the roles the policy names, or change the policy with `close policy set`")
        }
        return CloseReadiness(period: period, policyVersion: policyVersion, gaps: gaps)
    }

    private static func statementGaps(snapshot: StoreSnapshot, period: PeriodID) throws -> [ReadinessGap] {
        let deadline = LockAgent.statementDeadline(period)
        return try LockAgent.statementGaps(snapshot: snapshot, period: period).map { gap in
            ReadinessGap(kind: "bank-statement", subject: "\(gap.account.entity)/\(gap.account.account)", problem: gap.message,
                         action: "import its statement up to \(deadline) with `close bank import FILE --as USER`")
        }
    }
}

/// The rates a close will ask for, each looked up the way the step that needs it does.
struct ReadinessRates {
    let store: LedgerStore
    let snapshot: StoreSnapshot
    let period: PeriodID
    let policy: Policy

    private struct Need: Hashable {
        var from: Currency
        var to: Currency
        var type: RateType
        var period: PeriodID
        var why: String
    }

    func gaps() throws -> [ReadinessGap] {
        let group = store.group
        var spot: [Need] = []
        var periodic: [Need] = []
        for entity in group.operatingEntities {
            let functional = entity.currency
            // The close's own entries (bank fees, corrections) are dated up to the period's last
            // day in the currencies the entity books; their size is weighed in the group currency.
            let booked = Set(try store.postedCurrencies(entity: entity.code, period: period)
                + group.bankAccounts.filter { $0.entity == entity.code }.map(\.currency))
            for currency in booked.sorted() where currency != functional {
                spot.append(Need(from: currency, to: functional, type: .spot, period: period, why: "\(entity.code) books \(currency)"))
            }
            for currency in booked.union([functional]).sorted() where currency != group.currency {
                spot.append(Need(from: currency, to: group.currency, type: .spot, period: period, why: "proposals are sized in \(group.currency)"))
            }
            // FX revaluation: every foreign balance on a monetary account.
            let monetary = Set(group.accounts.filter(\.isMonetary).map(\.code))
            let foreign = Set(try store.currencyBalances(entity: entity.code, period: period)
                .filter { monetary.contains($0.account) && $0.currency != functional }.map(\.currency))
            for currency in foreign.sorted() {
                periodic.append(Need(from: currency, to: functional, type: .closing, period: period, why: "fx-revaluation/\(entity.code)"))
            }
            // Accruals in another currency than the entity's are converted at the closing rate.
            let accrued = Set(group.recurringAccruals.filter { $0.entity == entity.code }.map(\.currency)
                + (try snapshot.goodsReceipts(entity: entity.code, period: period)).filter { $0.invoice == nil }.map(\.currency))
            for currency in accrued.sorted() where currency != functional {
                periodic.append(Need(from: currency, to: functional, type: .closing, period: period, why: "accruals/\(entity.code)"))
            }
            guard functional != group.currency else { continue }
            // Intercompany matching and the flux review translate at the period's rates; the
            // consolidation needs every month's rate its translation reaches back to.
            periodic.append(Need(from: functional, to: group.currency, type: .closing, period: period, why: "intercompany matching, flux review"))
            periodic.append(Need(from: functional, to: group.currency, type: .average, period: period, why: "intercompany matching"))
            if case .missingRates(let missing) = try Translator(snapshot: snapshot, accounts: policy.accounts).translate(entity, period: period) {
                periodic += missing.map { Need(from: $0.from, to: group.currency, type: $0.type, period: $0.period, why: "consolidation of \(entity.code)") }
            }
        }
        return try missingSpot(spot) + missingPeriodic(periodic)
    }

    /// A spot rate of the period's last day, or up to 7 days before, as a posting looks.
    private func missingSpot(_ needs: [Need]) throws -> [ReadinessGap] {
        let day = period.lastDay
        return try merged(needs).compactMap { need, why in
            guard try store.spotRate(from: need.from, to: need.to, on: day, withinDays: 7) == nil else { return nil }
            return ReadinessGap(kind: "spot-rate", subject: "\(need.from)->\(need.to)",
                                problem: "no spot rate \(need.from)->\(need.to) (or \(need.to)->\(need.from), or both legs via \(store.group.currency)) on \(day) or in the 7 days before (needed: \(why))",
                                action: "import it with `close rates import FILE --as USER` (type spot, dated \(day.adding(days: -7)) to \(day))")
        }
    }

    private func missingPeriodic(_ needs: [Need]) throws -> [ReadinessGap] {
        try merged(needs).compactMap { need, why in
            guard try store.rate(from: need.from, to: need.to, type: need.type, period: need.period) == nil else { return nil }
            return ReadinessGap(kind: "\(need.type.rawValue)-rate", subject: "\(need.from)->\(need.to) \(need.period)",
                                problem: "no \(need.type.rawValue) rate \(need.from)->\(need.to) (or \(need.to)->\(need.from), or both legs via \(store.group.currency)) for \(need.period) (needed: \(why))",
                                action: "import it with `close rates import FILE --as USER` (type \(need.type.rawValue), dated \(need.period.lastDay))")
        }
    }

    /// One gap per pair, type and period, naming every step that needs it, in a stable
    /// order. A pair and its opposite are one gap: either rate serves both (`RateResolver`).
    private func merged(_ needs: [Need]) -> [(Need, String)] {
        var order: [Need] = []
        var reasons: [Need: [String]] = [:]
        for need in needs {
            var key = need
            key.why = ""
            if key.to.code < key.from.code { (key.from, key.to) = (key.to, key.from) }
            if reasons[key] == nil { order.append(key) }
            if !(reasons[key] ?? []).contains(need.why) { reasons[key, default: []].append(need.why) }
        }
        return order.sorted { ($0.from.code, $0.to.code, $0.type.rawValue, $0.period.description) < ($1.from.code, $1.to.code, $1.type.rawValue, $1.period.description) }
            .map { ($0, (reasons[$0] ?? []).joined(separator: "; ")) }
    }
}
