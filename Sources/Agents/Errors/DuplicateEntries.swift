import Governance
import LedgerCore

/// Duplicate entries: business entries of the entity with the same date, the same
/// references, the same counterparty and the same amounts in the same currencies. The first
/// posted stands; each later one is an exact copy (every line equal: account, amount,
/// partner, reference, description), whose reversal is proposed, or a near copy (same
/// figures, another account or wording), which a human must judge. Entries without any
/// reference are not compared: nothing says they are the same document.
struct DuplicateEntries {
    static let rule = "duplicate-entry"

    private struct Signature: Hashable {
        var date: CalendarDate
        var counterparty: String
        var references: [String]
        /// "USD -38303", sorted: the amounts per currency, whatever the accounts.
        var amounts: [String]
    }

    func detect(_ scope: ErrorScope) throws -> ErrorResult {
        var groups: [Signature: [BookedEntry]] = [:]
        var order: [Signature] = []
        for entry in scope.uncorrected where !entry.references.isEmpty {
            let signature = Signature(date: entry.date, counterparty: entry.counterparty ?? entry.description,
                                      references: entry.references,
                                      amounts: entry.lines.map { "\($0.currency) \($0.amountMinor)" }.sorted())
            if groups[signature] == nil { order.append(signature) }
            groups[signature, default: []].append(entry)
        }
        var result = ErrorResult()
        for signature in order {
            guard let copies = groups[signature], copies.count > 1 else { continue }
            let original = copies[0]
            for later in copies.dropFirst() {
                result.evidence += [.entry(original), .entry(later)]
                if Self.lineTuples(later) == Self.lineTuples(original) {
                    result.entries.append(try reversal(of: later, original: original, signature: signature, scope: scope))
                } else {
                    result.findings.append(Finding(
                        id: "\(scope.task.id)/duplicate/\(later.key)", severity: .warning,
                        message: "\(later.document) (\(later.key)) has the date, reference \(signature.references.joined(separator: ", ")), counterparty '\(signature.counterparty)' and amounts of \(original.document) (\(original.key)) but other accounts or wording: if it repeats it, reverse it; if both are real, say so",
                        evidence: [.entry(original), .entry(later)]))
                }
            }
        }
        let duplicates = result.entries.count + result.findings.count
        result.notes.append(duplicates == 0 ? "no duplicate entries" : "\(duplicates) duplicate entr\(duplicates == 1 ? "y" : "ies") (\(result.entries.count) to reverse)")
        return result
    }

    private func reversal(of later: BookedEntry, original: BookedEntry, signature: Signature, scope: ErrorScope) throws -> ProposedEntry {
        let banks = Set(later.lines.map(\.account).filter { scope.group.account($0)?.isBank == true }).sorted()
        let bankNote = banks.isEmpty ? ""
            : " It moves bank account \(banks.joined(separator: ", ")): the bank reconciliation lists that line as outstanding and proposes nothing for it; this reversal clears it."
        return try Correction.reversal(
            of: later, scope: scope, key: "duplicate-\(later.key)", rule: Self.rule, confidence: 950,
            reason: "duplicate of \(original.document)",
            explanation: "\(later.document) (\(later.key)) repeats \(original.document) (\(original.key)) line for line: same date \(signature.date), reference \(signature.references.joined(separator: ", ")), counterparty '\(signature.counterparty)', amounts \(Correction.amounts(later.lines, scope: scope)). The reversal mirrors every line of \(later.document) and leaves \(original.document) standing.\(bankNote)")
    }

    /// Every line as text, sorted: two entries are copies when these are equal.
    private static func lineTuples(_ entry: BookedEntry) -> [String] {
        entry.lines.map { "\($0.account)|\($0.currency)|\($0.amountMinor)|\($0.partner ?? "")|\($0.reference)|\($0.description)" }.sorted()
    }
}
