import Foundation
import Testing

/// Issue 19: what the demo's commands print for programs (JSON: snake_case keys, amounts as
/// decimal strings), the register behind each trial-balance figure, and help and errors that
/// match what the parser accepts.
@Suite struct FinanceOutputTests {
    static let period = "2026-05"

    /// The closed demo ledger, made once for the suite by `close demo --format json`, whose
    /// own event lines are walked too. Only read after it is made, so sharing it is safe.
    nonisolated(unsafe) static let demo: (scratch: Scratch, db: String, events: String) = {
        let scratch = try! Scratch()
        let result = try! CloseBinary.run(["demo", "--db", "demo.db", "--format", "json"], in: scratch.url)
        precondition(result.status == 0, result.stderr)
        return (scratch, scratch.path("demo.db"), result.stdout)
    }()

    static func run(_ arguments: [String]) throws -> CloseBinary.Result {
        try CloseBinary.run(arguments + ["--db", demo.db], in: demo.scratch.url)
    }

    /// Keys that hold money: every one must be a decimal string, never a JSON number.
    static func isAmountKey(_ key: String) -> Bool {
        let names: Set = ["amount", "debit", "credit", "balance", "before", "after", "total", "movement", "difference"]
        let suffixes = ["_amount", "_debit", "_credit", "_balance", "_minor", "_total", "_difference"]
        return names.contains(key) || suffixes.contains { key.hasSuffix($0) } || key.hasPrefix("amount_")
    }

    static func problems(in value: Any, at path: String) -> [String] {
        if let object = value as? [String: Any] {
            return object.flatMap { key, child -> [String] in
                var found: [String] = []
                if key.range(of: "[a-z][A-Z]", options: .regularExpression) != nil { found.append("\(path).\(key): camelCase key") }
                if isAmountKey(key), !(child is String), !(child is NSNull), !(child is [Any]), !(child is [String: Any]) {
                    found.append("\(path).\(key): amount \(child) is not a decimal string")
                }
                return found + problems(in: child, at: "\(path).\(key)")
            }
        }
        if let array = value as? [Any] {
            return array.enumerated().flatMap { problems(in: $1, at: "\(path)[\($0)]") }
        }
        return []
    }

    @Test func everyJSONOutputOfTheDemosCommandsHasSnakeCaseKeysAndDecimalAmounts() throws {
        var outputs: [(String, String)] = Self.demo.events.split(separator: "\n").map { ("demo --format json", String($0)) }
        let p = ["--period", Self.period]
        let document = try #require(try JSONSerialization.jsonObject(with: Data(try Self.run(["journal", "list", "--entity", "US01", "--format", "json"] + p).stdout.utf8))
            as? [String: Any])
        let firstDocument = try #require(((document["accounts"] as? [[String: Any]])?.first?["lines"] as? [[String: Any]])?.first?["document"] as? String)
        var commands: [[String]] = [
            ["entities", "list"], ["accounts", "list"], ["rates", "list"], ["period", "status"] + p, ["status"] + p,
            ["report", "trial-balance"] + p, ["report", "trial-balance", "--entity", "JP01"] + p, ["report", "reconciliation"] + p,
            ["report", "close-summary"] + p, ["report", "intercompany"] + p, ["report", "consolidated"] + p,
            ["report", "statements", "--consolidated"] + p, ["report", "statements", "--entity", "DE01"] + p,
            ["journal", "list", "--entity", "JP01", "--from", "2026-04", "--to", "2026-05"], ["journal", "show", firstDocument],
            ["check", "--period", "2026-06"],
        ]
        let tasks = try #require(try JSONSerialization.jsonObject(with: Data(try Self.run(["status", "--format", "json"] + p).stdout.utf8)) as? [[String: Any]])
        commands += tasks.compactMap { $0["task"] as? String }.map { ["show", $0] + p }
        for command in commands {
            let result = try Self.run(command + ["--format", "json"])
            #expect(result.status == 0 || command[0] == "check", "\(command): \(result.stderr)")
            outputs.append((command.joined(separator: " "), result.stdout))
        }
        var checked = 0
        for (command, text) in outputs where !text.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty {
            let value = try JSONSerialization.jsonObject(with: Data(text.utf8), options: [.fragmentsAllowed])
            let found = Self.problems(in: value, at: "$")
            #expect(found.isEmpty, "close \(command): \(found.prefix(5))")
            checked += 1
        }
        #expect(checked > 40)
    }

    @Test func theRegistersClosingBalancesAreTheTrialBalance() throws {
        for entity in ["US01", "DE01", "GB01", "JP01"] {
            let balance = try #require(try JSONSerialization.jsonObject(with: Data(try Self.run(
                ["report", "trial-balance", "--entity", entity, "--period", Self.period, "--format", "json"]).stdout.utf8)) as? [String: Any])
            let rows = try #require(balance["accounts"] as? [[String: Any]]).filter { $0["account"] as? String != "prior-years" }
            for range in [["--period", Self.period], ["--from", "2026-04", "--to", Self.period]] {
                let register = try Self.run(["journal", "list", "--entity", entity, "--format", "json"] + range)
                #expect(register.status == 0, "\(register.stderr)")
                let document = try #require(try JSONSerialization.jsonObject(with: Data(register.stdout.utf8)) as? [String: Any])
                let closing = Dictionary(uniqueKeysWithValues: try #require(document["accounts"] as? [[String: Any]]).map {
                    ($0["account"] as? String ?? "", $0["closing_balance"] as? String ?? "")
                })
                #expect(rows.count > 5)
                for row in rows {
                    let account = row["account"] as? String ?? ""
                    #expect(closing[account] == row["balance"] as? String, "\(entity) \(account) \(range): register \(closing[account] ?? "none"), trial balance \(row["balance"] ?? "")")
                }
                // Running balances add up line by line from the opening balance.
                for account in document["accounts"] as? [[String: Any]] ?? [] {
                    let lines = account["lines"] as? [[String: Any]] ?? []
                    #expect((lines.last?["balance"] as? String ?? account["opening_balance"] as? String) == account["closing_balance"] as? String
                            || (account["type"] as? String).map { ["revenue", "expense"].contains($0) } == true)
                }
            }
        }
        // One account, as a table: amounts grouped and right-aligned, a closing line.
        let table = try Self.run(["journal", "list", "--entity", "US01", "--account", "1000", "--period", Self.period])
        #expect(table.status == 0 && table.stdout.contains("opening balance") && table.stdout.contains("closing balance"), "\(table.stderr)")
        let typo = try Self.run(["journal", "list", "--entity", "US1", "--period", Self.period])
        #expect(typo.status == 1 && typo.stderr.contains("did you mean 'US01'"), "\(typo.stderr)")
    }

    @Test func theTrialBalanceAsHTMLLinksEachBalanceToItsRegister() throws {
        let page = try Self.run(["report", "trial-balance", "--entity", "US01", "--period", Self.period, "--format", "html"])
        #expect(page.status == 0, "\(page.stderr)")
        #expect(page.stdout.hasPrefix("<!DOCTYPE html>") && page.stdout.contains("<style>"))
        let links = page.stdout.components(separatedBy: "href=\"#register-US01-").count - 1
        #expect(links > 5)
        #expect(page.stdout.contains("href=\"#register-US01-1000\"") && page.stdout.contains("id=\"register-US01-1000\""))
        #expect(!page.stdout.contains("<script"))
    }
}
