import Foundation
import Testing

/// Every `--format html` report page of the binary on the demo month closed: one shared
/// stylesheet, the content a controller reviews (issue 19), the same bytes twice.
@Suite struct ReportPagesEndToEndTests {
    static let marker = "/* close: shared stylesheet */"

    @Test func everyReportPageSharesTheStylesheetAndShowsWhatAControllerReviews() throws {
        let scratch = try Scratch()
        let demo = try CloseBinary.run(["demo", "--db", "demo.db"], in: scratch.url)
        #expect(demo.status == 0, "\(demo.stderr)")
        let pages: [(String, [String], [String])] = [
            ("reconciliation", ["report", "reconciliation"],
             ["Balance per bank statement", "= adjusted bank balance", "= adjusted book balance", "Difference (adjusted bank - adjusted books)",
              "<td>0-30</td>", "<td>31-60</td>", "<td>61-90</td>", "<td>over 90</td>", "<tr class=\"subtotal\"><td>US01 subtotal</td>"]),
            ("intercompany", ["report", "intercompany"], ["entity pairs", "differences to resolve"]),
            ("consolidated", ["report", "consolidated"], ["<h2>Rates used</h2>", "closing rate 2026-05", "average rate 2026-05", "stored EUR-&gt;USD"]),
            ("statements", ["report", "statements", "--consolidated"], ["<th class=\"n\">2026-04</th><th class=\"n\">year to date</th>", "end of 2026-04"]),
            ("statements-entity", ["report", "statements", "--entity", "JP01"], ["<th class=\"n\">2026-04</th><th class=\"n\">year to date</th>"]),
            ("trial-balance", ["report", "trial-balance", "--entity", "US01"], ["<a href=\"#register-US01-1000\">"]),
            ("register", ["journal", "list", "--entity", "US01", "--account", "1000"], ["opening balance", "closing balance"]),
            ("close-summary", ["report", "close-summary"], ["entities closed", "tasks done", "entries posted", "findings open", "days to close", "class=\"legend\""]),
        ]
        for (name, arguments, expected) in pages {
            let command = arguments + ["--period", "2026-05", "--db", "demo.db", "--format", "html"]
            let page = try CloseBinary.run(command, in: scratch.url)
            #expect(page.status == 0, "\(name): \(page.stderr)")
            let html = page.stdout
            #expect(html.hasPrefix("<!DOCTYPE html>") && !html.contains("<script"), "\(name)")
            #expect(html.components(separatedBy: Self.marker).count == 2 && html.components(separatedBy: "<style").count == 2, "\(name): one shared stylesheet")
            for text in expected { #expect(html.contains(text), "\(name): \(text)") }
            #expect(try CloseBinary.run(command, in: scratch.url).stdout == html, "\(name): same books, same bytes")
        }
    }
}
