import Foundation
import Interchange
import LedgerCore
import Testing

@Suite("Journal CSV")
struct JournalCSVTests {
    private let group = DemoGroup.definition()
    private let header = "entry_id,entity,date,account,debit,credit,currency,description,reference,partner\n"

    private func parse(_ text: String, file: String = "journal.csv") throws -> ParsedJournal {
        try JournalCSV.parse(Array(text.utf8), file: file, group: group)
    }

    private func refusal(_ text: String) -> LedgerError? {
        do {
            _ = try parse(text)
            return nil
        } catch {
            return error as? LedgerError
        }
    }

    @Test func debitIsPositiveAndCreditNegativeInMinorUnits() throws {
        let journal = try parse(header + """
            J1,US01,2026-04-30,6100,1200.50,,USD,April rent,RENT-04,
            J1,US01,2026-04-30,1000,,1200.5,USD,April rent,RENT-04,
            J2,JP01,2026-04-30,6100,150000,,JPY,Rent,R,
            J2,JP01,2026-04-30,1000,,150000,JPY,Rent,R,
            J3,US01,2026-04-30,1000,1.234,,KWD,Kuwaiti dinars,K,
            J3,US01,2026-04-30,1010,,1.234,KWD,Kuwaiti dinars,K,

            """)
        #expect(journal.drafts.map { $0.lines.map(\.amountMinor) } == [[120050, -120050], [150000, -150000], [1234, -1234]])
        #expect(journal.drafts.map { $0.lines[0].currency } == [.usd, .jpy, try Currency("KWD")])
    }

    @Test func linesGroupByEntryIDInOrderOfFirstAppearance() throws {
        let journal = try parse(header + """
            B,US01,2026-04-30,6100,10.00,,USD,first B,rB1,
            A,DE01,2026-04-29,6100,20.00,,EUR,first A,rA1,
            B,US01,2026-04-30,1000,,10.00,USD,second B,rB2,
            A,DE01,2026-04-29,1000,,20.00,EUR,second A,rA2,
            B,US01,2026-04-30,6400,1.00,,USD,third B,rB3,
            B,US01,2026-04-30,1000,,1.00,USD,fourth B,rB4,

            """)
        #expect(journal.drafts.map(\.idempotencyKey) == ["B", "A"])
        #expect(journal.drafts.map(\.entity) == ["US01", "DE01"])
        #expect(journal.drafts.map { $0.date.description } == ["2026-04-30", "2026-04-29"])
        #expect(journal.fileLines == [[2, 4, 6, 7], [3, 5]])
        #expect(journal.lineCount == 6)
        // The entry takes its first line's description; each line keeps its own.
        #expect(journal.drafts[0].description == "first B")
        #expect(journal.drafts[0].lines.map(\.description) == ["first B", "second B", "third B", "fourth B"])
        #expect(journal.drafts[0].lines.map(\.reference) == ["rB1", "rB2", "rB3", "rB4"])
        #expect(journal.drafts.allSatisfy { $0.source == .fileImport })
    }

    @Test func fileLinesCountLineBreaksInsideQuotedFields() throws {
        let journal = try parse(header + #"""
            J1,US01,2026-04-30,6100,5.00,,USD,"rent, April",R,
            J1,US01,2026-04-30,1000,,5.00,USD,"say ""paid""",R,

            """#)
        #expect(journal.fileLines == [[2, 3]])
        #expect(journal.drafts[0].lines.map(\.description) == ["rent, April", "say \"paid\""])
        // A line break inside quotes is a control character in the text, refused at the line
        // the record starts on; the lines after it keep their numbers.
        let error = refusal(header + "J1,US01,2026-04-30,6100,5.00,,USD,\"rent,\nfor April\",R,\nJ1,US01,2026-04-30,1000,,5.00,USD,x\ny,R,\n")
        #expect(error?.location == SourceLocation(file: "journal.csv", line: 2, field: "description"))
    }

    @Test func partnerIsNilWhenEmptyAndKeptWhenGiven() throws {
        let journal = try parse(header + """
            IC,US01,2026-04-30,1150,5000.00,,USD,Fee,IC-1,DE01
            IC,US01,2026-04-30,4100,,4000.00,USD,Fee,IC-1,DE01
            IC,US01,2026-04-30,1000,,1000.00,USD,Fee,IC-1,

            """)
        #expect(journal.drafts[0].lines.map(\.partner) == ["DE01", "DE01", nil])
    }

    @Test func columnsMayComeInAnyOrder() throws {
        let canonical = try parse(header + "J1,US01,2026-04-30,6100,5.00,,USD,d,r,\nJ1,US01,2026-04-30,1000,,5.00,USD,d,r,\n")
        let shuffled = try parse("""
            partner,credit,debit,reference,description,currency,account,date,entity,entry_id
            ,,5.00,r,d,USD,6100,2026-04-30,US01,J1
            ,5.00,,r,d,USD,1000,2026-04-30,US01,J1

            """)
        #expect(shuffled == canonical)
    }

    @Test func crlfAndByteOrderMarkReadTheSameAsLF() throws {
        let text = try String(decoding: FixtureFiles.bytes("journals/opening-2026-04.csv"), as: UTF8.self)
        let lf = try parse(text)
        let crlf = try JournalCSV.parse([0xEF, 0xBB, 0xBF] + Array(text.replacingOccurrences(of: "\n", with: "\r\n").utf8),
                                        file: "journal.csv", group: group)
        #expect(crlf == lf)
    }

    @Test func openingFixtureParsesAndEveryEntryPassesTheLedgerRules() throws {
        let journal = try JournalCSV.parse(FixtureFiles.bytes("journals/opening-2026-04.csv"),
                                           file: "opening-2026-04.csv", group: group)
        #expect(journal.drafts.map(\.idempotencyKey) == ["OB-US01", "OB-DE01", "OB-GB01", "OB-JP01", "ICL-US01", "ICL-DE01"])
        #expect(journal.lineCount == 18)
        #expect(journal.fileLines.flatMap { $0 } == Array(2...19))
        #expect(journal.drafts[0].description == "Opening balances, April 2026")
        let rules = EntryRules(group: group)
        let noRates: RateLookup = { from, to, _ throws(LedgerError) in
            throw LedgerError(.missingRate, "no rate \(from)->\(to) expected in this test")
        }
        for draft in journal.drafts {
            let resolved = try rules.resolve(draft, rates: noRates)
            #expect(resolved.lines.map(\.functionalMinor) == draft.lines.map(\.amountMinor))
        }
        // The intercompany pair is linked by its reference and partners.
        let pair = journal.drafts.filter { $0.idempotencyKey.hasPrefix("ICL-") }
        #expect(pair.map { $0.lines[0].reference } == ["ICL-001", "ICL-001"])
        #expect(pair.map { $0.lines.compactMap(\.partner) } == [["DE01"], ["US01"]])
    }

    @Test func errorsSayWhatWasFoundAndWhatWasExpected() {
        let rent = "J1,US01,2026-04-30,1000,,5.00,USD,d,r,\n"
        let debit12abc = refusal(header + "J1,US01,2026-04-30,6100,12abc,,USD,d,r,\n" + rent)
        #expect(debit12abc?.message.contains("'12abc'") == true)
        #expect(debit12abc?.message.contains("USD amounts have 2 decimals") == true)
        #expect(debit12abc?.location == SourceLocation(file: "journal.csv", line: 2, field: "debit"))

        let jpy = refusal(header + "J1,JP01,2026-04-30,6100,1.5,,JPY,d,r,\n" + rent)
        #expect(jpy?.message.contains("JPY amounts have no decimals") == true)

        let negative = refusal(header + "J1,US01,2026-04-30,6100,-5.00,,USD,d,r,\n" + rent)
        #expect(negative?.message.contains("credit column") == true)

        let entity = refusal(header + "J1,XX01,2026-04-30,6100,5.00,,USD,d,r,\n" + rent)
        #expect(entity?.message.contains("'XX01'") == true)
        #expect(entity?.message.contains("US01, DE01, GB01, JP01") == true)

        let mixed = refusal(header + "J1,US01,2026-04-29,6100,5.00,,USD,d,r,\n" + rent)
        #expect(mixed?.message.contains("2026-04-29 (line 2)") == true)
        #expect(mixed?.location == SourceLocation(file: "journal.csv", line: 3, field: "date"))
    }

    @Test func aSpaceAroundAnAmountIsRefusedNotTrimmed() {
        let error = refusal(header + "J1,US01,2026-04-30,6100, 5.00,,USD,d,r,\nJ1,US01,2026-04-30,1000,,5.00,USD,d,r,\n")
        #expect(error?.code == .invalidAmount)
        #expect(error?.location?.field == "debit")
    }

    @Test func entryIDWithSurroundingSpaceIsRefused() {
        let error = refusal(header + "J1 ,US01,2026-04-30,6100,5.00,,USD,d,r,\nJ1,US01,2026-04-30,1000,,5.00,USD,d,r,\n")
        #expect(error?.location == SourceLocation(file: "journal.csv", line: 2, field: "entry_id"))
    }

    @Test func theLargestAmountIsAcceptedAndOneMinorUnitMoreIsNot() throws {
        let journal = try parse(header + """
            J1,US01,2026-04-30,6100,10000000000000.00,,USD,max,r,
            J1,US01,2026-04-30,1000,,10000000000000.00,USD,max,r,

            """)
        #expect(journal.drafts[0].lines.map(\.amountMinor) == [AmountLimit.maximum, -AmountLimit.maximum])
        let error = refusal(header + "J1,US01,2026-04-30,6100,10000000000000.01,,USD,max,r,\nJ1,US01,2026-04-30,1000,,1.00,USD,max,r,\n")
        #expect(error?.code == .invalidAmount && error?.location?.field == "debit")
    }
}
