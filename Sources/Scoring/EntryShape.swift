import Governance
import LedgerCore
import Simulation

/// An entry reduced to what scoring compares: its entity, its date, and the net amount per
/// account, currency and partner (transaction currency, debit positive; nets of zero left
/// out). Keys, descriptions, references and the order of lines do not count, so a correction
/// with the expected key and another amount or day is not the expected correction.
struct EntryShape: Hashable {
    struct Amount: Hashable, Comparable {
        var account: String
        var currency: String
        var partner: String
        var minor: Int64

        static func < (a: Amount, b: Amount) -> Bool {
            (a.account, a.currency, a.partner, a.minor) < (b.account, b.currency, b.partner, b.minor)
        }
    }

    var entity: String
    /// YYYY-MM-DD; nil in the truth of ledgers loaded before expected entries had dates,
    /// where it matches any day.
    var date: String?
    var amounts: [Amount]

    init(entity: String, date: String?, lines: [Amount]) throws {
        var net: [Amount: Int64] = [:]
        for line in lines {
            let key = Amount(account: line.account, currency: line.currency, partner: line.partner, minor: 0)
            net[key] = try Checked.add(net[key] ?? 0, line.minor)
        }
        self.entity = entity
        self.date = date
        amounts = net.compactMap { $0.value == 0 ? nil : Amount(account: $0.key.account, currency: $0.key.currency, partner: $0.key.partner, minor: $0.value) }.sorted()
    }

    init(_ entry: ProposedEntry) throws {
        try self.init(entity: entry.entity, date: entry.date, lines: entry.lines.map {
            Amount(account: $0.account, currency: $0.currency, partner: $0.partner ?? "", minor: $0.amount)
        })
    }

    /// What lets two shapes be equal apart from the day: the dictionary key of lookups.
    var signature: Signature { Signature(entity: entity, amounts: amounts) }

    struct Signature: Hashable {
        var entity: String
        var amounts: [Amount]
    }

    /// Equal, where a missing expected date matches any day.
    func matches(_ actual: EntryShape) -> Bool {
        signature == actual.signature && (date == nil || date == actual.date)
    }

    /// The entries a fault's manifest expects: its lines grouped by entity and date, in the
    /// order they first appear (a wrong-entity expense expects two, one per entity).
    static func expected(_ lines: [TruthLine]) throws -> [EntryShape] {
        var order: [String] = []
        var grouped: [String: (entity: String, date: String?, lines: [Amount])] = [:]
        for line in lines {
            let currency = try Currency(line.currency)
            let minor = try Decimal10.parse(line.amount, scale: currency.exponent, allowNegative: true)
            let key = "\(line.entity)|\(line.date ?? "")"
            if grouped[key] == nil { order.append(key); grouped[key] = (line.entity, line.date, []) }
            grouped[key]!.lines.append(Amount(account: line.account, currency: currency.code, partner: line.partner ?? "", minor: minor))
        }
        return try order.map { key in try EntryShape(entity: grouped[key]!.entity, date: grouped[key]!.date, lines: grouped[key]!.lines) }
    }

    /// The posted entries among `lines`, by idempotency key.
    static func posted(_ lines: [LedgerLine]) throws -> [String: EntryShape] {
        var grouped: [String: (entity: String, date: String, lines: [Amount])] = [:]
        for line in lines {
            grouped[line.entryKey, default: (line.entity, line.date.description, [])].lines
                .append(Amount(account: line.account, currency: line.currency.code, partner: line.partner ?? "", minor: line.amountMinor))
        }
        return try grouped.mapValues { try EntryShape(entity: $0.entity, date: $0.date, lines: $0.lines) }
    }

    /// True when every expected shape has its own actual entry (one actual entry serves one
    /// expected entry).
    static func all(_ expected: [EntryShape], amongst actual: [EntryShape]) -> Bool {
        guard !expected.isEmpty else { return false }
        var available = actual
        for shape in expected {
            guard let index = available.firstIndex(where: shape.matches) else { return false }
            available.remove(at: index)
        }
        return true
    }
}
