import ArgumentParser
import CloseEngine
import LedgerCore
import LedgerStore

struct ReportCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "report", abstract: "Reports on the ledger.",
        subcommands: [TrialBalanceReport.self, ReconciliationReportCommand.self, IntercompanyReportCommand.self,
                      ConsolidatedReportCommand.self, StatementsReportCommand.self, CloseSummaryCommand.self])
}

struct TrialBalanceReport: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "trial-balance",
        abstract: "Per account debit, credit and balance at the end of a period, in the entity's currency.",
        discussion: HelpText.flowed("""
        Balance-sheet accounts (asset, liability, equity) since inception; revenue and expense
        accounts for the fiscal year to date. Balance = debit - credit. Without --entity, one
        trial balance per entity (JSON: an array). HTML: one self-contained page in which each
        balance links to its account's register for the period (`close journal list`).
        """))
    @OptionGroup var store: StoreOptions
    @Option(help: ArgumentHelp("The period whose end the balances are taken at.", valueName: "YYYY-MM")) var period: PeriodID
    @Option(help: ArgumentHelp("One entity (default: every entity).", valueName: "CODE"), completion: LedgerCompletion.entities) var entity: String?
    @Option(help: "table, csv, json or html (one self-contained page).") var format: ReportFormat = .table

    func run() throws {
        let ledger = try store.open()
        let codes = entity.map { [$0] } ?? ledger.group.entities.map(\.code)
        let balances = try codes.map { try ledger.trialBalance(entity: $0, period: period) }
        switch format {
        case .table:
            print(try balances.map(Self.table).joined(separator: "\n\n"))
        case .csv:
            print(CSVOutput.line(["entity", "period", "currency", "account", "name", "debit", "credit", "balance"]))
            for balance in balances {
                for row in balance.rows {
                    print(CSVOutput.line([balance.entity, balance.period.description, balance.currency.code, row.account, row.name,
                                          Amounts.signed(row.debitMinor, balance.currency), Amounts.signed(row.creditMinor, balance.currency),
                                          Amounts.signed(row.balanceMinor, balance.currency)]))
                }
            }
        case .json:
            let documents = try balances.map(Self.json)
            print(entity == nil ? try JSONOutput.encode(documents) : try JSONOutput.encode(documents[0]))
        case .html:
            let registers = try codes.map { try AccountRegister.build(store: ledger, entity: $0, from: period, to: period) }
            print(try RegisterHTML.trialBalancePage(balances, registers: registers), terminator: "")
        }
    }

    static func table(_ balance: TrialBalance) throws -> String {
        let currency = balance.currency
        var table = TextTable(headers: ["account", "name", "debit", "credit", "balance"], rightAligned: [2, 3, 4])
        table.rows = balance.rows.map {
            [$0.account, $0.name, Amounts.grouped($0.debitMinor, currency), Amounts.grouped($0.creditMinor, currency),
             Amounts.grouped($0.balanceMinor, currency)]
        }
        let debit = try balance.totalDebitMinor(), credit = try balance.totalCreditMinor()
        table.rows.append(["total", "", Amounts.grouped(debit, currency), Amounts.grouped(credit, currency),
                           Amounts.grouped(try Checked.add(debit, try Checked.negate(credit)), currency)])
        return "Trial balance \(balance.entity) at end of \(balance.period) (\(currency))\n" + table.render()
    }

    struct Document: Encodable {
        struct Row: Encodable { let account, name, debit, credit, balance: String }
        let period, entity, currency: String
        let accounts: [Row]
        let total_debit, total_credit: String
    }

    static func json(_ balance: TrialBalance) throws -> Document {
        let currency = balance.currency
        return Document(
            period: balance.period.description, entity: balance.entity, currency: currency.code,
            accounts: balance.rows.map {
                Document.Row(account: $0.account, name: $0.name, debit: Amounts.signed($0.debitMinor, currency),
                             credit: Amounts.signed($0.creditMinor, currency), balance: Amounts.signed($0.balanceMinor, currency))
            },
            total_debit: Amounts.signed(try balance.totalDebitMinor(), currency),
            total_credit: Amounts.signed(try balance.totalCreditMinor(), currency))
    }
}
