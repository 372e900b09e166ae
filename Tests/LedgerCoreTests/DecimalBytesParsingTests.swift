import Testing
import LedgerCore

/// `Decimal10.parse(bytes:)`, the form readers use on a field's bytes without a String: the
/// same numbers and the same refusals as parsing the String (DESIGN.md §3 invariant 6).
@Suite("Decimal10 parsing from bytes")
struct DecimalBytesParsingTests {
    private func parse(_ text: String, scale: Int = 2, allowNegative: Bool = true) throws(LedgerError) -> Int64 {
        let bytes = Array(text.utf8)
        let result: Result<Int64, LedgerError> = bytes.withUnsafeBufferPointer { buffer in
            do throws(LedgerError) { return .success(try Decimal10.parse(bytes: buffer, scale: scale, allowNegative: allowNegative)) } catch { return .failure(error) }
        }
        return try result.get()
    }

    @Test("the same value or the same refusal as the String form", arguments: [
        "0", "12", "12.3", "12.34", "-12.34", "007.50", "-0", "-0.00", "1.234", "12abc", "1,5", "+1", " 1", "1 ",
        "\t1", "1\n", ".5", "5.", "-", "", "--1", "1..2", "１２", "10000000000000.00", "92233720368547758.07",
        "92233720368547758.08", "99999999999999999999",
    ])
    func matchesStringForm(_ text: String) {
        let fromString = Result { () throws(LedgerError) -> Int64 in try Decimal10.parse(text, scale: 2) }
        let fromBytes = Result { () throws(LedgerError) -> Int64 in try parse(text) }
        switch (fromString, fromBytes) {
        case (.success(let a), .success(let b)): #expect(a == b, "\(text)")
        case (.failure(let a), .failure(let b)):
            #expect(a.code == b.code, "\(text)")
            #expect(a.message == b.message, "\(text)")
        default: Issue.record("'\(text)': \(fromString) from the String, \(fromBytes) from the bytes")
        }
    }

    @Test("white space around a number is refused, not trimmed", arguments: [" 1.00", "1.00 ", "\t1", "1\r", " "])
    func refusesWhiteSpace(_ text: String) {
        let error = #expect(throws: LedgerError.self) { try parse(text) }
        #expect(error?.code == .invalidAmount)
    }

    @Test("too many decimals names the count and the limit")
    func refusesTooManyDecimals() throws {
        let error = #expect(throws: LedgerError.self) { try parse("1.234") }
        #expect(error?.code == .invalidAmount)
        #expect(error?.message.contains("at most 2 allowed") == true)
        #expect(throws: LedgerError.self) { try parse("1.5", scale: 0) }
        #expect(try parse("1.234", scale: 3) == 1234)
    }

    @Test("signs: one leading minus when allowed, never a plus")
    func signs() throws {
        #expect(try parse("-1.50") == -150)
        #expect(throws: LedgerError.self) { try parse("-1.50", allowNegative: false) }
        #expect(throws: LedgerError.self) { try parse("+1.50") }
        #expect(throws: LedgerError.self) { try parse("1-") }
    }

    @Test("Int64's edge: the largest value parses, one more overflows, scaling past it overflows")
    func overflow() throws {
        #expect(try parse("92233720368547758.07") == Int64.max)
        #expect(try parse("-92233720368547758.07") == -Int64.max)
        let past = #expect(throws: LedgerError.self) { try parse("92233720368547758.08") }
        #expect(past?.code == .overflow)
        let scaled = #expect(throws: LedgerError.self) { try parse("922337203685477581") }
        #expect(scaled?.code == .overflow)
    }

    @Test("AmountLimit refuses one minor unit over the documented maximum, from the String form that now reads bytes in place")
    func overTheLedgerMaximum() throws {
        #expect(try AmountLimit.parse("10000000000000.00", .usd) == AmountLimit.maximum)
        let error = #expect(throws: LedgerError.self) { try AmountLimit.parse("10000000000000.01", .usd) }
        #expect(error?.code == .invalidAmount)
        #expect(error.map(AmountLimit.isOverLimit) == true)
    }
}
