import Foundation
import Testing

/// Issue 18: `close journal import` reads a file in blocks and posts it chunk by chunk in one
/// transaction. A refusal on the very last line of a file larger than the streaming buffer
/// (1 MiB blocks, chunks of 50,000 lines) must still leave the ledger as it was.
@Suite struct StreamedImportTests {
    static let entries = 30_000  // 60,000 lines, about 4 MB: two chunks, several blocks

    /// The date of the last entry, whose lines the tests replace.
    static let lastDate = "2026-05-\(entries % 28 + 1 < 10 ? "0" : "")\(entries % 28 + 1)"

    /// The journal, its very last line `last` with AMOUNT replaced by the entry's amount.
    static func journal(lastLine last: String, entries: Int = entries) -> String {
        var text = "entry_id,entity,date,account,debit,credit,currency,description,reference,partner\n"
        text.reserveCapacity(entries * 140)
        for index in 1...entries {
            let amount = "\(index % 5_000 + 1).\(index % 100 < 10 ? "0" : "")\(index % 100)"
            text += "S-\(index),US01,2026-05-\(index % 28 + 1 < 10 ? "0" : "")\(index % 28 + 1),1100,\(amount),,USD,Invoice \(index),INV-\(index),\n"
            text += index == entries ? last.replacingOccurrences(of: "AMOUNT", with: amount) : "S-\(index),US01,2026-05-\(index % 28 + 1 < 10 ? "0" : "")\(index % 28 + 1),4000,,\(amount),USD,Invoice \(index),INV-\(index),\n"
        }
        return text
    }

    /// What a user can see of the ledger: the head of the audit chain and the trial balance.
    static func state(_ scratch: Scratch) throws -> String {
        let head = try CloseBinary.run(["audit", "head", "--db", "ledger.db"], in: scratch.url)
        let trial = try CloseBinary.run(["report", "trial-balance", "--period", "2026-05", "--entity", "US01", "--db", "ledger.db"], in: scratch.url)
        #expect(head.status == 0 && trial.status == 0, "\(head.stderr)\(trial.stderr)")
        return head.stdout + trial.stdout
    }

    @Test func aRefusalOnTheLastLineOfAFileLargerThanTheBufferPostsNothing() throws {
        let scratch = try Scratch()
        #expect(try CloseBinary.run(["init", "--db", "ledger.db"], in: scratch.url).status == 0)
        let before = try Self.state(scratch)
        let last = "S-\(Self.entries),US01,\(Self.lastDate),4000,,AMOUNT,USD,Invoice,INV,\n"
        let refusals: [(line: String, expected: String)] = [
            // Found by the reader, after the first chunk was posted inside the transaction.
            (last.replacingOccurrences(of: ",4000,", with: ",4999,"), "line \(2 * Self.entries + 1), field 'account'"),
            // Found by the ledger's rules: the last entry does not balance.
            (last.replacingOccurrences(of: "AMOUNT", with: "0.01"),
             "entry 'S-\(Self.entries)'"),
        ]
        for refusal in refusals {
            let file = try scratch.write("journal.csv", Self.journal(lastLine: refusal.line))
            #expect(try FileManager.default.attributesOfItem(atPath: file)[.size] as? Int ?? 0 > 1 << 20)
            let result = try CloseBinary.run(["journal", "import", file, "--db", "ledger.db", "--as", "alice"], in: scratch.url)
            #expect(result.status != 0)
            #expect(result.stderr.contains(refusal.expected), "\(result.stderr)")
            #expect(try Self.state(scratch) == before, "the ledger is as it was")
        }
        let good = "S-\(Self.entries),US01,\(Self.lastDate),4000,,AMOUNT,USD,Invoice \(Self.entries),INV-\(Self.entries),\n"
        let file = try scratch.write("journal.csv", Self.journal(lastLine: good))
        let result = try CloseBinary.run(["journal", "import", file, "--db", "ledger.db", "--as", "alice"], in: scratch.url)
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stdout.contains("posted \(Self.entries) entries (\(2 * Self.entries) lines)"), "\(result.stdout)")
        #expect(try CloseBinary.run(["audit", "verify", "--db", "ledger.db"], in: scratch.url).status == 0)
    }

    @Test func anEntryWhoseLinesAreFurtherApartThanAChunkIsRefusedAtItsLateLine() throws {
        let scratch = try Scratch()
        #expect(try CloseBinary.run(["init", "--db", "ledger.db"], in: scratch.url).status == 0)
        let before = try Self.state(scratch)
        // S-1's second line comes last, 79,998 lines after its first: S-1 is handed out
        // alone with the first chunk (at least 50,000 lines, read in whole blocks), a lone
        // line the reader refuses at line 2.
        var text = Self.journal(lastLine: "S-40000,US01,2026-05-17,4000,,AMOUNT,USD,Invoice,INV,\n", entries: 40_000)
        let lines = text.split(separator: "\n", omittingEmptySubsequences: false)
        text = ([lines[0], lines[1]] + lines[3...].dropLast() + [lines[2], ""]).joined(separator: "\n")
        let file = try scratch.write("late.csv", text)
        let result = try CloseBinary.run(["journal", "import", file, "--db", "ledger.db", "--as", "alice"], in: scratch.url)
        #expect(result.status != 0)
        #expect(result.stderr.contains("line 2") && result.stderr.contains("only this one line within 50000 lines"), "\(result.stderr)")
        #expect(try Self.state(scratch) == before)
    }
}
