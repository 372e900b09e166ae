import LedgerCore
import Yams

/// The optional `recurring_accruals` list of a group file: costs the close accrues every
/// month unless their invoice is booked, e.g.
/// `- {entity: US01, account: "6100", amount: "12000.00", description: Office rent, matches: Rent}`.
/// Entities and accounts are checked here against the lists read before, so the error can
/// name the line.
extension GroupFile {
    static func recurringAccruals(in document: YAMLMapping, entities: [Entity], accounts: [Account]) throws(LedgerError) -> [RecurringAccrual] {
        guard document.has("recurring_accruals") else { return [] }
        var templates: [RecurringAccrual] = []
        var lines: [String: Int] = [:]
        for (node, path) in try document.list("recurring_accruals") {
            let fields = try YAMLMapping(node, path: path, file: document.file,
                                         keys: ["entity", "account", "amount", "currency", "description", "matches"])
            let code = try fields.text("entity")
            guard let entity = entities.first(where: { $0.code == code }), !entity.isConsolidation else {
                let known = entities.filter { !$0.isConsolidation }.map(\.code).joined(separator: ", ")
                throw fields.failure("entity", "unknown entity '\(code)'; a recurring accrual belongs to an operating entity of the group: \(known)")
            }
            let accountCode = try fields.text("account")
            guard let account = accounts.first(where: { $0.code == accountCode }) else {
                throw fields.failure("account", "unknown account '\(accountCode)'; it is not in the group's chart of accounts")
            }
            guard !account.isIntercompany, !account.isClosed else {
                throw fields.failure("account", "account \(accountCode) is \(account.isClosed ? "closed" : "intercompany"); a recurring accrual books an outside supplier's cost to an open account")
            }
            let currency = fields.has("currency") ? try fields.currency("currency") : entity.currency
            let template = RecurringAccrual(entity: code, account: accountCode, currency: currency,
                                            amountMinor: try amount(fields, currency: currency),
                                            description: try fields.text("description"), matches: try fields.text("matches"))
            if let first = lines[template.key] {
                throw fields.failure("matches", "a recurring accrual of \(code) on \(accountCode) matching '\(template.matches)' is already defined on line \(first)")
            }
            lines[template.key] = fields.line(of: "matches")
            templates.append(template)
        }
        return templates
    }

    /// A positive decimal with at most the currency's decimals, e.g. "12000.00".
    private static func amount(_ fields: YAMLMapping, currency: Currency) throws(LedgerError) -> Int64 {
        let text = try fields.text("amount")
        let example = Decimal10.format(12_000 * currency.minorUnitsPerMajor, scale: currency.exponent)
        let minorUnits: Int64
        do {
            minorUnits = try AmountLimit.parse(text, currency, allowNegative: false)
        } catch {
            if AmountLimit.isOverLimit(error) { throw fields.failure("amount", "'amount' \(error.message)") }
            throw fields.failure("amount", "'amount' must be a positive amount in \(currency.code), e.g. \"\(example)\": \(error.message)")
        }
        guard minorUnits > 0 else { throw fields.failure("amount", "'amount' is zero; a recurring accrual needs a positive amount, e.g. \"\(example)\"") }
        return minorUnits
    }
}
