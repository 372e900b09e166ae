import LedgerCore
import Testing

/// A line shares its entry's fields with the other lines of the entry, yet stays a value.
@Suite("Ledger line")
struct LedgerLineTests {
    static let may1 = try! CalendarDate(year: 2026, month: 5, day: 1)

    static func line(_ account: String, key: String = "SI-1", reversed: Bool = false) -> LedgerLine {
        LedgerLine(entryID: 7, entryKey: key, document: "US01-2026-000007", date: may1, source: "import",
                   entryDescription: "Invoice INV-1 Acme", reverses: nil, isReversed: reversed, account: account,
                   currency: .usd, amountMinor: 100, functionalMinor: 100, reference: "INV-1", description: "Invoice INV-1 Acme",
                   entity: "US01")
    }

    /// Changing an entry field of one copy leaves the other copies (which share its fields) as they were.
    @Test func settingAnEntryFieldChangesOnlyThatLine() throws {
        let first = Self.line("1100")
        var second = first
        second.isReversed = true
        second.entryKey = "SI-2"
        second.date = try CalendarDate(year: 2026, month: 5, day: 2)
        #expect(first.isReversed == false && first.entryKey == "SI-1" && first.date == Self.may1)
        #expect(second.isReversed && second.entryKey == "SI-2" && second.date.day == 2)
        #expect(second.entity == "US01" && second.document == "US01-2026-000007" && second.entryDescription == "Invoice INV-1 Acme")
        #expect(first != second)
    }

    /// Equality and hashing are by value: two lines built apart with the same fields are equal
    /// and one in a set; a line differing only in an entry field is not.
    @Test func equalityAndHashingAreByValue() {
        let a = Self.line("1100"), b = Self.line("1100")
        #expect(a == b)
        #expect(Set([a, b]).count == 1)
        #expect(a != Self.line("1100", key: "SI-9"))
        #expect(a != Self.line("1100", reversed: true))
        #expect(a != Self.line("4000"))
        #expect(Set([a, Self.line("1100", key: "SI-9"), Self.line("1100", reversed: true)]).count == 3)
    }
}
