import GRDB
import LedgerCore

/// Saves and loads the group definition: currencies, entities, accounts, users, bank
/// accounts and recurring accrual templates.
enum GroupRecords {
    static func save(_ group: GroupDefinition, _ db: Database) throws {
        var currencies = Set(group.entities.map(\.currency))
        currencies.insert(group.currency)
        // Every known currency is stored, so foreign lines can reference any of them.
        for code in Currency.knownCodes { currencies.insert(try Currency(code)) }
        for currency in currencies.sorted() {
            try db.execute(sql: "INSERT INTO currency (code, exponent) VALUES (?, ?)",
                           arguments: [currency.code, currency.exponent])
        }
        try db.execute(sql: "INSERT INTO ledger_group (id, name, currency, fiscal_year_start_month) VALUES (1, ?, ?, ?)",
                       arguments: [group.name, group.currency.code, group.fiscalYearStartMonth])
        // In the definition's order; parents are set once every row exists, so the foreign
        // key to the parent always finds its row.
        for entity in group.entities {
            try db.execute(sql: "INSERT INTO entity (code, name, currency, country, parent, is_consolidation) VALUES (?, ?, ?, ?, NULL, ?)",
                           arguments: [entity.code, entity.name, entity.currency.code, entity.country, entity.isConsolidation])
        }
        for entity in group.entities where entity.parent != nil {
            try db.execute(sql: "UPDATE entity SET parent = ? WHERE code = ?", arguments: [entity.parent, entity.code])
        }
        for account in group.accounts {
            try db.execute(sql: """
                INSERT INTO account (code, name, type, is_bank, is_intercompany, is_monetary, is_closed)
                VALUES (?, ?, ?, ?, ?, ?, ?)
                """, arguments: [account.code, account.name, account.type.rawValue, account.isBank,
                                 account.isIntercompany, account.isMonetary, account.isClosed])
        }
        for user in group.users {
            try db.execute(sql: "INSERT INTO app_user (name, display_name, role) VALUES (?, ?, ?)",
                           arguments: [user.name, user.displayName, user.role.rawValue])
        }
        for bank in group.bankAccounts {
            try db.execute(sql: "INSERT INTO bank_account (iban, entity, account, bic, currency) VALUES (?, ?, ?, ?, ?)",
                           arguments: [bank.iban, bank.entity, bank.account, bank.bic, bank.currency.code])
        }
        for (index, template) in group.recurringAccruals.enumerated() {
            try db.execute(sql: """
                INSERT INTO recurring_accrual (position, entity, account, currency, amount, description, matches)
                VALUES (?, ?, ?, ?, ?, ?, ?)
                """, arguments: [index + 1, template.entity, template.account, template.currency.code, template.amountMinor,
                                 template.description, template.matches])
        }
    }

    static func load(_ db: Database) throws -> GroupDefinition {
        guard let row = try Row.fetchOne(db, sql: "SELECT name, currency, fiscal_year_start_month FROM ledger_group") else {
            throw LedgerError(.databaseState, "the ledger has no group definition")
        }
        let entities = try Row.fetchAll(db, sql: "SELECT code, name, currency, country, parent, is_consolidation FROM entity ORDER BY rowid").map { row in
            Entity(code: row["code"], name: row["name"], currency: try Currency(row["currency"] as String),
                   country: row["country"], parent: row["parent"], isConsolidation: row["is_consolidation"])
        }
        let accounts = try Row.fetchAll(db, sql: "SELECT * FROM account ORDER BY rowid").map { row in
            guard let type = AccountType(rawValue: row["type"]) else {
                throw LedgerError(.databaseState, "account \(row["code"] as String) has unknown type")
            }
            return Account(code: row["code"], name: row["name"], type: type, isBank: row["is_bank"],
                           isIntercompany: row["is_intercompany"], isMonetary: row["is_monetary"], isClosed: row["is_closed"])
        }
        let users = try Row.fetchAll(db, sql: "SELECT name, display_name, role FROM app_user ORDER BY rowid").map { row in
            guard let role = Role(rawValue: row["role"]) else {
                throw LedgerError(.databaseState, "user \(row["name"] as String) has unknown role")
            }
            return User(name: row["name"], displayName: row["display_name"], role: role)
        }
        let banks = try Row.fetchAll(db, sql: "SELECT * FROM bank_account ORDER BY rowid").map { row in
            BankAccount(entity: row["entity"], account: row["account"], iban: row["iban"], bic: row["bic"],
                        currency: try Currency(row["currency"] as String))
        }
        let templates = try Row.fetchAll(db, sql: "SELECT * FROM recurring_accrual ORDER BY position").map { row in
            RecurringAccrual(entity: row["entity"], account: row["account"], currency: try Currency(row["currency"] as String),
                             amountMinor: row["amount"], description: row["description"], matches: row["matches"])
        }
        return GroupDefinition(name: row["name"], currency: try Currency(row["currency"] as String),
                               fiscalYearStartMonth: row["fiscal_year_start_month"],
                               entities: entities, accounts: accounts, users: users, bankAccounts: banks,
                               recurringAccruals: templates)
    }
}
