import ArgumentParser
import CloseEngine
import LedgerCore
import LedgerStore

struct ConsolidatedReportCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "consolidated",
        abstract: "Consolidated trial balance in the group currency: a column per entity, eliminations, group total.",
        discussion: HelpText.flowed("""
        Each operating entity is translated into the group currency (assets and liabilities at the
        period's closing rate, revenue and expense at each month's average rate, equity at the
        closing rate of the month it was booked in; the CTA balances the column on the translation
        account). The eliminations column is what the consolidation entity holds plus the
        consolidation agent's entries not yet posted (the report says which). The group column
        sums to zero. Nothing is posted.
        """))
    @OptionGroup var store: StoreOptions
    @Option(help: ArgumentHelp("The period whose end the balances are taken at.", valueName: "YYYY-MM")) var period: PeriodID
    @Option(help: "table, csv, json or html (one self-contained page).") var format: ReportFormat = .table

    func run() throws {
        let report = try ConsolidatedReport.build(store: try store.open(), period: period)
        let currency = report.currency
        func amount(_ minor: Int64) -> String { Amounts.signed(minor, currency) }
        func shown(_ minor: Int64) -> String { Amounts.grouped(minor, currency) }
        let totals = try report.columnTotals()
        switch format {
        case .html: print(try ConsolidationHTML.page(report), terminator: "")
        case .json:
            print(try JSONOutput.encode(Document(
                period: report.period.description, currency: currency.code, entities: report.entities,
                consolidation_entity: report.consolidationEntity, eliminations_basis: report.eliminationsBasis,
                cta: Dictionary(uniqueKeysWithValues: zip(report.entities, report.ctas.map(amount))),
                accounts: report.rows.map { row in
                    Document.Row(account: row.account, name: row.name, type: row.type.rawValue,
                                 entities: Dictionary(uniqueKeysWithValues: zip(report.entities, row.entities.map(amount))),
                                 eliminations: amount(row.eliminations), total: amount(row.total))
                },
                total: amount(totals.total))))
        case .csv:
            print(CSVOutput.line(["period", "currency", "account", "name"] + report.entities + ["eliminations", "total"]))
            for row in report.rows {
                print(CSVOutput.line([report.period.description, currency.code, row.account, row.name]
                                     + row.entities.map(amount) + [amount(row.eliminations), amount(row.total)]))
            }
        case .table:
            var table = TextTable(headers: ["account", "name"] + report.entities + ["eliminations", "group"],
                                  rightAligned: Set(2..<(4 + report.entities.count)))
            table.rows = report.rows.map { [$0.account, $0.name] + $0.entities.map(shown) + [shown($0.eliminations), shown($0.total)] }
            table.rows.append(["total", ""] + totals.entities.map(shown) + [shown(totals.eliminations), shown(totals.total)])
            table.rows.append(["CTA", "included in \(report.translationAccount)"] + report.ctas.map(shown) + ["", ""])
            print("Consolidated trial balance at end of \(report.period) (\(currency)); \(report.eliminationsBasis)")
            print(table.render())
        }
    }

    struct Document: Encodable {
        struct Row: Encodable {
            let account, name, type: String
            let entities: [String: String]
            let eliminations, total: String
        }
        let period, currency: String
        let entities: [String]
        let consolidation_entity, eliminations_basis: String
        let cta: [String: String]
        let accounts: [Row]
        let total: String
    }
}

struct StatementsReportCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "statements",
        abstract: "Income statement and balance sheet: one entity in its currency, or the group consolidated.",
        discussion: HelpText.flowed("""
        Revenue, liabilities and equity read as positive credits; expenses and assets as positive
        debits. The year's net income is shown in equity, so assets = liabilities + equity.
        Without --entity, the consolidated statements in the group currency. HTML: the month,
        the prior month and the year to date side by side; the balance sheet at the end of the
        month and of the prior month.
        """))
    @OptionGroup var store: StoreOptions
    @Option(help: ArgumentHelp("The period whose end the balances are taken at.", valueName: "YYYY-MM")) var period: PeriodID
    @Option(help: ArgumentHelp("One entity, in its functional currency.", valueName: "CODE"), completion: LedgerCompletion.entities) var entity: String?
    @Flag(help: "The group, consolidated in the group currency (the default).") var consolidated = false
    @Option(help: "table, csv, json or html (one self-contained page).") var format: ReportFormat = .table

    func validate() throws {
        if entity != nil && consolidated { throw ValidationError("give either --entity CODE or --consolidated, not both") }
    }

    func run() throws {
        let ledger = try store.open()
        let statements: FinancialStatements
        if let entity {
            guard ledger.group.entity(entity) != nil else {
                throw LedgerError(.unknownEntity, "unknown entity '\(SafeText.excerpt(entity, limit: 40))'\(NearestName.hint(for: entity, in: ledger.group.entities.map(\.code))); the group has \(ledger.group.entities.map(\.code).joined(separator: ", "))",
                                  at: SourceLocation(field: "--entity"))
            }
            statements = try FinancialStatements.entity(entity, store: ledger, period: period)
        } else {
            statements = try FinancialStatements.consolidated(store: ledger, period: period)
        }
        let currency = statements.currency
        func amount(_ minor: Int64) -> String { Amounts.signed(minor, currency) }
        func shown(_ minor: Int64) -> String { Amounts.grouped(minor, currency) }
        let sections: [(String, String, [FinancialStatements.Line])] = [
            ("income-statement", "revenue", statements.revenue), ("income-statement", "expenses", statements.expenses),
            ("balance-sheet", "assets", statements.assets), ("balance-sheet", "liabilities", statements.liabilities),
            ("balance-sheet", "equity", statements.equity),
        ]
        switch format {
        case .html:
            let comparatives = try entity.map { try ComparativeStatements.entity($0, store: ledger, period: period) }
                ?? ComparativeStatements.consolidated(store: ledger, period: period)
            print(try ConsolidationHTML.page(comparatives), terminator: "")
        case .json:
            func lines(_ list: [FinancialStatements.Line]) -> [Document.Line] {
                list.map { Document.Line(account: $0.account, name: $0.name, amount: amount($0.amountMinor)) }
            }
            print(try JSONOutput.encode(Document(
                scope: statements.scope, period: statements.period.description, currency: currency.code,
                revenue: lines(statements.revenue), expenses: lines(statements.expenses), net_income: amount(try statements.netIncomeMinor),
                assets: lines(statements.assets), liabilities: lines(statements.liabilities), equity: lines(statements.equity),
                total_assets: amount(try statements.totalAssetsMinor),
                total_liabilities_and_equity: amount(try statements.totalLiabilitiesAndEquityMinor))))
        case .csv:
            print(CSVOutput.line(["scope", "period", "currency", "statement", "section", "account", "name", "amount"]))
            for (statement, section, lines) in sections {
                for line in lines {
                    print(CSVOutput.line([statements.scope, statements.period.description, currency.code, statement, section,
                                          line.account, line.name, amount(line.amountMinor)]))
                }
            }
        case .table:
            print("Financial statements \(statements.scope) at end of \(statements.period) (\(currency))")
            for (statement, section, lines) in sections {
                var table = TextTable(headers: ["\(statement) / \(section)", "name", "amount"], rightAligned: [2])
                table.rows = lines.map { [$0.account, $0.name, shown($0.amountMinor)] }
                table.rows.append(["total", "", shown(try statements.total(lines))])
                print("\n" + table.render())
            }
            print("\nnet income \(shown(try statements.netIncomeMinor)); assets \(shown(try statements.totalAssetsMinor)) = liabilities and equity \(shown(try statements.totalLiabilitiesAndEquityMinor))")
        }
    }

    struct Document: Encodable {
        struct Line: Encodable { let account, name, amount: String }
        let scope, period, currency: String
        let revenue, expenses: [Line]
        let net_income: String
        let assets, liabilities, equity: [Line]
        let total_assets, total_liabilities_and_equity: String
    }
}
