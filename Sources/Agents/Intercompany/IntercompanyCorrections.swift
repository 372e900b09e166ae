import Governance
import LedgerCore

/// The entries a rule can justify for a pair's differences: the mirror of a missing
/// counterpart, the accrual of a counterpart booked in the next period (reversing on its
/// first day), the move of a line that names the wrong partner. Amount disputes, fx
/// differences and counterparts booked the period before get none.
struct IntercompanyCorrections {
    let result: IntercompanyResult
    /// Intercompany account to the partner's mirror account (receivable to payable, revenue to expense).
    let mirrorAccounts: [String: String]

    /// The proposed entry for each difference that has one, by the difference's index.
    func entries() -> [Int: ProposedEntry] {
        var entries: [Int: ProposedEntry] = [:]
        var keys = Set<String>()
        // One entry per source document and reason: a charge's receivable and revenue lines
        // are mirrored together, so the entry balances.
        let grouped = Dictionary(grouping: result.differences.indices.filter { correctable($0) }) { index in
            let difference = result.differences[index]
            return difference.reason == .wrongPartner ? "wrong-partner|\(difference.items[1].label)"
                : "\(difference.reason.rawValue)|\(difference.items[0].line.document)"
        }
        for group in grouped.keys.sorted() {
            let indices = grouped[group] ?? []
            guard let entry = entry(for: indices.map { result.differences[$0] }), keys.insert(entry.key).inserted else { continue }
            for index in indices { entries[index] = entry }
        }
        return entries
    }

    private func correctable(_ index: Int) -> Bool {
        let difference = result.differences[index]
        switch difference.reason {
        case .missingCounterpart: return true
        case .timing: return difference.correctIn != nil
        case .wrongPartner: return difference.items.count == 2 && difference.correctIn == difference.items[1].entity
        case .amountDispute, .fxDifference: return false
        }
    }

    private func entry(for differences: [IntercompanyDifference]) -> ProposedEntry? {
        guard let first = differences.first, let entity = first.correctIn else { return nil }
        let source = first.items[0]
        let period = result.period
        switch first.reason {
        case .missingCounterpart, .timing:
            guard let lines = mirror(differences.map { $0.items[0] }) else { return nil }
            let timing = first.reason == .timing
            let description = timing
                ? "Accrual of \(source.reference) from \(source.entity): booked by \(entity) in \(period.next) (cut-off)"
                : "Counterpart of \(source.reference) from \(source.entity) (\(source.line.document))"
            return ProposedEntry(entity: entity, date: (timing || source.date.period != period ? period.lastDay : source.date).description,
                                 description: description, key: "\(timing ? "timing" : "missing")-\(source.line.document)",
                                 lines: lines.map { line in var line = line; line.description = description; return line },
                                 rule: timing ? "intercompany-timing-accrual" : "intercompany-missing-counterpart",
                                 confidence: timing ? 950 : 900,
                                 explanation: timing
                                    ? "\(entity) booked \(source.reference) on \(first.items[1].date), in \(period.next); \(source.entity) booked it on \(source.date). The accrual puts the counterpart in \(period) and reverses on \(period.next.firstDay), when \(entity)'s own booking takes over."
                                    : "\(source.entity)'s document \(source.line.document) is the evidence: \(entity) has no counterpart for \(source.reference); this posts the mirror of its intercompany lines.",
                                 reverseOn: timing ? period.next.firstDay.description : nil)
        case .wrongPartner:
            let wrong = first.items[1].line
            guard let named = wrong.partner, wrong.functionalMinor != 0 else { return nil }
            let description = "Partner of \(wrong.reference) corrected from \(named) to \(source.entity)"
            return ProposedEntry(entity: entity, date: (wrong.date.period == period ? wrong.date : period.lastDay).description,
                                 description: description, key: "partner-\(wrong.document)-\(wrong.account)",
                                 lines: [ProposedLine(account: wrong.account, currency: wrong.currency.code, amount: -wrong.amountMinor,
                                                      functionalAmount: -wrong.functionalMinor, partner: named, reference: wrong.reference, description: description),
                                         ProposedLine(account: wrong.account, currency: wrong.currency.code, amount: wrong.amountMinor,
                                                      functionalAmount: wrong.functionalMinor, partner: source.entity, reference: wrong.reference, description: description)],
                                 rule: "intercompany-wrong-partner", confidence: 850,
                                 explanation: "\(wrong.document) in \(entity) mirrors \(source.line.document) of \(source.entity) under the same reference and amount but names \(named); the line moves to partner \(source.entity) at its booked functional amount.")
        case .amountDispute, .fxDifference:
            return nil
        }
    }

    /// The partner's side of the items: mirror accounts, opposite amounts. Nil when an account
    /// has no mirror or the items do not balance on their own (a loan's other side is a bank
    /// line, an interest's an income account: a human books those).
    private func mirror(_ items: [IntercompanyItem]) -> [ProposedLine]? {
        var lines: [ProposedLine] = []
        var totals: [Currency: Int128] = [:]
        for item in items.sorted(by: { ($0.line.account, $0.amountMinor) < ($1.line.account, $1.amountMinor) }) {
            guard let account = mirrorAccounts[item.line.account] else { return nil }
            lines.append(ProposedLine(account: account, currency: item.currency.code, amount: -item.amountMinor,
                                      partner: item.entity, reference: item.reference))
            totals[item.currency, default: 0] += Int128(item.amountMinor)
        }
        guard lines.count >= 2, totals.values.allSatisfy({ $0 == 0 }) else { return nil }
        return lines
    }
}
