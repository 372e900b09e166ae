import LedgerCore

/// What a SAF-T export is written from: one entity's chart, its balances at the start of the
/// selection, and its posted lines within it (date, entry and line order).
public struct SAFTExportBooks: Sendable {
    public var entity: Entity
    public var accounts: [Account]
    /// Balances (functional, debit positive) at the start of `from`, by account code.
    public var openingMinor: [String: Int64]
    public var from: PeriodID
    public var to: PeriodID
    public var lines: [LedgerLine]
    /// Opening balances of accounts by intercompany partner (account, partner, amount): written
    /// as a Customer `IC-<partner>` with a BalanceAccount per account, which the reader uses to
    /// give the opening entry's lines on intercompany accounts their partners.
    public var partnerOpenings: [(account: String, partner: String, amountMinor: Int64)]
    /// AuditFileDateCreated: the ledger's clock, so a fixed clock gives the same bytes.
    public var created: CalendarDate

    public init(entity: Entity, accounts: [Account], openingMinor: [String: Int64], from: PeriodID, to: PeriodID,
                lines: [LedgerLine], partnerOpenings: [(account: String, partner: String, amountMinor: Int64)] = [], created: CalendarDate) {
        self.partnerOpenings = partnerOpenings
        self.entity = entity
        self.accounts = accounts
        self.openingMinor = openingMinor
        self.from = from
        self.to = to
        self.lines = lines
        self.created = created
    }
}

/// Writes Norwegian SAF-T Financial 1.30 that validates against the official schema: the
/// entity as the company, the chart with opening and closing balances (GroupingCode carries
/// the account's type as an NS 4102 class, so that reading the file back types it the same),
/// and one Transaction per posted entry: TransactionID the document number, SourceDocumentID
/// the line's reference, a foreign line's currency, amount and rate, the intercompany
/// partner as Analysis of type IC. Refuses, naming the entry, what SAF-T cannot hold
/// (a currency with more than 2 decimals, a reference over 35 characters).
public enum SAFTWriter {
    public static let partnerAnalysisType = "IC"
    /// CustomerID prefix of an intercompany partner's opening balances: `IC-DE01`.
    public static let partnerCustomerPrefix = "IC-"

    /// The NS 4102 class written as GroupingCode for each type (see `SAFTAccountTypes`).
    static func groupingCode(_ type: AccountType) -> String {
        switch type {
        case .asset: "19"
        case .equity: "20"
        case .liability: "24"
        case .revenue: "30"
        case .expense: "70"
        }
    }

    public static func write(_ books: SAFTExportBooks, to emit: (String) throws -> Void) throws {
        let currency = books.entity.currency
        guard currency.exponent <= 2 else {
            throw LedgerError(.invalidCurrency, "SAF-T amounts have at most 2 decimals; \(books.entity.code) keeps its books in \(currency), which has \(currency.exponent)")
        }
        var movements: [String: Int64] = [:]
        var debit: Int64 = 0, credit: Int64 = 0, entries = 0
        var previous: Int64?
        for line in books.lines {
            movements[line.account] = try Checked.add(movements[line.account] ?? 0, line.functionalMinor, "the movements of \(line.account)")
            if line.functionalMinor >= 0 { debit = try Checked.add(debit, line.functionalMinor) } else { credit = try Checked.add(credit, -line.functionalMinor) }
            if line.entryID != previous { entries += 1; previous = line.entryID }
        }
        try emit(try header(books))
        try emit("  <MasterFiles>\n    <GeneralLedgerAccounts>\n")
        for account in books.accounts {
            let opening = books.openingMinor[account.code] ?? 0
            let closing = try Checked.add(opening, movements[account.code] ?? 0, "the closing balance of \(account.code)")
            try emit("""
                  <Account>
                    <AccountID>\(XMLText.escaped(account.code))</AccountID>
                    <AccountDescription>\(try XMLText.checked(account.name, limit: 256, what: "the name of account \(account.code)"))</AccountDescription>
                    <GroupingCategory>close-account-type</GroupingCategory>
                    <GroupingCode>\(groupingCode(account.type))</GroupingCode>
                    <AccountType>GL</AccountType>
                    \(balance("Opening", opening, currency))
                    \(balance("Closing", closing, currency))
                  </Account>

            """)
        }
        try emit("    </GeneralLedgerAccounts>\n")
        try emit(try partnerCustomers(books))
        try emit("  </MasterFiles>\n")
        try emit("""
          <GeneralLedgerEntries>
            <NumberOfEntries>\(entries)</NumberOfEntries>
            <TotalDebit>\(amount(debit, currency))</TotalDebit>
            <TotalCredit>\(amount(credit, currency))</TotalCredit>

        """)
        if !books.lines.isEmpty {
            try emit("    <Journal>\n      <JournalID>GL</JournalID>\n      <Description>General ledger</Description>\n      <Type>GL</Type>\n")
            var start = 0
            while start < books.lines.count {
                var end = start + 1
                while end < books.lines.count, books.lines[end].entryID == books.lines[start].entryID { end += 1 }
                try emit(try transaction(books.lines[start..<end], currency: currency))
                start = end
            }
            try emit("    </Journal>\n")
        }
        try emit("  </GeneralLedgerEntries>\n</AuditFile>\n")
    }

    /// Each intercompany partner with an opening balance as a Customer with one BalanceAccount
    /// per account: opening, and closing after the selection's lines with that partner.
    private static func partnerCustomers(_ books: SAFTExportBooks) throws -> String {
        let openings = books.partnerOpenings.filter { $0.amountMinor != 0 }
        guard !openings.isEmpty else { return "" }
        var movements: [String: Int64] = [:]
        for line in books.lines {
            guard let partner = line.partner else { continue }
            let key = line.account + "\u{1F}" + partner
            movements[key] = try Checked.add(movements[key] ?? 0, line.functionalMinor)
        }
        var text = "    <Customers>\n"
        for partner in Set(openings.map(\.partner)).sorted() {
            text += "      <Customer>\n        <Name>Intercompany \(XMLText.escaped(partner))</Name>\n"
            text += "        <CustomerID>\(partnerCustomerPrefix)\(XMLText.escaped(partner))</CustomerID>\n"
            for opening in openings where opening.partner == partner {
                let closing = try Checked.add(opening.amountMinor, movements[opening.account + "\u{1F}" + partner] ?? 0)
                text += "        <BalanceAccount>\n          <AccountID>\(XMLText.escaped(opening.account))</AccountID>\n"
                text += "          \(balance("Opening", opening.amountMinor, books.entity.currency))\n"
                text += "          \(balance("Closing", closing, books.entity.currency))\n        </BalanceAccount>\n"
            }
            text += "      </Customer>\n"
        }
        return text + "    </Customers>\n"
    }

    private static func header(_ books: SAFTExportBooks) throws(LedgerError) -> String {
        let entity = books.entity
        let country = entity.country.utf8.count == 2 ? entity.country.uppercased() : "NO"
        return """
        <?xml version="1.0" encoding="UTF-8"?>
        <AuditFile xmlns="urn:StandardAuditFile-Taxation-Financial:NO">
          <Header>
            <AuditFileVersion>1.30</AuditFileVersion>
            <AuditFileCountry>\(country)</AuditFileCountry>
            <AuditFileDateCreated>\(books.created)</AuditFileDateCreated>
            <SoftwareCompanyName>close</SoftwareCompanyName>
            <SoftwareID>close</SoftwareID>
            <SoftwareVersion>1</SoftwareVersion>
            <Company>
              <RegistrationNumber>\(XMLText.escaped(entity.code))</RegistrationNumber>
              <Name>\(try XMLText.checked(entity.name, limit: 256, what: "the name of \(entity.code)"))</Name>
              <Contact>
                <ContactPerson>
                  <FirstName>NotUsed</FirstName>
                  <LastName>NotUsed</LastName>
                </ContactPerson>
              </Contact>
            </Company>
            <DefaultCurrencyCode>\(entity.currency.code)</DefaultCurrencyCode>
            <SelectionCriteria>
              <PeriodStart>\(books.from.month)</PeriodStart>
              <PeriodStartYear>\(books.from.year)</PeriodStartYear>
              <PeriodEnd>\(books.to.month)</PeriodEnd>
              <PeriodEndYear>\(books.to.year)</PeriodEndYear>
            </SelectionCriteria>
            <TaxAccountingBasis>A</TaxAccountingBasis>
          </Header>

        """
    }

    private static func balance(_ prefix: String, _ minor: Int64, _ currency: Currency) -> String {
        let side = minor < 0 ? "Credit" : "Debit"
        return "<\(prefix)\(side)Balance>\(amount(minor.magnitude, currency))</\(prefix)\(side)Balance>"
    }

    static func amount(_ minor: Int64, _ currency: Currency) -> String { amount(minor.magnitude, currency) }

    static func amount(_ magnitude: UInt64, _ currency: Currency) -> String {
        Decimal10.format(Int64(clamping: magnitude), scale: currency.exponent)
    }
}
