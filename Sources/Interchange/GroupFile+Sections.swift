import LedgerCore
import Yams

/// The three lists of a group file. Duplicate codes and unknown parents are checked here,
/// not only by `GroupDefinition.validate()`, because here the error can name the line.
extension GroupFile {
    static func entities(in document: YAMLMapping) throws(LedgerError) -> [Entity] {
        var entities: [Entity] = []
        var definedCodes = DefinedCodes(what: "entity code")
        var parents: [(entity: String, parent: String, mapping: YAMLMapping)] = []
        for (node, path) in try document.list("entities") {
            let fields = try YAMLMapping(node, path: path, file: document.file,
                                         keys: ["code", "name", "currency", "country", "parent", "consolidation"])
            let code = try fields.text("code")
            try definedCodes.record(code, in: fields, key: "code")
            let name = try fields.text("name")
            let currency = try fields.currency("currency")
            let country = try fields.text("country")
            guard country.utf8.count == 2, country.utf8.allSatisfy({ $0 >= UInt8(ascii: "A") && $0 <= UInt8(ascii: "Z") }) else {
                throw fields.failure("country", "country must be an ISO 3166 two-letter code in capitals such as US or DE; found '\(country)'")
            }
            let parent = try fields.optionalText("parent")
            if let parent { parents.append((code, parent, fields)) }
            entities.append(Entity(code: code, name: name, currency: currency, country: country, parent: parent,
                                   isConsolidation: try fields.flag("consolidation")))
        }
        for (entity, parent, fields) in parents where parent == entity || !definedCodes.contains(parent) {
            throw fields.failure("parent", "entity \(entity) names parent '\(parent)', which is not another entity of the group")
        }
        return entities
    }

    static func accounts(in document: YAMLMapping) throws(LedgerError) -> [Account] {
        var accounts: [Account] = []
        var definedCodes = DefinedCodes(what: "account code")
        for (node, path) in try document.list("accounts") {
            let fields = try YAMLMapping(node, path: path, file: document.file,
                                         keys: ["code", "name", "type", "bank", "intercompany", "monetary", "closed"])
            let code = try fields.text("code")
            try definedCodes.record(code, in: fields, key: "code")
            accounts.append(Account(code: code, name: try fields.text("name"), type: try fields.choice("type", as: AccountType.self),
                                    isBank: try fields.flag("bank"), isIntercompany: try fields.flag("intercompany"),
                                    isMonetary: try fields.flag("monetary"), isClosed: try fields.flag("closed")))
        }
        return accounts
    }

    static func users(in document: YAMLMapping) throws(LedgerError) -> [User] {
        var users: [User] = []
        var definedNames = DefinedCodes(what: "user name")
        for (node, path) in try document.list("users") {
            let fields = try YAMLMapping(node, path: path, file: document.file, keys: ["name", "display_name", "role"])
            let name = try fields.text("name")
            try definedNames.record(name, in: fields, key: "name")
            users.append(User(name: name, displayName: try fields.text("display_name"), role: try fields.choice("role", as: Role.self)))
        }
        return users
    }

    /// Optional: a group without bank accounts can still post, but statements cannot be mapped.
    static func bankAccounts(in document: YAMLMapping) throws(LedgerError) -> [BankAccount] {
        guard document.has("bank_accounts") else { return [] }
        var banks: [BankAccount] = []
        var definedIDs = DefinedCodes(what: "bank account iban")
        for (node, path) in try document.list("bank_accounts") {
            let fields = try YAMLMapping(node, path: path, file: document.file,
                                         keys: ["entity", "account", "iban", "bic", "currency"])
            let iban = try fields.text("iban")
            try definedIDs.record(iban, in: fields, key: "iban")
            let bank = BankAccount(entity: try fields.text("entity"), account: try fields.text("account"), iban: iban,
                                   bic: try fields.optionalText("bic"), currency: try fields.currency("currency"))
            banks.append(bank)
        }
        return banks
    }
}

/// Remembers where each code was first defined, to refuse a second definition.
private struct DefinedCodes {
    let what: String
    private var seen = Set<String>()
    private var lines: [String: Int] = [:]

    init(what: String) {
        self.what = what
    }

    func contains(_ code: String) -> Bool { seen.contains(code) }

    mutating func record(_ code: String, in fields: YAMLMapping, key: String) throws(LedgerError) {
        guard seen.insert(code).inserted else {
            let whereFirst = lines[code].map { " (first defined on line \($0))" } ?? ""
            throw fields.failure(key, "duplicate \(what) '\(code)'\(whereFirst)")
        }
        lines[code] = fields.line(of: key)
    }
}
