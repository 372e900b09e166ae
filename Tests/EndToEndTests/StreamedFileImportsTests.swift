import Foundation
import Testing

/// Issue 18, the other imports: `close bank|goods|rates import` read their file as a stream
/// and store it in one transaction. A bank CSV larger than the streaming buffer (1 MiB
/// blocks, chunks of 20,000 lines) refused on its very last line leaves the ledger as it was;
/// progress goes to standard error only, and --quiet silences it.
@Suite struct StreamedFileImportsTests {
    static let header = "statement_id,entity,account,date,amount,currency,reference,counterparty,description,bank_reference,balance\n"

    /// 25 daily statements of 1,000 lines of US01/1000 (USD), with running balances, about 3 MB.
    static func statements(lastLine: (String) -> String = { $0 }) -> String {
        var text = header
        text.reserveCapacity(25_000 * 120)
        var balanceMinor = 100_000_000
        for day in 1...25 {
            for line in 1...1_000 {
                let amountMinor = ((day * 7_919 + line * 104_729) % 90_000 + 1) * (line % 3 == 0 ? -1 : 1)
                balanceMinor += amountMinor
                func cents(_ minor: Int) -> String { "\(minor < 0 ? "-" : "")\(abs(minor) / 100).\(abs(minor) % 100 < 10 ? "0" : "")\(abs(minor) % 100)" }
                let row = "D-\(day),US01,1000,2026-05-\(day < 10 ? "0" : "")\(day),\(cents(amountMinor)),USD,INV-\(day)-\(line),Customer \(line % 97),Payment \(line),B-\(day)-\(line),\(cents(balanceMinor))\n"
                text += day == 25 && line == 1_000 ? lastLine(row) : row
            }
        }
        return text
    }

    static func head(_ scratch: Scratch) throws -> String {
        let head = try CloseBinary.run(["audit", "head", "--db", "ledger.db"], in: scratch.url)
        #expect(head.status == 0, "\(head.stderr)")
        return head.stdout
    }

    @Test func aBankCSVLargerThanTheBufferRefusedOnItsLastLineImportsNothing() throws {
        let scratch = try Scratch()
        #expect(try CloseBinary.run(["init", "--db", "ledger.db"], in: scratch.url).status == 0)
        let before = try Self.head(scratch)
        let refusals: [(last: (String) -> String, expected: String)] = [
            ({ $0.replacingOccurrences(of: ",USD,", with: ",EUR,") }, "line 25001, field 'currency'"),
            ({ $0.split(separator: ",").dropLast().joined(separator: ",") + ",0.01\n" }, "line 25001, field 'balance'"),
        ]
        for refusal in refusals {
            let file = try scratch.write("bank.csv", Self.statements(lastLine: refusal.last))
            #expect(try FileManager.default.attributesOfItem(atPath: file)[.size] as? Int ?? 0 > 2 << 20)
            let result = try CloseBinary.run(["bank", "import", file, "--db", "ledger.db", "--as", "alice"], in: scratch.url)
            #expect(result.status != 0)
            #expect(result.stderr.contains(refusal.expected), "\(result.stderr)")
            #expect(try Self.head(scratch) == before, "the ledger is as it was")
        }
        let file = try scratch.write("bank.csv", Self.statements())
        let result = try CloseBinary.run(["bank", "import", file, "--db", "ledger.db", "--as", "alice", "--quiet"], in: scratch.url)
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stdout.hasPrefix("imported 25 statement(s) with 25000 lines from \(file); 0 already imported\n"), "\(result.stdout)")
        #expect(try CloseBinary.run(["audit", "verify", "--db", "ledger.db", "--quiet"], in: scratch.url).status == 0)
    }

    @Test func theImportsPrintTheSameWithAndWithoutProgress() throws {
        let book = Fixtures.path("own-books")
        let imports: [[String]] = [
            ["rates", "import", book + "/rates-2026.csv"],
            ["bank", "import", book + "/uk-bank-2026-05.csv"],
            ["bank", "import", book + "/nl-bank-2026-05.sta"],
            ["goods", "import", book + "/goods-received.csv"],
        ]
        var outputs: [[String]] = []
        for quiet in [false, true] {
            let scratch = try Scratch()
            let created = try CloseBinary.run(["init", "--group", book + "/group.yaml", "--db", "books.db"], in: scratch.url)
            #expect(created.status == 0, "\(created.stderr)")
            var printed: [String] = []
            for command in imports {
                let result = try CloseBinary.run(command + ["--db", "books.db", "--as", "maya"] + (quiet ? ["--quiet"] : []), in: scratch.url)
                #expect(result.status == 0, "\(command): \(result.stderr)")
                if quiet { #expect(!result.stderr.contains("importing"), "\(result.stderr)") }
                printed.append(result.stdout)
            }
            outputs.append(printed)
        }
        #expect(outputs[0] == outputs[1])
        #expect(outputs[0][0].contains("imported") && outputs[0][3].contains("goods receipts"))
    }
}
