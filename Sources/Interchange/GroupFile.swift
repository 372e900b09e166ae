import LedgerCore
import Yams

/// The group definition YAML (docs/file-formats.md): group name and currency, entities,
/// the shared chart of accounts, users, bank accounts and recurring accrual templates.
/// Every error is a `LedgerError` naming the file, the YAML line and the field path; the
/// finished definition passes `GroupDefinition.validate()`.
public enum GroupFile {
    static let topLevelKeys = ["name", "currency", "fiscal_year_start_month", "entities", "accounts", "users", "bank_accounts", "recurring_accruals"]

    /// Reads and parses the file at `path`; errors name the path.
    public static func parse(contentsOf path: String) throws(LedgerError) -> GroupDefinition {
        try parse(YAMLDocument.text(contentsOf: path, code: .invalidGroup), file: path)
    }

    public static func parse(_ text: String, file: String) throws(LedgerError) -> GroupDefinition {
        guard let root = try YAMLDocument.compose(text, file: file, code: .invalidGroup) else {
            throw LedgerError(.invalidGroup, "the file is empty; expected a group definition with the keys \(topLevelKeys.joined(separator: ", "))",
                              at: SourceLocation(file: file))
        }
        return try parse(node: root, file: file)
    }

    /// A group mapping already composed, e.g. one written inline in a scenario file: the same
    /// rules as a group file, so the two can never drift apart. Field paths are relative to
    /// `node` (the caller prefixes them); lines are those of the file `node` came from.
    package static func parse(node root: Node, file: String) throws(LedgerError) -> GroupDefinition {
        let document = try YAMLMapping(root, path: "", file: file, keys: topLevelKeys)
        let name = try document.text("name")
        let currency = try document.currency("currency")
        let fiscalYearStartMonth = try document.integer("fiscal_year_start_month", default: 1)
        let entities = try entities(in: document)
        let accounts = try accounts(in: document)
        let group = GroupDefinition(
            name: name, currency: currency, fiscalYearStartMonth: fiscalYearStartMonth,
            entities: entities, accounts: accounts,
            users: try users(in: document),
            bankAccounts: try bankAccounts(in: document),
            recurringAccruals: try recurringAccruals(in: document, entities: entities, accounts: accounts))
        do {
            try group.validate()
        } catch {
            // validate() names a field such as "accounts.code" but not which element;
            // the line of its top-level key is the closest place we can point at.
            let topLevelKey = error.location?.field.map { String($0.prefix { $0 != "." }) }
            throw error.at(SourceLocation(file: file, line: topLevelKey.flatMap(document.keyLine(of:))))
        }
        return group
    }
}
