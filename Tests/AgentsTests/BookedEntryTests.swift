import LedgerCore
import Testing
@testable import Agents

/// The error rules' entries are rebuilt from lines: as slices of a read that gives each
/// entry's lines together, gathered by entry when the lines come in another order.
@Suite("Booked entry")
struct BookedEntryTests {
    static func line(_ entry: Int64, _ account: String, _ amount: Int64) -> LedgerLine {
        LedgerLine(entryID: entry, entryKey: "K\(entry)", document: "US01-2026-\(entry)", date: ErrorBooks.day(Int(entry)),
                   source: "import", entryDescription: "entry \(entry)", account: account, currency: .usd,
                   amountMinor: amount, functionalMinor: amount, entity: "US01")
    }

    static let together = [line(1, "1100", 5), line(1, "4000", -5), line(2, "6000", 7), line(2, "2000", -3), line(2, "2000", -4), line(3, "1000", 1)]

    @Test func entriesInReadOrderAreSlicesOfTheirLines() {
        let entries = BookedEntry.group(Self.together)
        #expect(entries.map(\.id) == [1, 2, 3])
        #expect(entries.map { Array($0.lines) } == [Array(Self.together[0..<2]), Array(Self.together[2..<5]), [Self.together[5]]])
        #expect(entries.map(\.key) == ["K1", "K2", "K3"] && entries[1].description == "entry 2" && entries[2].date == ErrorBooks.day(3))
        #expect(entries.reduce(0) { $0 + $1.lines.count } == Self.together.count)
    }

    /// An entry whose lines are apart is one entry all the same, in the order each entry
    /// first comes, with its lines in the order they came: what grouping by id always gave.
    @Test func linesApartAreGatheredByEntry() {
        let apart = [Self.together[2], Self.together[0], Self.together[3], Self.together[5], Self.together[1], Self.together[4]]
        let entries = BookedEntry.group(apart)
        #expect(entries.map(\.id) == [2, 1, 3])
        #expect(entries.map { $0.lines.map(\.amountMinor) } == [[7, -3, -4], [5, -5], [1]])
        #expect(BookedEntry.group([]).isEmpty)
    }
}
