import Foundation
import Governance
import LedgerCore

/// The override form's entries as text and back. Parsing only: whether the edited entries may
/// be posted (balanced, accounts, entities, period, scope of the task) is the engine's check,
/// the same as for every posting and every CLI override.
enum OverrideForm {
    static let header = "entry,entity,date,account,debit,credit,currency,description"

    static func text(of proposal: Proposal) -> String {
        var lines: [String] = []
        for (number, entry) in proposal.entries.enumerated() {
            for line in entry.lines {
                let currency = (try? Currency(line.currency))?.exponent ?? 2
                let debit = line.amount > 0 ? Decimal10.format(line.amount, scale: currency) : ""
                let credit = line.amount < 0 ? Decimal10.format(-line.amount, scale: currency) : ""
                lines.append("\(number + 1),\(entry.entity),\(entry.date),\(line.account),\(debit),\(credit),\(line.currency),\(entry.description)")
            }
        }
        return lines.joined(separator: "\n")
    }

    /// The proposal with its entries replaced by those of `text`; an entry keeps the key, rule
    /// and explanation of the proposal's entry of the same number, or is marked manual.
    static func apply(_ text: String, to proposal: Proposal) throws -> Proposal {
        var entries: [String: ProposedEntry] = [:]
        var order: [String] = []
        for (index, raw) in text.split(separator: "\n", omittingEmptySubsequences: true).enumerated() {
            let row = raw.trimmingCharacters(in: .whitespaces)
            guard !row.isEmpty, row != header else { continue }
            let fields = row.split(separator: ",", maxSplits: 7, omittingEmptySubsequences: false).map { $0.trimmingCharacters(in: .whitespaces) }
            guard fields.count == 8 else {
                throw LedgerError(.invalidEntry, "line \(index + 1) of the entries has \(fields.count) fields; expected \(header)", at: SourceLocation(field: "entries"))
            }
            let currency = try Currency(fields[6])
            let debit = fields[4].isEmpty ? 0 : try Decimal10.parse(fields[4], scale: currency.exponent)
            let credit = fields[5].isEmpty ? 0 : try Decimal10.parse(fields[5], scale: currency.exponent)
            guard (debit == 0) != (credit == 0), debit >= 0, credit >= 0 else {
                throw LedgerError(.invalidEntry, "line \(index + 1) of the entries needs exactly one of debit and credit, positive", at: SourceLocation(field: "entries"))
            }
            let key = fields[0]
            if entries[key] == nil {
                let original = Int(key).flatMap { $0 >= 1 && $0 <= proposal.entries.count ? proposal.entries[$0 - 1] : nil }
                entries[key] = ProposedEntry(entity: fields[1], date: fields[2], description: fields[7],
                                             key: original?.key ?? "\(proposal.task)/override/\(key)", lines: [],
                                             rule: original?.rule ?? "manual", confidence: original?.confidence ?? 100,
                                             explanation: original?.explanation ?? "entered in an override", reverseOn: original?.reverseOn)
                order.append(key)
            }
            entries[key]?.lines.append(ProposedLine(account: fields[3], currency: currency.code, amount: debit > 0 ? debit : -credit))
        }
        var edited = proposal
        edited.entries = order.compactMap { entries[$0] }
        return edited
    }
}
