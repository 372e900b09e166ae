import Governance
import LedgerCore

/// Two operating entities, in group order.
public struct EntityPair: Sendable, Hashable, CustomStringConvertible {
    public var first: String
    public var second: String

    public init(_ first: String, _ second: String) {
        self.first = first
        self.second = second
    }

    public var description: String { "\(first)-\(second)" }
}

/// Balance-sheet pieces are eliminated since inception, P&L pieces for the year to date.
public enum EliminationKind: String, Sendable, CaseIterable {
    case balanceSheet = "balance-sheet"
    case incomeStatement = "income-statement"

    init(_ type: AccountType) { self = type.isProfitOrLoss ? .incomeStatement : .balanceSheet }
}

/// What the consolidation entity must hold to eliminate one side's piece: the piece negated,
/// on the same account and partner, tagged `elim/SIDE/PARTNER` in the line's reference.
public struct EliminationLine: Sendable, Hashable, Comparable {
    public var side: String
    public var partner: String
    public var account: String
    public var amountMinor: Int64

    public var reference: String { "elim/\(side)/\(partner)" }

    public static func < (a: EliminationLine, b: EliminationLine) -> Bool {
        (a.side, a.account, a.partner) < (b.side, b.account, b.partner)
    }
}

/// The elimination of one pair and kind: both sides' translated pieces negated, and the
/// residual (when the sides differ) for the intercompany-difference account, with its reason.
public struct PairElimination: Sendable {
    public var pair: EntityPair
    public var kind: EliminationKind
    public var lines: [EliminationLine]
    /// Carried by the difference account so the elimination balances: -(sum of `lines`).
    public var residualMinor: Int64
    /// Why the sides differ: "fx-difference" when their transaction-currency amounts agree
    /// and only the translation differs, else the matcher's code, else "unexplained".
    public var reason: String?
}

/// Residual reasons given from outside (the intercompany matching's codes), by pair and kind.
public typealias ResidualReasons = [EntityPair: [EliminationKind: String]]

enum Elimination {
    /// The eliminations the consolidation entity must hold, pair by pair.
    static func targets(_ translations: [EntityTranslation], group: GroupDefinition, reasons: ResidualReasons) throws -> [PairElimination] {
        let codes = translations.map(\.entity)
        var result: [PairElimination] = []
        for (index, first) in codes.enumerated() {
            for second in codes[(index + 1)...] {
                let pair = EntityPair(first, second)
                for kind in EliminationKind.allCases {
                    var lines: [EliminationLine] = []
                    var transaction: [Currency: Int64] = [:]
                    for (side, partner) in [(first, second), (second, first)] {
                        guard let translation = translations.first(where: { $0.entity == side }) else { continue }
                        for (piece, amount) in translation.intercompany where piece.partner == partner {
                            guard let type = group.account(piece.account)?.type, EliminationKind(type) == kind else { continue }
                            lines.append(EliminationLine(side: side, partner: partner, account: piece.account, amountMinor: try Checked.negate(amount)))
                            for (currency, minor) in translation.intercompanyTransaction[piece] ?? [:] {
                                transaction[currency] = try Checked.add(transaction[currency] ?? 0, minor)
                            }
                        }
                    }
                    guard !lines.isEmpty else { continue }
                    let residual = try Checked.negate(try Checked.sum(lines.map(\.amountMinor)))
                    let agree = transaction.values.allSatisfy { $0 == 0 }
                    let reason = residual == 0 ? nil : reasons[pair]?[kind] ?? (agree ? "fx-difference" : "unexplained")
                    result.append(PairElimination(pair: pair, kind: kind, lines: lines.sorted(), residualMinor: residual, reason: reason))
                }
            }
        }
        return result
    }

    /// The entries that bring what the consolidation entity holds (`held`, by reference and
    /// account) to the targets: only the change is posted, so eliminations accumulate
    /// month after month and are never reversed. One entry per pair, dated the period end.
    static func entries(_ targets: [PairElimination], held: [String: [String: Int64]], consolidation: Entity,
                        period: PeriodID, accounts: CloseAccounts, group: GroupDefinition) throws -> [ProposedEntry] {
        var pairs: [EntityPair] = []
        for target in targets where !pairs.contains(target.pair) { pairs.append(target.pair) }
        for reference in held.keys.sorted() {
            let parts = reference.split(separator: "/").map(String.init)
            guard parts.count == 3 else { continue }
            let codes = group.operatingEntities.map(\.code)
            guard let a = codes.firstIndex(of: parts[1]), let b = codes.firstIndex(of: parts[2]) else { continue }
            let pair = EntityPair(codes[min(a, b)], codes[max(a, b)])
            if !pairs.contains(pair) { pairs.append(pair) }
        }
        let currency = consolidation.currency.code
        return try pairs.compactMap { pair -> ProposedEntry? in
            var lines: [ProposedLine] = []
            var reasons: [String] = []
            for kind in EliminationKind.allCases {
                let target = targets.first { $0.pair == pair && $0.kind == kind }
                var wanted: [EliminationLine: Int64] = [:]
                for line in target?.lines ?? [] { wanted[EliminationLine(side: line.side, partner: line.partner, account: line.account, amountMinor: 0)] = line.amountMinor }
                for (side, partner) in [(pair.first, pair.second), (pair.second, pair.first)] {
                    for (account, amount) in held["elim/\(side)/\(partner)"] ?? [:] {
                        guard let type = group.account(account)?.type, EliminationKind(type) == kind else { continue }
                        let key = EliminationLine(side: side, partner: partner, account: account, amountMinor: 0)
                        wanted[key] = try Checked.add(wanted[key] ?? 0, try Checked.negate(amount))
                    }
                }
                var kindLines: [ProposedLine] = []
                for (key, delta) in wanted.sorted(by: { $0.key < $1.key }) where delta != 0 {
                    kindLines.append(ProposedLine(account: key.account, currency: currency, amount: delta, functionalAmount: delta,
                                                  partner: key.partner, reference: key.reference,
                                                  description: "eliminate \(key.side)'s \(key.account) with \(key.partner)"))
                }
                guard !kindLines.isEmpty else { continue }
                let residual = try Checked.negate(try Checked.sum(kindLines.map(\.amount)))
                if residual != 0 {
                    let reason = target?.reason ?? "unexplained"
                    reasons.append("\(kind.rawValue) \(reason)")
                    kindLines.append(ProposedLine(account: accounts.intercompanyDifference, currency: currency, amount: residual,
                                                  functionalAmount: residual, reference: "residual/\(pair.first)/\(pair.second)/\(kind.rawValue)",
                                                  description: "intercompany difference \(pair) \(kind.rawValue), reason: \(reason)"))
                }
                lines += kindLines
            }
            guard !lines.isEmpty else { return nil }
            return ProposedEntry(entity: consolidation.code, date: period.lastDay.description,
                                 description: "Eliminate intercompany balances \(pair) (\(period))", key: "elim/\(pair.first)/\(pair.second)",
                                 lines: lines, rule: "intercompany-elimination", confidence: reasons.isEmpty ? 1000 : 800,
                                 explanation: reasons.isEmpty ? "both sides agree after translation"
                                     : "the sides differ; the residual goes to \(accounts.intercompanyDifference): " + reasons.joined(separator: "; "))
        }
    }
}
