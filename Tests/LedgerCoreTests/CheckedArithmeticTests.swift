import Testing
import PropertyBased
import LedgerCore

/// Overflow is an error, never a wrap (DESIGN.md §3 invariant 6).
@Suite("Checked arithmetic")
struct CheckedArithmeticTests {
    @Test("add throws overflow past Int64 in either direction")
    func addOverflow() throws {
        #expect(try Checked.add(.max - 1, 1) == .max)
        #expect(try Checked.add(.min + 1, -1) == .min)
        #expect(try Checked.add(.max, .min) == -1)
        #expect((#expect(throws: LedgerError.self) { try Checked.add(.max, 1) })?.code == .overflow)
        #expect((#expect(throws: LedgerError.self) { try Checked.add(.min, -1) })?.code == .overflow)
    }

    @Test("negate throws overflow for Int64.min only")
    func negateOverflow() throws {
        #expect(try Checked.negate(.max) == -Int64.max)
        #expect(try Checked.negate(0) == 0)
        #expect((#expect(throws: LedgerError.self) { try Checked.negate(.min) })?.code == .overflow)
    }

    @Test("sum throws overflow even when the final total would fit")
    func sumOverflow() throws {
        #expect(try Checked.sum([Int64]()) == 0)
        #expect(try Checked.sum([.max, -1, 1]) == .max)
        // max + 1 overflows before - 1 brings it back: intermediate overflow is refused, never wrapped.
        #expect((#expect(throws: LedgerError.self) { try Checked.sum([.max, 1, -1]) })?.code == .overflow)
    }

    @Test("Money arithmetic is checked and never mixes currencies")
    func moneyArithmetic() throws {
        let a = Money(minorUnits: 150, currency: .usd)
        #expect(try a.adding(Money(minorUnits: -50, currency: .usd)) == Money(minorUnits: 100, currency: .usd))
        #expect(try a.negated() == Money(minorUnits: -150, currency: .usd))
        #expect((#expect(throws: LedgerError.self) { try a.adding(Money(minorUnits: 1, currency: .eur)) })?.code == .invalidCurrency)
        #expect((#expect(throws: LedgerError.self) { try Money(minorUnits: .max, currency: .usd).adding(Money(minorUnits: 1, currency: .usd)) })?.code == .overflow)
        #expect((#expect(throws: LedgerError.self) { try Money(minorUnits: .min, currency: .usd).negated() })?.code == .overflow)
        #expect(Money.zero(.jpy).isZero)
    }

    @Test("Checked.add agrees with wide arithmetic (property)")
    func addProperty() async {
        await propertyCheck(count: 300, input: Gen<Int64>.value(), Gen<Int64>.value()) { a, b in
            let wide = Int128(a) + Int128(b)
            if let exact = Int64(exactly: wide) {
                let sum = try Checked.add(a, b)
                #expect(sum == exact)
            } else {
                #expect((#expect(throws: LedgerError.self) { try Checked.add(a, b) })?.code == .overflow)
            }
        }
    }
}
