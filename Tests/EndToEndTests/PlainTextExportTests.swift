import Foundation
import Testing

/// `close export ledger|hledger|beancount` checked by the tools themselves: each reads the
/// export of the whole demo scenario without a complaint, and its balance of every account
/// equals `close report trial-balance`, entity by entity, to the minor unit.
@Suite(.serialized) struct PlainTextExportTests {
    /// The demo's books through 2026-05 (a few intercompany charges are dated in June).
    static let period = "2026-05"

    /// The demo scenario loaded once for the suite, with its trial balance: entity -> account
    /// -> balance as the report prints it, zero balances left out (the tools omit them).
    final class Books: @unchecked Sendable {
        let scratch: Scratch
        let trialBalance: [String: [String: String]]

        init() throws {
            scratch = try Scratch()
            let load = try CloseBinary.run(["scenario", "load", "demo", "--db", "demo.db"], in: scratch.url)
            precondition(load.status == 0, load.stderr)
            let report = try CloseBinary.run(["report", "trial-balance", "--period", PlainTextExportTests.period,
                                              "--format", "json", "--db", "demo.db"], in: scratch.url)
            precondition(report.status == 0, report.stderr)
            var balances: [String: [String: String]] = [:]
            for entity in try JSONSerialization.jsonObject(with: Data(report.stdout.utf8)) as? [[String: Any]] ?? [] {
                let code = entity["entity"] as? String ?? ""
                for row in entity["accounts"] as? [[String: String]] ?? [] where !PlainTextExportTests.isZero(row["balance"] ?? "0") {
                    balances[code, default: [:]][row["account"] ?? ""] = row["balance"]
                }
            }
            trialBalance = balances
        }

        func export(_ dialect: String) throws -> String {
            let file = "demo." + dialect
            let result = try CloseBinary.run(["export", dialect, "--period", PlainTextExportTests.period, "--db", "demo.db", "--out", file],
                                             in: scratch.url)
            #expect(result.status == 0, "\(result.stderr)")
            return scratch.path(file)
        }
    }

    static let books = Result { try Books() }

    static func isZero(_ amount: String) -> Bool { amount.allSatisfy { $0 == "0" || $0 == "." || $0 == "-" } }

    /// "Assets:US01:1000" -> ("US01", "1000").
    static func split(_ account: String) -> (entity: String, code: String) {
        let parts = account.split(separator: ":").map(String.init)
        return (parts.count > 1 ? parts[1] : "", parts.count > 2 ? parts[2] : "")
    }

    /// Every account with its balance, per entity, against the trial balance.
    static func compare(_ tool: String, _ balances: [(account: String, amount: String)], with expected: [String: [String: String]]) {
        var found: [String: [String: String]] = [:]
        for (account, amount) in balances where !isZero(amount) {
            let (entity, code) = split(account)
            found[entity, default: [:]][code] = amount
        }
        #expect(!expected.isEmpty && expected.values.reduce(0) { $0 + $1.count } > 50, "the demo's trial balance is too small to prove anything")
        for entity in Set(expected.keys).union(found.keys).sorted() {
            let want = expected[entity] ?? [:], got = found[entity] ?? [:]
            for account in Set(want.keys).union(got.keys).sorted() {
                #expect(got[account] == want[account], "\(tool): \(entity)/\(account): trial balance \(want[account] ?? "none"), \(tool) \(got[account] ?? "none")")
            }
        }
    }

    @Test
    func ledgerReadsTheExportAndAgreesWithTheTrialBalance() throws {
        let books = try Self.books.get()
        let file = try books.export("ledger")
        let result = try PeerTool.ledger.run(["-f", file, "--strict", "--pedantic", "balance", "--basis", "--flat", "--no-total",
                                              "--balance-format", "%(account)\t%(display_total)\n"])
        #expect(result.status == 0 && result.stderr.isEmpty, "\(result.stderr)")
        let rows = result.stdout.split(separator: "\n").map { line -> (String, String) in
            let cells = line.split(separator: "\t").map(String.init)
            return (cells.first ?? "", String((cells.last ?? "").split(separator: " ").first ?? ""))
        }
        Self.compare("ledger", rows, with: books.trialBalance)
    }

    @Test
    func hledgerReadsTheExportAndAgreesWithTheTrialBalance() throws {
        let books = try Self.books.get()
        let file = try books.export("hledger")
        let check = try PeerTool.hledger.run(["-f", file, "check", "--strict"])
        #expect(check.status == 0, "\(check.stderr)")
        let result = try PeerTool.hledger.run(["-f", file, "balance", "--cost", "--flat", "--no-total", "-O", "csv"])
        #expect(result.status == 0, "\(result.stderr)")
        // "Assets:DE01:1000","329493.97 EUR" (names and amounts hold no quote or comma).
        let rows = result.stdout.split(whereSeparator: \.isNewline).dropFirst().map { line -> (String, String) in
            let cells = line.split(separator: ",").map { $0.trimmingCharacters(in: CharacterSet(charactersIn: "\"")) }
            return (cells.first ?? "", String((cells.last ?? "").split(separator: " ").first ?? ""))
        }
        Self.compare("hledger", rows, with: books.trialBalance)
    }

    @Test
    func beancountChecksTheExportAndAgreesWithTheTrialBalance() throws {
        let books = try Self.books.get()
        let file = try books.export("beancount")
        let check = try PeerTool.beanCheck.run([file])
        #expect(check.status == 0 && check.stdout.isEmpty && check.stderr.isEmpty, "\(check.stdout)\(check.stderr)")
        let result = try PeerTool.beanQuery.run(["-f", "csv", file, "SELECT account, sum(weight) AS balance GROUP BY account ORDER BY account"])
        #expect(result.status == 0, "\(result.stderr)")
        // A cell holds one column per currency: "  329493.97 EUR,   ,  "; the entity's is the one filled.
        let rows = result.stdout.split(whereSeparator: \.isNewline).dropFirst().map { line -> (String, String) in
            let account = String(line.prefix { $0 != "," })
            let amount = line.dropFirst(account.count).split(whereSeparator: { $0 == "," || $0 == "\"" || $0 == " " })
                .first { $0.first.map { $0.isNumber || $0 == "-" } ?? false }
            return (account, amount.map(String.init) ?? "")
        }
        Self.compare("beancount", rows, with: books.trialBalance)
    }
}
