import Foundation
import Testing

/// `close report consolidated` and `close report statements` on the demo month, as loaded
/// (nothing eliminated yet: the consolidated report counts the proposed eliminations).
@Suite struct ConsolidationReportsTests {
    static func demo(_ scratch: Scratch) throws {
        let load = try CloseBinary.run(["scenario", "load", "demo", "--db", "demo.db"], in: scratch.url)
        #expect(load.status == 0, "\(load.stderr)")
    }

    @Test func theConsolidatedTrialBalanceSumsToZeroInEveryFormat() throws {
        let scratch = try Scratch()
        try Self.demo(scratch)
        let base = ["report", "consolidated", "--period", "2026-05", "--db", "demo.db"]
        let table = try CloseBinary.run(base, in: scratch.url)
        #expect(table.status == 0, "\(table.stderr)")
        #expect(table.stdout.contains("proposed entries not yet posted"))
        let total = try #require(table.stdout.split(separator: "\n").first { $0.hasPrefix("total") })
        #expect(total.hasSuffix(" 0.00"), "\(total)")

        let json = try CloseBinary.run(base + ["--format", "json"], in: scratch.url)
        #expect(json.status == 0, "\(json.stderr)")
        let document = try #require(try JSONSerialization.jsonObject(with: Data(json.stdout.utf8)) as? [String: Any])
        #expect(document["total"] as? String == "0.00")
        #expect(document["entities"] as? [String] == ["US01", "DE01", "GB01", "JP01"])
        let rows = try #require(document["accounts"] as? [[String: Any]])
        for account in ["1150", "2150", "2500", "4100", "6500"] {
            let row = rows.first { $0["account"] as? String == account }
            #expect(row.map { $0["total"] as? String == "0.00" } ?? true, "consolidated \(account)")
        }

        let csv = try CloseBinary.run(base + ["--format", "csv"], in: scratch.url)
        #expect(csv.stdout.hasPrefix("period,currency,account,name,US01,DE01,GB01,JP01,eliminations,total\n"))
        let html = try CloseBinary.run(base + ["--format", "html"], in: scratch.url)
        #expect(html.stdout.hasPrefix("<!DOCTYPE html>") && !html.stdout.contains("<script"))
    }

    @Test func statementsForAnEntityAndTheGroup() throws {
        let scratch = try Scratch()
        try Self.demo(scratch)
        let entity = try CloseBinary.run(["report", "statements", "--period", "2026-05", "--entity", "JP01", "--db", "demo.db", "--format", "json"], in: scratch.url)
        #expect(entity.status == 0, "\(entity.stderr)")
        let document = try #require(try JSONSerialization.jsonObject(with: Data(entity.stdout.utf8)) as? [String: Any])
        #expect(document["currency"] as? String == "JPY")
        #expect(document["total_assets"] as? String == document["total_liabilities_and_equity"] as? String)

        let group = try CloseBinary.run(["report", "statements", "--period", "2026-05", "--consolidated", "--db", "demo.db"], in: scratch.url)
        #expect(group.status == 0, "\(group.stderr)")
        #expect(group.stdout.contains("Financial statements consolidated at end of 2026-05 (USD)"))

        let unknown = try CloseBinary.run(["report", "statements", "--period", "2026-05", "--entity", "XX01", "--db", "demo.db"], in: scratch.url)
        #expect(unknown.status == 1)
        #expect(unknown.stderr.contains("unknown entity 'XX01'"))
        let both = try CloseBinary.run(["report", "statements", "--period", "2026-05", "--entity", "US01", "--consolidated", "--db", "demo.db"], in: scratch.url)
        #expect(both.status == 64)
        #expect(both.stderr.contains("--entity CODE or --consolidated"))
    }
}
