import Governance
import LedgerCore
import LedgerStore

/// The size of a proposal in the group currency, for the policy's amount bands: the sum of
/// its debit lines, each converted at the spot rate of its entry's date. Period changes
/// weigh nothing.
struct GroupAmount {
    let store: LedgerStore

    func of(_ proposal: Proposal) throws -> Int64 {
        let group = store.group.currency
        var total: Int64 = 0
        var rates: [String: ConversionRate] = [:]  // a large proposal has many lines of few dates
        for entry in proposal.entries {
            let date = try CalendarDate(parsing: entry.date)
            for line in entry.lines where line.amount > 0 {
                let currency = try Currency(line.currency)
                var amount = line.amount
                if currency != group {
                    // The latest spot on or before the date, however old: sizing only picks the band.
                    let key = "\(currency) \(date)"
                    guard let rate = try rates[key] ?? store.spotRate(from: currency, to: group, on: date, withinDays: nil) else {
                        throw LedgerError(.missingRate, "no spot rate \(currency)->\(group) on or before \(date) (stored, inverse or cross) to size proposal \(proposal.task)")
                    }
                    rates[key] = rate
                    amount = try rate.convert(amount)
                }
                total = try Checked.add(total, amount, "the size of proposal \(proposal.task) in \(group) (entry \(entry.key))")
            }
        }
        return total
    }
}

/// What an override changed, in one line for the decision and the audit chain.
enum ProposalDiff {
    static func describe(_ old: Proposal, _ new: Proposal) -> String {
        var changes: [String] = []
        let oldEntries = Dictionary(old.entries.map { ($0.key, $0) }, uniquingKeysWith: { a, _ in a })
        let newEntries = Dictionary(new.entries.map { ($0.key, $0) }, uniquingKeysWith: { a, _ in a })
        for key in newEntries.keys.sorted() where oldEntries[key] == nil { changes.append("added entry \(key)") }
        for key in oldEntries.keys.sorted() where newEntries[key] == nil { changes.append("removed entry \(key)") }
        for key in oldEntries.keys.sorted() {
            guard let before = oldEntries[key], let after = newEntries[key], before != after else { continue }
            for (index, pair) in zip(before.lines, after.lines).enumerated() where pair.0 != pair.1 {
                changes.append("entry \(key) line \(index + 1): \(pair.0.account) \(pair.0.amount) -> \(pair.1.account) \(pair.1.amount)")
            }
            if before.lines.count != after.lines.count { changes.append("entry \(key): \(before.lines.count) -> \(after.lines.count) lines") }
        }
        if old.periodActions != new.periodActions {
            changes.append("period changes: \(old.periodActions.map { "\($0.entity) \($0.target)" }.joined(separator: ",")) -> \(new.periodActions.map { "\($0.entity) \($0.target)" }.joined(separator: ","))")
        }
        return changes.isEmpty ? "no change" : "diff: " + changes.joined(separator: "; ")
    }
}
