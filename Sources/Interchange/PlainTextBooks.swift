import LedgerCore

/// What a plain-text journal (ledger-cli, hledger, beancount) is written from: pure values the
/// CLI reads from the store, so that the writers stay free of storage and can be tested alone.
public struct PlainTextBooks: Sendable {
    public var group: GroupDefinition
    /// The entities written, in this order; each with its posted lines in date, entry and line
    /// order (the lines of one entry are consecutive).
    public var entities: [(entity: Entity, lines: [LedgerLine])]
    /// Stored rates; the spot rates become price directives.
    public var rates: [RateQuote]

    public init(group: GroupDefinition, entities: [(entity: Entity, lines: [LedgerLine])], rates: [RateQuote]) {
        self.group = group
        self.entities = entities
        self.rates = rates
    }
}

/// The three dialects. They differ in how a commodity, an account, a price, a tag and a
/// string are written; the postings are the same idea in all three: the amount in the line's
/// transaction currency, with the functional amount as its total price (`@@`) when the two
/// currencies differ, so that each tool's cost balance is the ledger's functional balance.
public enum PlainTextDialect: String, Sendable, CaseIterable {
    case ledger, hledger, beancount
}

/// Account names the three tools accept alike: `Assets:US01:1000` (type, entity, code).
/// Beancount wants every component to start with a capital letter or a digit and to hold only
/// letters, digits and '-'; a code that is not like that (`cash_eur`, `x1`) is written
/// `U` followed by its UTF-8 bytes in hex, and the writer refuses two codes that would meet.
public enum PlainTextAccountName {
    public static func root(_ type: AccountType) -> String {
        switch type {
        case .asset: "Assets"
        case .liability: "Liabilities"
        case .equity: "Equity"
        case .revenue: "Income"
        case .expense: "Expenses"
        }
    }

    public static func component(_ code: String) -> String {
        let bytes = Array(code.utf8)
        let startsWell = bytes.first.map { (0x41...0x5A).contains($0) || (0x30...0x39).contains($0) } ?? false
        let allWell = bytes.allSatisfy { (0x41...0x5A).contains($0) || (0x61...0x7A).contains($0) || (0x30...0x39).contains($0) || $0 == 0x2D }
        if startsWell && allWell { return code }
        return "U" + bytes.map { byte in
            let hex = String(byte, radix: 16, uppercase: true)
            return hex.count == 1 ? "0" + hex : hex
        }.joined()
    }

    public static func name(type: AccountType, entity: String, account: String) -> String {
        root(type) + ":" + component(entity) + ":" + component(account)
    }
}
