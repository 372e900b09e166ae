import Governance
import LedgerCore

/// The only two things the error resolution proposes, since a posted entry is never edited:
/// a reversal, which mirrors lines of a posted entry in both currencies so it cancels them
/// exactly, and a re-posting, which books lines again where they belong.
enum Correction {
    /// A line of `line` with its amount negated; the functional amount is negated too when the
    /// line is in a foreign currency, so the reversal cancels it at the rate it was booked at.
    static func mirrored(_ line: LedgerLine, functional: Currency) throws -> ProposedLine {
        ProposedLine(account: line.account, currency: line.currency.code, amount: try Checked.negate(line.amountMinor),
                     functionalAmount: line.currency == functional ? nil : try Checked.negate(line.functionalMinor),
                     partner: line.partner, reference: line.reference, description: line.description)
    }

    /// The same line again, on another account or with another partner when given; no
    /// functional amount: the engine converts a foreign line at the rate of the entry's date.
    static func reposted(_ line: LedgerLine, account: String? = nil, partner: String? = nil) -> ProposedLine {
        ProposedLine(account: account ?? line.account, currency: line.currency.code, amount: line.amountMinor,
                     partner: partner ?? line.partner, reference: line.reference, description: line.description)
    }

    /// The reversal of every line of `entry`, named so that a later run sees it corrected.
    static func reversal(of entry: BookedEntry, scope: ErrorScope, key: String, rule: String, confidence: Int,
                         reason: String, explanation: String) throws -> ProposedEntry {
        ProposedEntry(entity: scope.entity.code, date: scope.correctionDate(for: entry.date).description,
                      description: "\(BookedEntry.reversalDescription(of: entry.document)): \(reason)", key: key,
                      lines: try entry.lines.map { try mirrored($0, functional: scope.entity.currency) },
                      rule: rule, confidence: confidence, explanation: explanation)
    }

    /// "383.03 USD, -383.03 USD": the amounts of lines, for explanations.
    static func amounts(_ lines: some Sequence<LedgerLine>, scope: ErrorScope) -> String {
        lines.map { scope.money($0.amountMinor, $0.currency) }.joined(separator: ", ")
    }
}
