import Interchange
import LedgerCore
import Testing

@Suite("Rates CSV")
struct RatesCSVTests {
    private func parse(_ text: String) throws -> [RateQuote] {
        try RatesCSV.parse(Array(text.utf8), file: "rates.csv").quotes
    }

    @Test func fixtureParsesEveryRateAndType() throws {
        let parsed = try RatesCSV.parse(FixtureFiles.bytes("rates/2026-04.csv"), file: "2026-04.csv")
        let quotes = parsed.quotes
        #expect(parsed.lines == Array(2...16))
        #expect(quotes.count == 15)
        #expect(quotes.filter { $0.type == .spot }.count == 9)
        #expect(quotes.filter { $0.type == .average }.count == 3)
        #expect(quotes.filter { $0.type == .closing }.count == 3)
        #expect(quotes.allSatisfy { $0.to == .usd })
        let first = try #require(quotes.first)
        #expect(first.date == (try CalendarDate(year: 2026, month: 4, day: 1)))
        #expect(first.from == .eur)
        #expect(first.rate.description == "1.15")
        #expect(try first.rate.convert(100_000, from: .eur, to: .usd) == 115_000)
    }

    @Test func typeColumnIsOptionalAndDefaultsToSpot() throws {
        let withoutColumn = try parse("date,from,to,rate\n2026-04-30,EUR,USD,1.1561\n")
        let emptyType = try parse("date,from,to,rate,type\n2026-04-30,EUR,USD,1.1561,\n")
        #expect(withoutColumn.map(\.type) == [.spot])
        #expect(emptyType == withoutColumn)
    }

    @Test func columnsMayComeInAnyOrder() throws {
        let quotes = try parse("type,rate,to,from,date\nclosing,150.25,JPY,USD,2026-04-30\n")
        #expect(quotes.count == 1)
        #expect(quotes[0].from == .usd && quotes[0].to == .jpy && quotes[0].type == .closing)
        #expect(quotes[0].rate.description == "150.25")
    }

    @Test func anIdenticalRepeatIsDroppedButADifferentTypeIsKept() throws {
        let parsed = try RatesCSV.parse(Array("""
            date,from,to,rate,type
            2026-04-30,EUR,USD,1.1561,spot
            2026-04-30,EUR,USD,1.15610,spot
            2026-04-30,EUR,USD,1.1531,average
            2026-04-30,USD,EUR,0.865,spot

            """.utf8), file: "rates.csv")
        #expect(parsed.lines == [2, 4, 5])
        #expect(parsed.quotes.map { "\($0.from)\($0.to) \($0.type) \($0.rate)" } == ["EURUSD spot 1.1561", "EURUSD average 1.1531", "USDEUR spot 0.865"])
    }

    @Test func aConflictingRepeatNamesBothLines() {
        let error = #expect(throws: LedgerError.self) {
            try parse("date,from,to,rate\n2026-04-30,EUR,USD,1.1561\n2026-04-30,EUR,USD,1.2\n")
        }
        #expect(error?.location == SourceLocation(file: "rates.csv", line: 3, field: "rate"))
        #expect(error?.message.contains("1.1561 on line 2") == true)
    }
}
