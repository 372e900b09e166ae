import Agents
import Foundation
import LedgerCore
import LedgerStore

/// `close report intercompany`: the intercompany matcher run now, read-only, over every
/// pair of operating entities: items matched, and the differences by reason code. Amounts
/// are decimal strings; a reason's amount is the sum of its differences' magnitudes in the
/// group currency (a charge's receivable and revenue would otherwise cancel).
public enum IntercompanyReport {
    public struct Pair: Sendable, Codable, Equatable {
        public var pair: String
        public var first: String
        public var second: String
        public var currency: String
        public var matched: Int
        public var matchedByReference: Int
        public var reasons: [Reason]
        public var differences: [Difference]
    }

    public struct Reason: Sendable, Codable, Equatable {
        public var reason: String
        public var count: Int
        public var amount: String
    }

    public struct Difference: Sendable, Codable, Equatable {
        public var reason: String
        public var reference: String
        public var items: [String]
        public var amount: String
        public var currency: String
        public var groupAmount: String
        public var correctIn: String?
        public var explanation: String
    }

    /// The reason codes in report order.
    public static var reasonCodes: [String] { IntercompanyReasonCode.allCases.map(\.rawValue) }

    public static func build(store: LedgerStore, period: PeriodID) throws -> [Pair] {
        let snapshot = StoreSnapshot(store: store)
        let codes = store.group.operatingEntities.map(\.code)
        let group = store.group.currency
        var pairs: [Pair] = []
        for (index, first) in codes.enumerated() {
            for second in codes[(index + 1)...] {
                let result = try IntercompanyMatcher().match(try IntercompanyInput.read(from: snapshot, first: first, second: second, period: period))
                let reasons = try IntercompanyReasonCode.allCases.map { reason in
                    let found = result.differences(reason)
                    let total = try Checked.sum(found.map { $0.groupMinor < 0 ? try Checked.negate($0.groupMinor) : $0.groupMinor })
                    return Reason(reason: reason.rawValue, count: found.count, amount: Decimal10.format(total, scale: group.exponent))
                }
                pairs.append(Pair(pair: "\(first)-\(second)", first: first, second: second, currency: group.code,
                                  matched: result.matches.count, matchedByReference: result.matches.filter { $0.rule == "reference" }.count,
                                  reasons: reasons,
                                  differences: result.differences.map { difference in
                                      Difference(reason: difference.reason.rawValue, reference: difference.items[0].reference,
                                                 items: difference.items.map { "\($0.entity) \($0.label)" },
                                                 amount: Decimal10.format(difference.amountMinor, scale: difference.currency.exponent),
                                                 currency: difference.currency.code,
                                                 groupAmount: Decimal10.format(difference.groupMinor, scale: group.exponent),
                                                 correctIn: difference.correctIn, explanation: difference.explanation)
                                  }))
            }
        }
        return pairs
    }

    /// One self-contained HTML page.
    public static func html(_ pairs: [Pair], period: PeriodID) -> String {
        func escape(_ text: String) -> String { HTMLPage.escape(text) }
        let reasons = reasonCodes
        var rows = ""
        for pair in pairs {
            let open = pair.reasons.contains { $0.reason != IntercompanyReasonCode.fxDifference.rawValue && $0.count > 0 }
            rows += "<tr class=\"\(open ? "open" : "ok")\"><td>\(escape(pair.pair))</td><td class=\"n\">\(pair.matched)</td>"
            for reason in pair.reasons { rows += "<td class=\"n\">\(reason.count) / \(escape(AmountText.grouped(reason.amount + " " + pair.currency)))</td>" }
            rows += "</tr>\n"
            let items = pair.differences.filter { $0.reason != IntercompanyReasonCode.fxDifference.rawValue }.map { difference in
                "<tr class=\"item\"><td colspan=\"\(reasons.count + 2)\">[\(escape(difference.reason))] \(escape(AmountText.grouped(difference.explanation)))</td></tr>\n"
            }
            rows += HTMLPage.foldedRows(items, header: "", columns: reasons.count + 2, what: "differences of \(pair.pair)")
        }
        let currency = pairs.first?.currency ?? ""
        return HTMLPage.document(title: "Intercompany matching \(period)", body: """
        <h1>Intercompany matching \(period)</h1>
        \(HTMLPage.figures([("\(pairs.count)", "entity pairs"), ("\(pairs.reduce(0) { $0 + $1.matched })", "items matched"),
                            ("\(pairs.reduce(0) { $0 + $1.differences.filter { $0.reason != IntercompanyReasonCode.fxDifference.rawValue }.count })", "differences to resolve")]))        <p>Differences per reason code: count / amount in \(escape(currency)) (sum of magnitudes).</p>
        <table id="pairs"><tr><th>pair</th><th class="n">matched</th>\(reasons.map { "<th class=\"n\">\($0)</th>" }.joined())</tr>
        \(rows)</table>
        """)
    }
}
