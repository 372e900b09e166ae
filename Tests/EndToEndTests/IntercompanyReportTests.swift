import Foundation
import Testing

/// `close report intercompany` from the outside, on the intercompany-heavy scenario: five
/// faults of each intercompany kind, two differences each (a charge's receivable and revenue).
@Suite struct IntercompanyReportTests {
    func report(_ format: String, _ scratch: Scratch) throws -> CloseBinary.Result {
        try CloseBinary.run(["report", "intercompany", "--period", "2026-05", "--format", format, "--db", "h.db"], in: scratch.url)
    }

    @Test func everyFormatShowsThePairsAndTheirReasonCodes() throws {
        let scratch = try Scratch()
        let load = try CloseBinary.run(["scenario", "load", "intercompany-heavy", "--db", "h.db", "--out", "files"], in: scratch.url)
        #expect(load.status == 0, "\(load.stderr)")

        let json = try report("json", scratch)
        #expect(json.status == 0, "\(json.stderr)")
        let pairs = try #require(try JSONSerialization.jsonObject(with: Data(json.stdout.utf8)) as? [[String: Any]])
        #expect(pairs.map { $0["pair"] as? String } == ["US01-DE01", "US01-GB01", "US01-JP01", "DE01-GB01", "DE01-JP01", "GB01-JP01"])
        var counts: [String: Int] = [:]
        for pair in pairs {
            for reason in pair["reasons"] as? [[String: Any]] ?? [] {
                counts[reason["reason"] as? String ?? "", default: 0] += reason["count"] as? Int ?? 0
                // Amounts are decimal strings, never JSON numbers.
                #expect((reason["amount"] as? String)?.range(of: #"^[0-9]+\.[0-9]{2}$"#, options: .regularExpression) != nil)
            }
        }
        #expect(counts["timing"] == 10 && counts["missing-counterpart"] == 10 && counts["amount-dispute"] == 10)
        #expect(counts["wrong-partner"] == 0 && counts["fx-difference", default: 0] > 0)

        let table = try report("table", scratch)
        #expect(table.status == 0)
        #expect(table.stdout.contains("pair") && table.stdout.contains("missing-counterpart") && table.stdout.contains("US01-GB01"))
        #expect(table.stdout.contains("[amount-dispute] ICC-"))

        let csv = try report("csv", scratch)
        let rows = csv.stdout.split(separator: "\n")
        #expect(rows.first == "pair,matched,matched_by_reference,reason,count,amount,currency")
        #expect(rows.count == 1 + 6 * 5)

        let html = try report("html", scratch)
        #expect(html.stdout.hasPrefix("<!DOCTYPE html>") && html.stdout.hasSuffix("</html>\n"))
        #expect(!html.stdout.contains("<script") && !html.stdout.contains("href="))
    }

    @Test func aBadPeriodIsRefused() throws {
        let scratch = try Scratch()
        let result = try CloseBinary.run(["report", "intercompany", "--period", "2026-13", "--db", "none.db"], in: scratch.url)
        #expect(result.status != 0)
        #expect(result.stderr.contains("2026-13"), "\(result.stderr)")
    }
}
