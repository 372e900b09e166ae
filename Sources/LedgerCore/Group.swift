public enum AccountType: String, Sendable, CaseIterable, Codable {
    case asset, liability, equity, revenue, expense

    /// Balance-sheet accounts carry their balance since inception; P&L accounts restart
    /// each fiscal year.
    public var isBalanceSheet: Bool { self == .asset || self == .liability || self == .equity }
}

/// One account of the group chart, shared by all entities.
public struct Account: Sendable, Hashable {
    public var code: String
    public var name: String
    public var type: AccountType
    /// Reconcilable against bank statements.
    public var isBank: Bool
    /// Every line needs a partner entity.
    public var isIntercompany: Bool
    /// Revalued at period end.
    public var isMonetary: Bool
    /// Closed accounts accept no postings.
    public var isClosed: Bool

    public init(code: String, name: String, type: AccountType, isBank: Bool = false,
                isIntercompany: Bool = false, isMonetary: Bool = false, isClosed: Bool = false) {
        self.code = code
        self.name = name
        self.type = type
        self.isBank = isBank
        self.isIntercompany = isIntercompany
        self.isMonetary = isMonetary
        self.isClosed = isClosed
    }
}

/// A company code with its functional currency.
public struct Entity: Sendable, Hashable {
    public var code: String
    public var name: String
    public var currency: Currency
    public var country: String
    public var parent: String?
    /// The group's consolidation entity: it has no business of its own and holds the
    /// elimination entries of the consolidation (docs/close-process.md).
    public var isConsolidation: Bool

    public init(code: String, name: String, currency: Currency, country: String, parent: String? = nil,
                isConsolidation: Bool = false) {
        self.code = code
        self.name = name
        self.currency = currency
        self.country = country
        self.parent = parent
        self.isConsolidation = isConsolidation
    }
}

public enum Role: String, Sendable, CaseIterable {
    case accountant, controller, cfo, auditor

    /// The auditor reads everything and decides nothing.
    public var mayWrite: Bool { self != .auditor }
}

public struct User: Sendable, Hashable {
    public var name: String
    public var displayName: String
    public var role: Role

    public init(name: String, displayName: String, role: Role) {
        self.name = name
        self.displayName = displayName
        self.role = role
    }
}

/// The group closed together: its entities, shared chart of accounts and users.
public struct GroupDefinition: Sendable, Hashable {
    public var name: String
    public var currency: Currency
    /// Month in which the fiscal year starts (1 = calendar year).
    public var fiscalYearStartMonth: Int
    public var entities: [Entity]
    public var accounts: [Account]
    public var users: [User]
    /// The accounts at banks, mapped to entities and bank-flagged chart accounts.
    public var bankAccounts: [BankAccount]
    /// Costs the close accrues every month unless their invoice is booked (rent, utilities...).
    public var recurringAccruals: [RecurringAccrual]

    public init(name: String, currency: Currency, fiscalYearStartMonth: Int = 1,
                entities: [Entity], accounts: [Account], users: [User], bankAccounts: [BankAccount] = [],
                recurringAccruals: [RecurringAccrual] = []) {
        self.name = name
        self.currency = currency
        self.fiscalYearStartMonth = fiscalYearStartMonth
        self.entities = entities
        self.accounts = accounts
        self.users = users
        self.bankAccounts = bankAccounts
        self.recurringAccruals = recurringAccruals
    }

    public func entity(_ code: String) -> Entity? { entities.first { $0.code == code } }
    /// The entities that do business: every entity but the consolidation entity.
    public var operatingEntities: [Entity] { entities.filter { !$0.isConsolidation } }
    /// The entity that holds the eliminations, if the group has one.
    public var consolidationEntity: Entity? { entities.first { $0.isConsolidation } }
    public func account(_ code: String) -> Account? { accounts.first { $0.code == code } }
    public func user(_ name: String) -> User? { users.first { $0.name == name } }
    public func bankAccount(entity: String, account: String) -> BankAccount? {
        bankAccounts.first { $0.entity == entity && $0.account == account }
    }

    /// Checks the definition is usable: unique codes, known parents, at least one of each.
    public func validate() throws(LedgerError) {
        func fail(_ message: String, _ field: String) -> LedgerError {
            LedgerError(.invalidGroup, message, at: SourceLocation(field: field))
        }
        guard !name.isEmpty else { throw fail("the group needs a name", "name") }
        guard (1...12).contains(fiscalYearStartMonth) else {
            throw fail("fiscal_year_start_month must be 1 to 12, got \(fiscalYearStartMonth)", "fiscal_year_start_month")
        }
        guard !entities.isEmpty else { throw fail("the group needs at least one entity", "entities") }
        guard !accounts.isEmpty else { throw fail("the group needs at least one account", "accounts") }
        try Self.requireUnique(entities.map(\.code), what: "entity code", field: "entities")
        try Self.requireUnique(accounts.map(\.code), what: "account code", field: "accounts")
        try Self.requireUnique(users.map(\.name), what: "user name", field: "users")
        for entity in entities {
            guard Self.isCode(entity.code) else {
                throw fail("entity code '\(entity.code)' must be 1-16 letters, digits, '-' or '_'", "entities.code")
            }
            if let parent = entity.parent, self.entity(parent) == nil || parent == entity.code {
                throw fail("entity \(entity.code) names unknown parent '\(parent)'", "entities.parent")
            }
        }
        let consolidation = entities.filter(\.isConsolidation)
        guard consolidation.count <= 1 else {
            throw fail("only one entity may be the consolidation entity; found \(consolidation.map(\.code).joined(separator: ", "))", "entities.consolidation")
        }
        if let entity = consolidation.first, entity.currency != currency {
            throw fail("the consolidation entity \(entity.code) must keep its books in the group currency \(currency), not \(entity.currency)", "entities.currency")
        }
        guard !operatingEntities.isEmpty else { throw fail("the group needs at least one entity besides the consolidation entity", "entities") }
        for account in accounts where !Self.isCode(account.code) {
            throw fail("account code '\(account.code)' must be 1-16 letters, digits, '-' or '_'", "accounts.code")
        }
        try validateBankAccounts()
        try validateRecurringAccruals()
    }

    /// Each bank account names a known entity and a bank-flagged account, once, with an id
    /// no other bank account uses.
    private func validateBankAccounts() throws(LedgerError) {
        try Self.requireUnique(bankAccounts.map(\.iban), what: "bank account iban", field: "bank_accounts.iban")
        try Self.requireUnique(bankAccounts.map { "\($0.entity)/\($0.account)" }, what: "bank account entity/account",
                               field: "bank_accounts.account")
        for bank in bankAccounts {
            guard entity(bank.entity) != nil else {
                throw LedgerError(.invalidGroup, "bank account \(bank.iban) names unknown entity '\(bank.entity)'",
                                  at: SourceLocation(field: "bank_accounts.entity"))
            }
            guard let account = account(bank.account), account.isBank else {
                throw LedgerError(.invalidGroup, "bank account \(bank.iban) names '\(bank.account)', which is not an account with the bank flag",
                                  at: SourceLocation(field: "bank_accounts.account"))
            }
            guard Self.isBankID(bank.iban) else {
                throw LedgerError(.invalidGroup, "bank account id '\(bank.iban)' must be 5-34 capital letters and digits (an IBAN without spaces, or the bank's account id)",
                                  at: SourceLocation(field: "bank_accounts.iban"))
            }
        }
    }

    /// Each template names an operating entity and an open, non-intercompany account, a
    /// positive amount and the text of the invoice it waits for, once per entity and account.
    private func validateRecurringAccruals() throws(LedgerError) {
        try Self.requireUnique(recurringAccruals.map(\.key), what: "recurring accrual (entity, account, matches)", field: "recurring_accruals.matches")
        for template in recurringAccruals {
            func fail(_ message: String, _ field: String) -> LedgerError {
                LedgerError(.invalidGroup, "recurring accrual '\(template.description)': \(message)", at: SourceLocation(field: "recurring_accruals.\(field)"))
            }
            guard let entity = entity(template.entity), !entity.isConsolidation else {
                throw fail("'\(template.entity)' is not an operating entity of the group", "entity")
            }
            guard let account = account(template.account), !account.isClosed, !account.isIntercompany else {
                throw fail("'\(template.account)' is not an open account of the chart without the intercompany flag", "account")
            }
            guard template.amountMinor > 0 else { throw fail("the amount must be positive", "amount") }
            guard !template.description.isEmpty else { throw fail("the description is empty", "description") }
            guard !template.matches.isEmpty else { throw fail("'matches' is empty; it names the text of the invoice's posting", "matches") }
        }
    }

    public static func isCode(_ text: String) -> Bool {
        !text.isEmpty && text.utf8.count <= 16 && text.utf8.allSatisfy { byte in
            (byte >= 48 && byte <= 57) || (byte >= 65 && byte <= 90) || (byte >= 97 && byte <= 122)
                || byte == UInt8(ascii: "-") || byte == UInt8(ascii: "_")
        }
    }

    static func isBankID(_ text: String) -> Bool {
        (5...34).contains(text.utf8.count) && text.utf8.allSatisfy { byte in
            (byte >= 48 && byte <= 57) || (byte >= 65 && byte <= 90)
        }
    }

    static func requireUnique(_ values: [String], what: String, field: String) throws(LedgerError) {
        var seen = Set<String>()
        for value in values where !seen.insert(value).inserted {
            throw LedgerError(.invalidGroup, "duplicate \(what) '\(value)'", at: SourceLocation(field: field))
        }
    }
}
