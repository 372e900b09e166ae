import Governance
import LedgerCore

/// The entries of one entity's revaluation and the words that explain them.
///
/// The ledger forbids zero-amount lines, so the revaluation cannot change a line's functional
/// amount while leaving its foreign amount at zero. It is booked the "reverse and revalue"
/// way instead: a line in the functional currency on the revalued account (amount =
/// functional amount = the difference) against unrealised FX. The entry reverses on the first
/// day of the next period, so the balance is back at its historical rates then, and next
/// month's revaluation starts from those again instead of stacking on this one.
struct FXBooking {
    var entity: String
    var period: PeriodID
    var functional: Currency
    var accounts: CloseAccounts

    var reverseOn: CalendarDate { period.next.firstDay }

    /// Dr the account / Cr unrealised FX by the difference (a negative difference flips both).
    func entry(for revalued: FXRevaluedPosition) -> ProposedEntry {
        let position = revalued.position, difference = revalued.differenceMinor
        let description = "Revaluation of \(position.label) at the \(period) closing rate \(revalued.rate)"
        let kind = difference > 0 ? "an unrealised gain" : "an unrealised loss"
        let explanation = "\(money(position.amountMinor, position.currency)) × \(revalued.rate) (\(position.currency)/\(functional) closing rate of \(period), \(revalued.rate.derivation))"
            + " = \(exact(position.amountMinor, revalued.rate, from: position.currency)) \(functional), rounded half-even to \(money(revalued.revaluedMinor, functional));"
            + " booked at the historical rates: \(money(position.bookedMinor, functional));"
            + " difference \(amount(revalued.revaluedMinor)) − \(signed(position.bookedMinor)) = \(money(difference, functional)), \(kind):"
            + " \(difference > 0 ? "Dr \(position.account) / Cr \(accounts.unrealisedFX)" : "Dr \(accounts.unrealisedFX) / Cr \(position.account)") \(money(difference.magnitude, functional)),"
            + " in \(functional) because the \(position.currency) balance itself does not change."
            + " Reversed on \(reverseOn), so that \(period.next) revalues from the historical rates again."
        return ProposedEntry(entity: entity, date: period.lastDay.description, description: description, key: "revalue-\(position.label)",
                             lines: [line(position.account, difference, partner: position.partner, description),
                                     line(accounts.unrealisedFX, -difference, partner: nil, description)],
                             rule: "closing-rate-revaluation", confidence: 1000, explanation: explanation, reverseOn: reverseOn.description)
    }

    /// Where an intercompany account is split per partner, each partner's revalued balance is
    /// rounded on its own, and their sum can miss the rounded revaluation of the account's
    /// total by a few minor units (e.g. two partners at x.4 cents each: both round down, their
    /// total rounds up). The account keeps the per-partner amounts; this moves the residual
    /// (sum of rounded parts − rounded total) from unrealised FX to the rounding account, so
    /// unrealised FX shows the revaluation of the total.
    func rounding(_ parts: [FXRevaluedPosition], totalMinor: Int64, totalRevaluedMinor: Int64, residualMinor: Int64) throws -> ProposedEntry? {
        guard let first = parts.first, residualMinor != 0 else { return nil }
        let label = "\(first.position.account)/\(first.position.currency)"
        let description = "Rounding of the \(label) revaluation per partner"
        let sum = parts.map { "\($0.position.partner ?? "-") \(amount($0.revaluedMinor))" }.joined(separator: " + ")
        let explanation = "On \(label) each partner's balance is revalued on its own (every line on the account needs a partner):"
            + " \(sum) = \(money(try Checked.sum(parts.map(\.revaluedMinor)), functional)); the account's total \(money(totalMinor, first.position.currency))"
            + " × \(first.rate) = \(exact(totalMinor, first.rate, from: first.position.currency)) \(functional) rounds half-even to \(money(totalRevaluedMinor, functional))."
            + " The \(money(residualMinor, functional)) between the sum of the rounded parts and the rounded total moves from \(accounts.unrealisedFX)"
            + " to the rounding account \(accounts.rounding). Reversed on \(reverseOn) with the revaluation."
        return ProposedEntry(entity: entity, date: period.lastDay.description, description: description, key: "rounding-\(label)",
                             lines: [line(accounts.unrealisedFX, residualMinor, partner: nil, description),
                                     line(accounts.rounding, -residualMinor, partner: nil, description)],
                             rule: "revaluation-rounding", confidence: 1000, explanation: explanation, reverseOn: reverseOn.description)
    }

    private func line(_ account: String, _ minor: Int64, partner: String?, _ description: String) -> ProposedLine {
        ProposedLine(account: account, currency: functional.code, amount: minor, functionalAmount: minor, partner: partner,
                     reference: "fx-revaluation-\(period)", description: description)
    }

    func amount<T: BinaryInteger>(_ minor: T) -> String { Decimal10.format(Int64(minor), scale: functional.exponent) }
    /// In parentheses when negative, for a subtraction: "− (−169901.60)".
    func signed(_ minor: Int64) -> String { minor < 0 ? "(\(amount(minor)))" : amount(minor) }
    func money<T: BinaryInteger>(_ minor: T, _ currency: Currency) -> String { "\(Decimal10.format(Int64(minor), scale: currency.exponent)) \(currency)" }

    /// The unrounded product in the functional currency, trailing zeros trimmed down to its
    /// minor unit ("1100.000" -> "1100.00"), "≈..." when an inverse or cross rate makes it
    /// endless; "the exact product" when it does not fit 64 bits.
    func exact(_ minor: Int64, _ rate: ConversionRate, from: Currency) -> String {
        rate.exactText(minor) ?? "the exact product"
    }
}
