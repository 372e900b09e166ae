import Agents
import Foundation
import LedgerCore

/// The consolidated trial balance and the statements as self-contained HTML pages (no
/// scripts, no external files).
public enum ConsolidationHTML {
    public static func page(_ report: ConsolidatedReport) throws -> String {
        let currency = report.currency
        func cell(_ minor: Int64) -> String { HTMLPage.amountCell(minor, currency) }
        var rows = ""
        for row in report.rows {
            rows += "<tr><td>\(escape(row.account))</td><td>\(escape(row.name))</td>" + row.entities.map(cell).joined()
                + cell(row.eliminations) + cell(row.total) + "</tr>\n"
        }
        let totals = try report.columnTotals()
        rows += "<tr class=\"total\"><td>total</td><td></td>" + totals.entities.map(cell).joined() + cell(totals.eliminations) + cell(totals.total) + "</tr>\n"
        rows += "<tr class=\"cta\"><td>CTA</td><td>included in \(escape(report.translationAccount))</td>"
            + report.ctas.map(cell).joined() + "<td></td><td></td></tr>\n"
        let headers = report.entities.map { "<th class=\"n\">\(escape($0))</th>" }.joined()
        let title = "Consolidated trial balance \(report.period) (\(currency))"
        return document(title: title, body: """
            <p>Every entity translated into \(currency); \(escape(report.eliminationsBasis)).</p>
            <table id="consolidated"><tr><th>account</th><th>name</th>\(headers)<th class="n">eliminations</th><th class="n">group</th></tr>
            \(rows)</table>
            \(ratesSection(report))
            """)
    }

    /// The rates used: per currency the period's closing and average rate with how each was
    /// found and the day it is dated, then the earlier months' rates (folded when many).
    static func ratesSection(_ report: ConsolidatedReport) -> String {
        guard !report.rates.isEmpty else {
            return "<h2>Rates used</h2>\n<p class=\"muted\">Every entity reports in \(report.currency): no rate was needed.</p>\n"
        }
        func text(_ rate: ConversionRate?) -> String { rate.map { escape($0.description) } ?? "-" }
        func source(_ rate: ConversionRate?) -> String { rate.map { escape($0.derivation) } ?? "-" }
        let dated = escape(report.period.lastDay.description)
        var html = "<h2>Rates used</h2>\n<p>One unit of each currency in \(report.currency): assets and liabilities at the closing rate, "
            + "revenue and expense at each month's average rate, equity at the closing rate of the month it was booked in. "
            + "Closing and average rates of a month are dated on its last day.</p>\n"
        html += "<table id=\"rates\"><tr><th>currency</th><th class=\"n\">closing rate \(report.period)</th><th>source</th>"
            + "<th class=\"n\">average rate \(report.period)</th><th>source</th><th>dated</th></tr>\n"
        let currencies = Array(Set(report.rates.map(\.from))).sorted { $0.code < $1.code }
        for currency in currencies {
            let closing = report.rate(currency, .closing), average = report.rate(currency, .average)
            html += "<tr><td>\(currency)</td><td class=\"n\">\(text(closing))</td><td>\(source(closing))</td>"
                + "<td class=\"n\">\(text(average))</td><td>\(source(average))</td><td>\(dated)</td></tr>\n"
        }
        html += "</table>\n"
        let earlier = report.rates.filter { $0.period != report.period }
        if !earlier.isEmpty {
            let header = "<tr><th>currency</th><th>month</th><th>type</th><th class=\"n\">rate</th><th>source</th></tr>\n"
            let rows = earlier.map { use in
                "<tr><td>\(use.from)</td><td>\(use.period)</td><td>\(use.type.rawValue)</td><td class=\"n\">\(text(use.rate))</td><td>\(source(use.rate))</td></tr>\n"
            }
            html += "<h3>Earlier months' rates used</h3>\n<table id=\"earlier-rates\">\(header)"
                + HTMLPage.foldedRows(rows, header: header, columns: 5, what: "rates", limit: 12) + "</table>\n"
        }
        return html
    }

    /// The income statement for the period, the prior period and the year to date; the
    /// balance sheet at the end of the period and of the prior period. A figure that could not
    /// be computed (a prior period of the group without its rates) shows as "-".
    public static func page(_ comparatives: ComparativeStatements) throws -> String {
        let statements = comparatives.current
        let currency = statements.currency
        let hasPrior = comparatives.prior != nil
        func figure(_ minor: Int64?) -> String { minor.map { HTMLPage.amountCell($0, currency) } ?? "<td class=\"n\">-</td>" }
        func row(_ row: ComparativeStatements.Row, income: Bool, total: Bool = false) -> String {
            "<tr\(total ? " class=\"total\"" : "")><td>\(escape(row.account))</td><td>\(escape(row.name))</td>\(figure(row.periodMinor))"
                + (hasPrior ? figure(row.priorMinor) : "") + (income ? figure(row.yearToDateMinor) : "") + "</tr>\n"
        }
        func section(_ title: String, _ rows: [ComparativeStatements.Row], income: Bool) throws -> String {
            let columns = 3 + (hasPrior ? 1 : 0) + (income ? 1 : 0)
            return "<tr class=\"group\"><th colspan=\"\(columns)\">\(escape(title))</th></tr>\n" + rows.map { row($0, income: income) }.joined()
                + row(try ComparativeStatements.total(rows, label: "total \(title.lowercased())"), income: income, total: true)
        }
        let period = comparatives.period, prior = comparatives.priorPeriod
        let incomeHeader = "<tr class=\"head\"><th>account</th><th>name</th><th class=\"n\">\(period)</th>"
            + (hasPrior ? "<th class=\"n\">\(prior)</th>" : "") + "<th class=\"n\">year to date</th></tr>\n"
        let balanceHeader = "<tr class=\"head\"><th>account</th><th>name</th><th class=\"n\">end of \(period)</th>"
            + (hasPrior ? "<th class=\"n\">end of \(prior)</th>" : "") + "</tr>\n"
        let income = try section("Revenue", try comparatives.incomeRows(\.revenue), income: true)
            + section("Expenses", try comparatives.incomeRows(\.expenses), income: true)
            + row(try comparatives.netIncome(), income: true, total: true)
        let assets = comparatives.balanceRows(\.assets)
        let liabilities = comparatives.balanceRows(\.liabilities), equity = comparatives.balanceRows(\.equity)
        let balance = try section("Assets", assets, income: false)
            + section("Liabilities", liabilities, income: false)
            + section("Equity", equity, income: false)
            + row(try ComparativeStatements.total(liabilities + equity, label: "liabilities and equity"), income: false, total: true)
        let title = "Financial statements \(statements.scope) \(statements.period) (\(currency))"
        let note = hasPrior
            ? "The month \(period), the prior month \(prior) and the fiscal year to date; the balance sheet at the end of each month."
            : "The fiscal year to date; the balance sheet at the end of the month."
        return document(title: title, body: """
            <p class="muted">\(escape(note)) Revenue, liabilities and equity read as positive credits; expenses and assets as positive debits.</p>
            <h2>Income statement</h2><table id="income-statement">\(incomeHeader)\(income)</table>
            <h2>Balance sheet</h2><table id="balance-sheet">\(balanceHeader)\(balance)</table>
            """)
    }

    static func document(title: String, body: String) -> String {
        HTMLPage.document(title: title, body: "<h1>\(escape(title))</h1>\n" + body)
    }

    static func escape(_ text: String) -> String { HTMLPage.escape(text) }
}
