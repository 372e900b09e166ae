import ArgumentParser
import CloseEngine
import Foundation
import LedgerCore
import LedgerStore

enum ReportFormat: String, ExpressibleByArgument, CaseIterable {
    case table, csv, json, html
}

struct ReconciliationReportCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "reconciliation",
        abstract: "Bank reconciliation of every bank account for a period: matches, entries to propose, reconciling items, certification.",
        discussion: HelpText.flowed("""
        Runs the bank reconciliation agent read-only on the ledger as it stands; nothing is posted.
        HTML: the accounts grouped by entity with subtotals; each in the standard form (balance per
        bank, deposits in transit, outstanding payments; balance per books, interest, fees, errors;
        the difference) with its open items in age buckets (0-30, 31-60, 61-90, over 90 days).
        """))
    @OptionGroup var store: StoreOptions
    @Option(help: "The period, YYYY-MM.") var period: PeriodID
    @Option(help: ArgumentHelp("Only this entity's accounts.", valueName: "CODE"), completion: LedgerCompletion.entities) var entity: String?
    @Option(help: "table, csv, json or html (one self-contained page).") var format: ReportFormat = .table

    func run() throws {
        let ledger = try store.open()
        if let entity, ledger.group.entity(entity) == nil {
            throw LedgerError(.unknownEntity, "unknown entity '\(SafeText.excerpt(entity, limit: 40))'\(NearestName.hint(for: entity, in: ledger.group.entities.map(\.code))); the group has \(ledger.group.entities.map(\.code).joined(separator: ", "))", at: SourceLocation(field: "--entity"))
        }
        let accounts = try ReconciliationReport.build(store: ledger, period: period, entity: entity)
        switch format {
        case .json: print(try JSONOutput.encode(accounts))
        case .html:
            let forms = try ReconciliationReport.forms(store: ledger, period: period, entity: entity)
            print(ReconciliationReport.html(accounts, forms: forms, period: period), terminator: "")
        case .csv:
            print(CSVOutput.line(["entity", "account", "iban", "currency", "statement_lines", "matched_lines", "entries_proposed", "outstanding", "bank_only", "certified", "certification"]))
            for account in accounts {
                print(CSVOutput.line([account.entity, account.account, account.iban, account.currency, String(account.statementLines),
                                    String(account.matchedLines), String(account.proposedEntries.count), String(account.outstanding.count),
                                    String(account.bankOnly.count), account.certified ? "yes" : "no", account.certification]))
            }
        case .table:
            var table = TextTable(headers: ["entity", "account", "matched", "entries", "outstanding", "bank only", "certified"])
            table.rows = accounts.map { [$0.entity, $0.account, "\($0.matchedLines)/\($0.statementLines)", String($0.proposedEntries.count),
                                        String($0.outstanding.count), String($0.bankOnly.count), $0.certified ? "yes" : "no"] }
            print(table.render())
            for account in accounts {
                for item in account.proposedEntries { print("  \(account.entity)/\(account.account) propose: \(item)") }
                for item in account.outstanding + account.bankOnly + account.other { print("  \(account.entity)/\(account.account) \(item)") }
                print("  \(account.entity)/\(account.account) \(account.certification)")
            }
        }
    }
}
