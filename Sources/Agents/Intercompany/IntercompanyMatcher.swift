import LedgerCore

/// Matches two partners' intercompany items of a period and gives every difference a reason
/// code. Pure: same input, same result. Mirror items are of the same class and currency and
/// net to zero (a receivable of 100 against a payable of -100, a revenue of -100 against an
/// expense of 100). The cascade, each pass on what the earlier ones left:
///
/// 1. reference: same reference, mirror amount, both dated in the period: a match;
/// 2. timing: same reference and mirror amount, the counterpart dated in the period before
///    or after;
/// 3. amount dispute: same reference and class, opposite signs, other amounts;
/// 4. amount-date: mirror amount within `dateWindowDays`, one candidate each way: a match;
/// 5. wrong partner: the mirror exists (same reference) in the partner's or a third entity's
///    books, naming another partner;
/// 6. missing counterpart: whatever is left.
///
/// Every match whose sides differ in group currency is an fx difference.
public struct IntercompanyMatcher: Sendable {
    public var dateWindowDays = 5

    public init() {}

    public func match(_ input: IntercompanyInput) throws -> IntercompanyResult {
        var state = try IntercompanyMatchState(input)
        for (index, other) in state.pass({ pool, index in pool.counterpart(of: index, inPeriod: true) { $0.isMirror(of: $1) && $0.sameReference($1) } }) {
            state.matches.append(try state.match(index, other, rule: "reference"))
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

    /// Both sides booked the same reference in the same class and direction, for other amounts.
    func isDisputed(by other: IntercompanyItem) -> Bool {
        sameReference(other) && itemClass == other.itemClass && currency == other.currency
            && (amountMinor > 0) != (other.amountMinor > 0) && !isMirror(of: other)
    }
}
