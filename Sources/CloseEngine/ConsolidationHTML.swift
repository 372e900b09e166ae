import Foundation
import LedgerCore

/// The consolidated trial balance and the statements as self-contained HTML pages (no
/// scripts, no external files).
public enum ConsolidationHTML {
    public static func page(_ report: ConsolidatedReport) throws -> String {
        let currency = report.currency
        func cell(_ minor: Int64) -> String { "<td class=\"n\">\(Decimal10.format(minor, scale: currency.exponent))</td>" }
        var rows = ""
        for row in report.rows {
            rows += "<tr><td>\(escape(row.account))</td><td>\(escape(row.name))</td>" + row.entities.map(cell).joined()
                + cell(row.eliminations) + cell(row.total) + "</tr>\n"
        }
        let totals = try report.columnTotals()
        rows += "<tr class=\"total\"><td>total</td><td></td>" + totals.entities.map(cell).joined() + cell(totals.eliminations) + cell(totals.total) + "</tr>\n"
        rows += "<tr class=\"cta\"><td>CTA</td><td>included in \(escape(report.translationAccount))</td>"
            + report.ctas.map(cell).joined() + "<td></td><td></td></tr>\n"
        let headers = report.entities.map { "<th>\(escape($0))</th>" }.joined()
        let title = "Consolidated trial balance \(report.period) (\(currency))"
        return document(title: title, body: """
            <p>Every entity translated into \(currency); \(escape(report.eliminationsBasis)).</p>
            <table><tr><th>account</th><th>name</th>\(headers)<th>eliminations</th><th>group</th></tr>
            \(rows)</table>
            """)
    }

    public static func page(_ statements: FinancialStatements) throws -> String {
        let currency = statements.currency
        func section(_ title: String, _ lines: [FinancialStatements.Line], total: Int64) -> String {
            var html = "<tr class=\"head\"><th colspan=\"3\">\(escape(title))</th></tr>\n"
            for line in lines {
                html += "<tr><td>\(escape(line.account))</td><td>\(escape(line.name))</td><td class=\"n\">\(Decimal10.format(line.amountMinor, scale: currency.exponent))</td></tr>\n"
            }
            return html + "<tr class=\"total\"><td></td><td>total \(escape(title.lowercased()))</td><td class=\"n\">\(Decimal10.format(total, scale: currency.exponent))</td></tr>\n"
        }
        let income = section("Revenue", statements.revenue, total: try statements.total(statements.revenue))
            + section("Expenses", statements.expenses, total: try statements.total(statements.expenses))
            + "<tr class=\"total\"><td></td><td>net income</td><td class=\"n\">\(Decimal10.format(try statements.netIncomeMinor, scale: currency.exponent))</td></tr>\n"
        let balance = section("Assets", statements.assets, total: try statements.totalAssetsMinor)
            + section("Liabilities", statements.liabilities, total: try statements.total(statements.liabilities))
            + section("Equity", statements.equity, total: try statements.total(statements.equity))
            + "<tr class=\"total\"><td></td><td>liabilities and equity</td><td class=\"n\">\(Decimal10.format(try statements.totalLiabilitiesAndEquityMinor, scale: currency.exponent))</td></tr>\n"
        let title = "Financial statements \(statements.scope) \(statements.period) (\(currency))"
        return document(title: title, body: """
            <h2>Income statement</h2><table>\(income)</table>
            <h2>Balance sheet</h2><table>\(balance)</table>
            """)
    }

    static func document(title: String, body: String) -> String {
        HTMLPage.document(title: title, body: "<h1>\(escape(title))</h1>\n" + body)
    }

    static func escape(_ text: String) -> String { HTMLPage.escape(text) }
}
