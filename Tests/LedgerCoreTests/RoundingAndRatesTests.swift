import Testing
import PropertyBased
import LedgerCore

/// Half-even rounding, exact rates and proportional allocation.
@Suite("Rounding and exchange rates")
struct RoundingAndRatesTests {
    // MARK: Rounding.divideHalfEven

    @Test("divideHalfEven rounds ties to the even neighbour", arguments: [
        (Int128(5), Int128(2), Int128(2)),   // 2.5 -> 2
        (7, 2, 4),                           // 3.5 -> 4
        (-5, 2, -2),                         // -2.5 -> -2
        (-7, 2, -4),                         // -3.5 -> -4
        (1, 2, 0),                           // 0.5 -> 0
        (3, 2, 2),                           // 1.5 -> 2
        (-1, 2, 0),                          // -0.5 -> 0
        (13, 5, 3),                          // 2.6 -> 3
        (12, 5, 2),                          // 2.4 -> 2
        (-13, 5, -3),                        // -2.6 -> -3
        (-12, 5, -2),                        // -2.4 -> -2
        (10, 5, 2), (-10, 5, -2), (0, 7, 0),
        (25, 10, 2), (35, 10, 4), (251, 100, 3),
    ])
    func halfEven(_ dividend: Int128, _ divisor: Int128, _ expected: Int128) {
        #expect(Rounding.divideHalfEven(dividend, by: divisor) == expected)
    }

    @Test("divideHalfEven is within half a unit of the exact quotient (property)")
    func halfEvenProperty() async {
        await propertyCheck(count: 300, input: Gen<Int64>.value(in: -1_000_000_000...1_000_000_000), Gen<Int64>.value(in: 1...100_000)) { a, b in
            let q = Rounding.divideHalfEven(Int128(a), by: Int128(b))
            // |a - q*b| <= b/2, and on an exact tie q is even.
            let distanceTwice = (Int128(a) - q * Int128(b)).magnitude * 2
            #expect(distanceTwice <= UInt128(b))
            if distanceTwice == UInt128(b) { #expect(q % 2 == 0) }
        }
    }

    // MARK: ExchangeRate

    @Test("rates parse exactly and print canonically", arguments: [
        ("1.0845", "1.0845"), ("1.084500", "1.0845"), ("150", "150"), ("150.00", "150"),
        ("0.0067", "0.0067"), ("0.000001", "0.000001"), ("0.000001000001", "0.000001000001"), ("3.2573", "3.2573"),
    ])
    func parsesRate(_ text: String, _ canonical: String) throws {
        let rate = try ExchangeRate(parsing: text)
        #expect(rate.description == canonical)
        #expect(try ExchangeRate(parsing: rate.description) == rate)
    }

    @Test("zero, negative, malformed and over-precise rates are refused with invalid-rate", arguments: [
        "0", "0.000", "-1.2", "", "1,2", "abc", "1e3", "0.0000000000001", ".5", "99999999999",
    ])
    func refusesRate(_ text: String) {
        let error = #expect(throws: LedgerError.self) { try ExchangeRate(parsing: text) }
        #expect(error?.code == .invalidRate, "\(text): \(String(describing: error))")
    }

    @Test("convert handles each pair of exponents and rounds half to even", arguments: [
        // (amount, from, to, rate, expected)
        (Int64(10_000), "EUR", "USD", "1.0845", Int64(10_845)),   // 100.00 EUR -> 108.45 USD
        (-10_000, "EUR", "USD", "1.0845", -10_845),
        (1_000, "JPY", "USD", "0.0067", 670),                     // 1000 JPY -> 6.70 USD
        (1, "JPY", "USD", "0.0067", 1),                           // 0.67 cents -> 1 cent
        (100, "USD", "JPY", "150.5", 150),                        // 150.5 JPY -> 150 (even)
        (300, "USD", "JPY", "150.5", 452),                        // 451.5 JPY -> 452 (even)
        (-100, "USD", "JPY", "150.5", -150),
        (101, "USD", "JPY", "150.5", 152),                        // 152.005 -> 152
        (10_000, "USD", "KWD", "0.307", 30_700),                  // 100.00 USD -> 30.700 KWD
        (1_000, "KWD", "USD", "3.2573", 326),                     // 1.000 KWD -> 325.73 cents -> 3.26 USD
        (100_000, "KWD", "USD", "3.2573", 32_573),                // 100.000 KWD -> 325.73 USD
        (1, "KWD", "USD", "3.25", 0),                             // 0.325 cents -> 0
        (1, "KWD", "JPY", "500", 0),                              // 0.5 JPY -> 0 (even)
        (3, "KWD", "JPY", "500", 2),                              // 1.5 JPY -> 2 (even)
        (1, "EUR", "USD", "1.5", 2),                              // 1.5 cents -> 2
        (1, "EUR", "USD", "2.5", 2),                              // 2.5 cents -> 2
        (-1, "EUR", "USD", "2.5", -2),
        (7, "EUR", "USD", "0.5", 4),                              // 3.5 -> 4
        (5, "EUR", "USD", "0.5", 2),                              // 2.5 -> 2
    ])
    func converts(_ amount: Int64, _ from: String, _ to: String, _ rate: String, _ expected: Int64) throws {
        let converted = try ExchangeRate(parsing: rate).convert(amount, from: try Currency(from), to: try Currency(to))
        #expect(converted == expected)
    }

    @Test("convert refuses results beyond Int64 with overflow")
    func convertOverflow() throws {
        let two = try ExchangeRate(parsing: "2")
        #expect((#expect(throws: LedgerError.self) { try two.convert(.max, from: .eur, to: .usd) })?.code == .overflow)
        let big = try ExchangeRate(parsing: "999999.123456789012")
        #expect((#expect(throws: LedgerError.self) { try big.convert(.max, from: .jpy, to: try Currency("KWD")) })?.code == .overflow)
        // The largest amount that still fits converts exactly.
        #expect(try ExchangeRate(parsing: "1").convert(.max, from: .eur, to: .usd) == .max)
        #expect(try ExchangeRate(parsing: "0.5").convert(.max, from: .eur, to: .usd) == 4_611_686_018_427_387_904)
    }

    // MARK: Rounding.allocate

    @Test("allocate gives leftovers to the largest remainders, ties to the earlier index", arguments: [
        (10, [1, 1, 1], [4, 3, 3]),
        (100, [1, 2, 3], [17, 33, 50]),
        (302, [100, 100, 100], [101, 101, 100]),
        (0, [5, 7], [0, 0]),
        (7, [1], [7]),
        (1, [1, 1], [1, 0]),
        (1, [1, 2], [0, 1]),
        (10_845, [3_333, 6_667], [3_615, 7_230]),
    ] as [(Int64, [Int64], [Int64])])
    func allocates(_ total: Int64, _ weights: [Int64], _ expected: [Int64]) {
        #expect(Rounding.allocate(total, proportionalTo: weights) == expected)
    }

    @Test("allocate sums exactly and each part is the floor or ceiling of its share (property)")
    func allocateProperty() async {
        await propertyCheck(count: 500, input: Gen<Int64>.value(in: 0...1_000_000_000_000), Gen<Int64>.value(in: 1...1_000_000_000).array(of: 1...8)) { total, weights in
            let parts = Rounding.allocate(total, proportionalTo: weights)
            #expect(parts.count == weights.count)
            #expect(parts.reduce(Int128(0)) { $0 + Int128($1) } == Int128(total))
            let weightSum = weights.reduce(Int128(0)) { $0 + Int128($1) }
            for (part, weight) in zip(parts, weights) {
                let floor = Int128(total) * Int128(weight) / weightSum
                #expect(Int128(part) == floor || Int128(part) == floor + 1)
            }
        }
    }

    @Test("allocate is exact at the extremes of Int64")
    func allocateExtremes() {
        let parts = Rounding.allocate(.max, proportionalTo: [.max, .max, 1])
        #expect(parts.reduce(Int128(0)) { $0 + Int128($1) } == Int128(Int64.max))
    }
}
