import Governance
import LedgerCore

/// The group's consolidation for a period, computed from the books as they stand: each
/// operating entity translated into the group currency, the eliminations the consolidation
/// entity must hold, and the entries that bring it there. Pure: the agent and the
/// consolidated report both call it.
public struct ConsolidationResult: Sendable {
    public var period: PeriodID
    public var currency: Currency
    public var consolidationEntity: String
    /// One per operating entity whose rates are all stored, in group order.
    public var translations: [EntityTranslation]
    /// Per entity that could not be translated, the rates it lacks.
    public var missingRates: [String: [RateUse]]
    public var eliminations: [PairElimination]
    /// What the consolidation entity holds now, per account (its trial balance).
    public var held: [String: Int64]
    /// The entries that bring the consolidation entity to the eliminations (none when a rate is missing).
    public var entries: [ProposedEntry]
    /// Intercompany pieces whose partner is not an operating entity: nothing can eliminate them.
    public var unpaired: [(entity: String, piece: BalancePiece, amountMinor: Int64)]

    /// The eliminations column: what the consolidation entity holds plus what is proposed.
    public func eliminationsColumn() throws -> [String: Int64] {
        var column = held
        for line in entries.flatMap(\.lines) { column[line.account] = try Checked.add(column[line.account] ?? 0, line.amount) }
        return column.filter { $0.value != 0 }
    }
}

public enum Consolidation {
    public static func compute(snapshot: any LedgerSnapshot, period: PeriodID, accounts: CloseAccounts,
                               reasons: ResidualReasons = [:]) throws -> ConsolidationResult {
        let group = snapshot.group
        guard let consolidation = group.consolidationEntity else {
            throw LedgerError(.invalidGroup, "the group \(group.name) has no consolidation entity to hold the eliminations; flag one entity in the group currency with `consolidation: true`")
        }
        let translator = Translator(snapshot: snapshot, accounts: accounts)
        var translations: [EntityTranslation] = []
        var missing: [String: [RateUse]] = [:]
        for entity in group.operatingEntities {
            switch try translator.translate(entity, period: period) {
            case .translated(let translation): translations.append(translation)
            case .missingRates(let rates): missing[entity.code] = rates
            }
        }
        let operating = Set(group.operatingEntities.map(\.code))
        var unpaired: [(entity: String, piece: BalancePiece, amountMinor: Int64)] = []
        for translation in translations {
            for (piece, amount) in translation.intercompany.sorted(by: { $0.key < $1.key }) where !operating.contains(piece.partner ?? "") {
                unpaired.append((translation.entity, piece, amount))
            }
        }
        let targets = try Elimination.targets(translations, group: group, reasons: reasons)
        let heldBalance = try snapshot.trialBalance(entity: consolidation.code, period: period)
        let held = Dictionary(heldBalance.rows.map { ($0.account, $0.balanceMinor) }, uniquingKeysWith: +).filter { $0.value != 0 }
        let entries = missing.isEmpty
            ? try Elimination.entries(targets, held: try heldEliminations(snapshot, consolidation, period), consolidation: consolidation,
                                      period: period, accounts: accounts, group: group)
            : []
        return ConsolidationResult(period: period, currency: group.currency, consolidationEntity: consolidation.code,
                                   translations: translations, missingRates: missing, eliminations: targets, held: held,
                                   entries: entries, unpaired: unpaired)
    }

    /// The eliminations the consolidation entity holds, by reference (`elim/SIDE/PARTNER`)
    /// and account: balance-sheet lines since inception, P&L lines of the fiscal year.
    static func heldEliminations(_ snapshot: any LedgerSnapshot, _ consolidation: Entity, _ period: PeriodID) throws -> [String: [String: Int64]] {
        let group = snapshot.group
        let yearStart = period.fiscalYearStart(startMonth: group.fiscalYearStartMonth).firstDay
        var first = period
        while try !snapshot.trialBalance(entity: consolidation.code, period: first.previous).rows.isEmpty { first = first.previous }
        var held: [String: [String: Int64]] = [:]
        for line in try snapshot.postedLines(entity: consolidation.code, from: first.firstDay, through: period.lastDay, accounts: nil)
        where line.reference.hasPrefix("elim/") {
            guard let type = group.account(line.account)?.type, !type.isProfitOrLoss || line.date >= yearStart else { continue }
            held[line.reference, default: [:]][line.account] = try Checked.add(held[line.reference]?[line.account] ?? 0, line.functionalMinor)
        }
        return held
    }
}
