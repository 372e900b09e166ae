import LedgerCore

/// Matches two partners' intercompany items of a period and gives every difference a reason
/// code. Pure: same input, same result. Mirror items are of the same class and currency and
/// net to zero (a receivable of 100 against a payable of -100, a revenue of -100 against an
/// expense of 100). The cascade, each pass on what the earlier ones left:
///
/// 1. reference: same reference, mirror amount, both dated in the period: a match;
/// 2. reference-currency: same reference and class, opposite signs, each side in its own
///    currency (a fee invoiced as 5,000.00 EUR and booked as 4,300.00 GBP), both in the
///    period: a match when the two agree in group currency within
///    `crossCurrencyTolerancePercent`, else an amount dispute; never a missing counterpart;
/// 3. timing: same reference and mirror amount, the counterpart dated in the period before
///    or after;
/// 4. amount dispute: same reference, class and currency, opposite signs, other amounts;
/// 5. amount-date: mirror amount within `dateWindowDays`, one candidate each way: a match;
/// 6. group-amount-date: no reference in common, other currencies, opposite amounts that agree
///    in group currency within the tolerance and `dateWindowDays`, one candidate each way;
/// 7. wrong partner: the mirror exists (same reference) in the partner's or a third entity's
///    books, naming another partner;
/// 8. missing counterpart: whatever is left.
///
/// Every match whose sides differ in group currency is an fx difference.
public struct IntercompanyMatcher: Sendable {
    public var dateWindowDays = 5
    /// How far two sides in different currencies may differ in group currency, as a share of
    /// the larger side, and still be one transaction: a month's rate moves and a bank's
    /// spread, not a different amount.
    public var crossCurrencyTolerancePercent = 5

    public init() {}

    public func match(_ input: IntercompanyInput) throws -> IntercompanyResult {
        var state = try IntercompanyMatchState(input)
        for (index, other) in state.pass({ pool, index in pool.counterpart(of: index, inPeriod: true) { $0.isMirror(of: $1) && $0.sameReference($1) } }) {
            state.matches.append(try state.match(index, other, rule: "reference"))
        }
        let tolerance = crossCurrencyTolerancePercent
        for (index, other) in state.pass({ pool, index in pool.counterpart(of: index, inPeriod: true) { $0.isOtherCurrencySide(of: $1) } }) {
            if state.pool.agreeInGroupCurrency(index, other, percent: tolerance) {
                state.matches.append(try state.match(index, other, rule: "reference-currency"))
            } else {
                state.differences.append(try state.dispute(index, other))
            }
        }
        for (index, other) in state.pass({ pool, index in pool.counterpart(of: index, inPeriod: false) { $0.isMirror(of: $1) && $0.sameReference($1) } }) {
            state.differences.append(state.timing(index, other))
        }
        for (index, other) in state.pass({ pool, index in pool.counterpart(of: index, inPeriod: true) { $0.isDisputed(by: $1) } }) {
            state.differences.append(try state.dispute(index, other))
        }
        for (index, other) in state.pass({ pool, index in pool.uniqueByAmountAndDate(index, windowDays: dateWindowDays) }) {
            state.matches.append(try state.match(index, other, rule: "amount-date"))
        }
        for (index, other) in state.pass({ pool, index in pool.uniqueInGroupCurrency(index, windowDays: dateWindowDays, percent: tolerance) }) {
            state.matches.append(try state.match(index, other, rule: "group-amount-date"))
        }
        for index in state.pool.unused {
            let difference = state.wrongPartner(index) ?? state.missing(index)
            state.differences.append(difference)
        }
        for match in state.matches where match.groupDifferenceMinor != 0 {
            state.differences.append(state.fxDifference(match))
        }
        return IntercompanyResult(first: input.first.entity, second: input.second.entity, period: input.period,
                                  groupCurrency: input.rates.groupCurrency, matches: state.matches, differences: state.differences)
    }
}

extension IntercompanyItem {
    func isMirror(of other: IntercompanyItem) -> Bool {
        itemClass == other.itemClass && currency == other.currency && Int128(amountMinor) + Int128(other.amountMinor) == 0
    }

    func sameReference(_ other: IntercompanyItem) -> Bool { !reference.isEmpty && reference == other.reference }

    /// The other side of the same transaction booked in another currency: same reference and
    /// class, opposite directions.
    func isOtherCurrencySide(of other: IntercompanyItem) -> Bool {
        sameReference(other) && itemClass == other.itemClass && currency != other.currency && (amountMinor > 0) != (other.amountMinor > 0)
    }

    /// Both sides booked the same reference in the same class and direction, for other amounts.
    func isDisputed(by other: IntercompanyItem) -> Bool {
        sameReference(other) && itemClass == other.itemClass && currency == other.currency
            && (amountMinor > 0) != (other.amountMinor > 0) && !isMirror(of: other)
    }
}
