import LedgerCore

/// The open items of a control account (trade receivables, trade payables), rebuilt from its
/// lines: an item is the lines of one reference in one currency; it is open while they do not
/// net to zero. Lines without a reference belong to no item.
struct OpenItems: Sendable {
    struct Item: Sendable {
        var currency: Currency
        var reference: String
        var amountMinor: Int64 = 0
        var functionalMinor: Int64 = 0
        var lines: [LedgerLine] = []
        /// The counterparties its lines name ("Invoice INV-7 Bluewater Supplies GmbH").
        var counterparties: [String] { Array(Set(lines.compactMap(CounterpartyName.of))).sorted() }
    }

    private struct Key: Hashable {
        var currency: Currency
        var reference: String
    }

    /// Items with a balance, sorted by currency and reference.
    let open: [Item]
    /// Lines posted to the account without a reference.
    let unreferenced: [LedgerLine]
    private let byKey: [Key: Item]

    init(_ lines: [LedgerLine]) throws {
        var items: [Key: Item] = [:]
        var unreferenced: [LedgerLine] = []
        for line in lines {
            guard !line.reference.isEmpty else {
                unreferenced.append(line)
                continue
            }
            let key = Key(currency: line.currency, reference: line.reference)
            var item = items[key] ?? Item(currency: line.currency, reference: line.reference)
            item.amountMinor = try Checked.add(item.amountMinor, line.amountMinor)
            item.functionalMinor = try Checked.add(item.functionalMinor, line.functionalMinor)
            item.lines.append(line)
            items[key] = item
        }
        byKey = items
        open = items.values.filter { $0.amountMinor != 0 }
            .sorted { ($0.currency.code, $0.reference) < ($1.currency.code, $1.reference) }
        self.unreferenced = unreferenced
    }

    /// The item of a reference in a currency, open or not.
    func item(_ currency: Currency, _ reference: String) -> Item? { byKey[Key(currency: currency, reference: reference)] }

    /// The open items per currency, summed: the subledger total.
    func totals() throws -> [Currency: Int64] {
        var totals: [Currency: Int64] = [:]
        for item in open { totals[item.currency] = try Checked.add(totals[item.currency] ?? 0, item.amountMinor) }
        return totals
    }
}
