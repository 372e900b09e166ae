import Foundation
import Testing
import Governance
import LedgerCore
import LedgerStore
@testable import Agents
@testable import CloseEngine

/// The HTML report pages a controller reviews (issue 19): one layout and stylesheet, headline
/// figures, the reconciliation in the standard form with aging, the rates used, statements
/// with comparatives, long pages folded.
@Suite struct ReportPagesTests {
    static let period = CloseRunnerTests.period

    /// Every report page of the demo month, before its close (open items and proposals to see).
    static func pages(_ store: LedgerStore) throws -> [String: String] {
        let accounts = try ReconciliationReport.build(store: store, period: period, entity: nil)
        let forms = try ReconciliationReport.forms(store: store, period: period, entity: nil)
        let codes = store.group.entities.map(\.code)
        let balances = try codes.map { try store.trialBalance(entity: $0, period: period) }
        let registers = try codes.map { try AccountRegister.build(store: store, entity: $0, from: period, to: period) }
        return [
            "reconciliation": ReconciliationReport.html(accounts, forms: forms, period: period),
            "intercompany": IntercompanyReport.html(try IntercompanyReport.build(store: store, period: period), period: period),
            "consolidated": try ConsolidationHTML.page(try ConsolidatedReport.build(store: store, period: period)),
            "statements": try ConsolidationHTML.page(try ComparativeStatements.consolidated(store: store, period: period)),
            "statements-DE01": try ConsolidationHTML.page(try ComparativeStatements.entity("DE01", store: store, period: period)),
            "trial-balance": try RegisterHTML.trialBalancePage(balances, registers: registers),
            "register": RegisterHTML.registerPage(registers[0]),
        ]
    }

    static func count(_ needle: String, in text: String) -> Int { text.components(separatedBy: needle).count - 1 }

    @Test func everyPageHasTheSharedStylesheetOnceAndNoStyleOfItsOwn() throws {
        let store = try CloseRunnerTests.demoLedger()
        var pages = try Self.pages(store)
        let runner = CloseRunner(store: store, period: Self.period)
        let run = try runner.prepareRun(template: CloseTemplateFile.defaultTemplate(), actor: "system", owner: "test")
        var decider = ScriptedDecisions(try CloseRunnerTests.script())
        _ = try runner.run(run, decider: &decider)
        pages["close-summary"] = try CloseSummary.of(try #require(try store.closeRun(period: Self.period)), store: store).html()
        for (name, html) in pages {
            #expect(html.hasPrefix("<!DOCTYPE html>"), "\(name)")
            #expect(Self.count(HTMLPage.stylesheetMarker, in: html) == 1, "\(name): the shared stylesheet, once")
            #expect(Self.count("<style", in: html) == 1 && Self.count("style=", in: html) == 0, "\(name): no style of its own")
            #expect(!html.contains("<script"), "\(name)")
        }
    }

    /// In the sources, only `HTMLPage` writes a `<style>` element or escapes `&` for HTML.
    @Test func onlyHTMLPageHasAStylesheetOrAnEscaper() throws {
        let sources = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().appendingPathComponent("Sources")
        let files = try #require(FileManager.default.enumerator(at: sources, includingPropertiesForKeys: nil)).compactMap { $0 as? URL }
            .filter { $0.pathExtension == "swift" && !$0.path.contains("/Interchange/") }
        #expect(files.count > 50)
        for file in files where file.lastPathComponent != "HTMLPage.swift" {
            let text = try String(contentsOf: file, encoding: .utf8)
            #expect(!text.contains("<style"), "\(file.lastPathComponent) has a stylesheet of its own")
            #expect(!text.contains("\"&amp;\""), "\(file.lastPathComponent) has an escaper of its own")
        }
    }

    @Test func theFormsLinesAddUpToTheDifferenceAndThePageShowsThem() throws {
        let store = try CloseRunnerTests.demoLedger()
        let accounts = try ReconciliationReport.build(store: store, period: Self.period, entity: nil)
        let forms = try ReconciliationReport.forms(store: store, period: Self.period, entity: nil)
        #expect(forms.count == accounts.count && forms.contains { $0 != nil })
        let html = ReconciliationReport.html(accounts, forms: forms, period: Self.period)
        for (account, form) in zip(accounts, forms) {
            guard let form else { continue }
            // Balance per bank + in transit - outstanding = adjusted bank; books + interest - fees +/- errors = adjusted books.
            let bank = form.balancePerBankMinor + form.depositsInTransitMinor - form.outstandingPaymentsMinor
            let books = form.balancePerBooksMinor + form.interestMinor - form.feesMinor + form.errorsMinor
            #expect(try form.adjustedBankMinor() == bank && form.adjustedBooksMinor() == books)
            #expect(bank - books == form.differenceMinor, "\(account.entity) \(account.account)")
            #expect((form.differenceMinor == 0) == account.certified, "\(account.entity) \(account.account)")
            // Each line of the form is on the page, grouped, with its currency.
            let prefix = "account-\(account.entity)-\(account.account)-"
            for line in try ReconciliationFormHTML.lines(form) {
                let shown = "\(Decimal10.format(line.amountMinor, scale: form.currency.exponent, grouped: true)) \(form.currency.code)"
                #expect(html.contains("id=\"\(prefix)\(line.id)\"><td>\(HTMLPage.escape(line.label))</td><td class=\"n\">\(shown)</td>"), "\(prefix)\(line.id)")
            }
            for bucket in ["0", "31", "61", "91"] { #expect(html.contains("id=\"\(prefix)aging-\(bucket)\""), "\(prefix)aging-\(bucket)") }
            // The buckets hold every open item once.
            let buckets = form.aging(asOf: Self.period.lastDay)
            #expect(buckets.reduce(0) { $0 + $1.count } == form.outstandingItems.count + form.bankOnlyLines.count)
        }
        #expect(html.contains("<tr class=\"subtotal\"><td>DE01 subtotal</td>"), "grouped by entity with a subtotal")
        #expect(html == ReconciliationReport.html(accounts, forms: try ReconciliationReport.forms(store: store, period: Self.period, entity: nil), period: Self.period),
                "same books, same bytes")
    }

    @Test func agingPutsEachOpenItemInTheBucketOfItsAge() throws {
        let asOf = try CalendarDate(parsing: "2026-05-31")
        func item(_ days: Int, _ amount: Int64) -> LedgerItem {
            LedgerItem(entryKey: "e\(days)", document: "D\(days)", date: asOf.adding(days: -days), amountMinor: amount, reference: "r", description: "d")
        }
        func line(_ days: Int, _ amount: Int64) -> BankLine {
            BankLine(bookingDate: asOf.adding(days: -days), valueDate: asOf.adding(days: -days), amountMinor: amount, reference: "r",
                     bankReference: "b\(days)", counterparty: "c", description: "d")
        }
        let form = ReconciliationFigures(currency: .usd, balancePerBankMinor: 0, depositsInTransitMinor: 0, outstandingPaymentsMinor: 0,
                                         balancePerBooksMinor: 0, interestMinor: 0, feesMinor: 0, errorsMinor: 0, differenceMinor: 0, matches: [],
                                         outstandingItems: [item(0, 100), item(30, -200), item(31, 300), item(90, 400), item(91, -500)],
                                         bankOnlyLines: [line(60, 7), line(61, 11), line(400, 13), line(-3, 17)])
        let buckets = form.aging(asOf: asOf)
        #expect(buckets.map(\.label) == ["0-30", "31-60", "61-90", "over 90"])
        #expect(buckets.map { $0.bookItems.map(\.document) } == [["D0", "D30"], ["D31"], ["D90"], ["D91"]])
        #expect(buckets.map { $0.bankItems.map(\.bankReference) } == [["b-3"], ["b60"], ["b61"], ["b400"]], "a line dated after the day counts as 0 days")
        let sums: [Int64] = try buckets.map { try $0.amountMinor() }
        #expect(sums == [-83, 307, 411, -487], "100 - 200 + 17; 300 + 7; 400 + 11; -500 + 13")
        let html = ReconciliationFormHTML.aging(form, asOf: asOf)
        #expect(html.contains("<tr id=\"aging-31\"><td>31-60</td><td class=\"n\">2</td><td class=\"n\">3.07 USD</td>"))
    }

    @Test func theConsolidatedPageShowsTheStoredRates() throws {
        let store = try CloseRunnerTests.demoLedger()
        let report = try ConsolidatedReport.build(store: store, period: Self.period)
        let html = try ConsolidationHTML.page(report)
        #expect(html.contains("<table id=\"rates\">"))
        for currency in [Currency.eur, .gbp, .jpy] {
            for type in [RateType.closing, .average] {
                let stored = try #require(try store.rate(from: currency, to: .usd, type: type, period: Self.period))
                #expect(report.rate(currency, type) == stored, "\(currency) \(type)")
                #expect(html.contains("<td class=\"n\">\(stored.description)</td><td>\(HTMLPage.escape(stored.derivation))</td>"), "\(currency) \(type)")
            }
        }
        #expect(report.rate(.usd, .closing) == nil, "the group currency needs no rate")
    }

    @Test func statementsCarryThePriorPeriodAndTheYearToDate() throws {
        let store = try CloseRunnerTests.demoLedger()
        let may = try ComparativeStatements.entity("DE01", store: store, period: Self.period)
        let april = try FinancialStatements.entity("DE01", store: store, period: Self.period.previous)
        let march = try FinancialStatements.entity("DE01", store: store, period: Self.period.previous.previous)
        // The balance sheet's prior column is April's balance sheet.
        for row in may.balanceRows(\.assets) + may.balanceRows(\.liabilities) + may.balanceRows(\.equity) {
            let prior = (april.assets + april.liabilities + april.equity).first { $0.account == row.account }?.amountMinor ?? 0
            #expect(row.priorMinor == prior, "\(row.account)")
        }
        // The income statement: the month is the year to date less April's; the prior month is April's own.
        let revenue = try may.incomeRows(\.revenue)
        #expect(!revenue.isEmpty)
        for row in revenue + (try may.incomeRows(\.expenses)) {
            let aprilYTD = (april.revenue + april.expenses).first { $0.account == row.account }?.amountMinor ?? 0
            let marchYTD = (march.revenue + march.expenses).first { $0.account == row.account }?.amountMinor ?? 0
            #expect(row.yearToDateMinor == (may.current.revenue + may.current.expenses).first { $0.account == row.account }?.amountMinor ?? 0)
            #expect(row.periodMinor == row.yearToDateMinor! - aprilYTD, "\(row.account)")
            #expect(row.priorMinor == aprilYTD - marchYTD, "\(row.account)")
        }
        #expect(try may.netIncome().yearToDateMinor == may.current.netIncomeMinor)
        let html = try ConsolidationHTML.page(may)
        #expect(html.contains("<th class=\"n\">2026-05</th><th class=\"n\">2026-04</th><th class=\"n\">year to date</th>"))
        #expect(html.contains("<th class=\"n\">end of 2026-05</th><th class=\"n\">end of 2026-04</th>"))
        let group = try ConsolidationHTML.page(try ComparativeStatements.consolidated(store: store, period: Self.period))
        #expect(group.contains("<th class=\"n\">2026-04</th>"))
    }

    @Test func theCloseSummaryOpensWithItsFiguresAndHasALegend() throws {
        let store = try CloseRunnerTests.demoLedger()
        let runner = CloseRunner(store: store, period: Self.period)
        let run = try runner.prepareRun(template: CloseTemplateFile.defaultTemplate(), actor: "system", owner: "test")
        var decider = ScriptedDecisions(try CloseRunnerTests.script())
        #expect(try runner.run(run, decider: &decider) == .closed)
        let summary = try CloseSummary.of(try #require(try store.closeRun(period: Self.period)), store: store)
        let html = summary.html()
        #expect(html.contains("<ul class=\"figures\" id=\"figures\"><li><b>5 of 5</b><span>entities closed</span></li>"))
        #expect(html.contains("<li><b>\(summary.entriesPosted)</b><span>entries posted</span></li>"))
        #expect(html.contains("<li><b>\(summary.tasks.count) of \(summary.tasks.count)</b><span>tasks done</span></li>"))
        #expect(html.contains("class=\"legend\"") && html.contains("waiting for a human"))
        #expect(html.contains("<tr class=\"group\"><th colspan=\"6\">bank-reconciliation</th></tr>"), "tasks grouped by kind")
        #expect(html.range(of: "id=\"figures\"")!.lowerBound < html.range(of: "<svg")!.lowerBound, "the figures come first")
    }

    @Test func rowsPastTheLimitAreFoldedNotDropped() {
        let rows = (1...30).map { "<tr><td>row \($0)</td></tr>\n" }
        let html = HTMLPage.foldedRows(rows, header: "<tr><th>h</th></tr>", columns: 1, what: "rows")
        #expect(Self.count("<tr><td>row ", in: html) == 30)
        #expect(html.contains("<details><summary>5 more rows</summary>"))
        #expect(html.components(separatedBy: "<details>")[0].contains("row 25</td>") && !html.components(separatedBy: "<details>")[0].contains("row 26</td>"))
        #expect(HTMLPage.foldedRows(Array(rows.prefix(25)), header: "", columns: 1, what: "rows") == rows.prefix(25).joined(), "nothing to fold")
    }
}
