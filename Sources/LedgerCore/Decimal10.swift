/// Exact decimal text <-> integer minor units. Strict by design: the only accepted form is
/// `-?[0-9]+(\.[0-9]+)?` with no more fraction digits than allowed. "12abc", "1,5", "1e3",
/// "", "+-1", " 1", ".5" and "5." are all refused; nothing is ever rounded silently.
public enum Decimal10 {
    public static let pow10: [Int64] = {
        var values: [Int64] = [1]
        for _ in 1...18 { values.append(values.last! * 10) }
        return values
    }()

    /// Parses `text` as a number with at most `maxFractionDigits` decimals and returns it
    /// scaled by 10^scale (scale >= the number of decimals given).
    public static func parse(_ text: String, scale: Int, allowNegative: Bool = true) throws(LedgerError) -> Int64 {
        // A native String's bytes in place: no array per amount (a million amounts a file).
        var text = text
        let result: Result<Int64, LedgerError> = text.withUTF8 { bytes in
            do throws(LedgerError) { return .success(try parse(bytes: bytes, scale: scale, allowNegative: allowNegative)) } catch { return .failure(error) }
        }
        return try result.get()
    }

    /// `parse(_:scale:allowNegative:)` over UTF-8 bytes, for readers that have the bytes of a
    /// field and no String: the same form, the same refusals, and a String made only for the
    /// message of a refusal.
    public static func parse(bytes: UnsafeBufferPointer<UInt8>, scale: Int, allowNegative: Bool = true) throws(LedgerError) -> Int64 {
        func text() -> String { String(decoding: bytes, as: UTF8.self) }
        guard !bytes.isEmpty else { throw LedgerError(.invalidAmount, "empty amount") }
        var negative = false
        var start = 0
        if bytes[0] == UInt8(ascii: "-") {
            guard allowNegative else { throw LedgerError(.invalidAmount, "'\(SafeText.excerpt(text(), limit: 40))' is negative; a positive amount is expected") }
            negative = true
            start = 1
        }
        var integerDigits = 0
        var fractionDigits = 0
        var seenPoint = false
        var value: Int64 = 0
        for index in start..<bytes.count {
            let byte = bytes[index]
            if byte == UInt8(ascii: ".") {
                guard !seenPoint, integerDigits > 0 else { throw malformed(text()) }
                seenPoint = true
                continue
            }
            guard byte >= UInt8(ascii: "0"), byte <= UInt8(ascii: "9") else { throw malformed(text()) }
            if seenPoint {
                fractionDigits += 1
                guard fractionDigits <= scale else {
                    throw LedgerError(.invalidAmount, "'\(SafeText.excerpt(text(), limit: 40))' has \(fractionDigits)+ decimals; at most \(scale) allowed")
                }
            } else {
                integerDigits += 1
            }
            let (times10, o1) = value.multipliedReportingOverflow(by: 10)
            let (next, o2) = times10.addingReportingOverflow(Int64(byte - UInt8(ascii: "0")))
            guard !o1, !o2 else { throw tooLarge(text()) }
            value = next
        }
        guard integerDigits > 0, !(seenPoint && fractionDigits == 0) else { throw malformed(text()) }
        let (scaled, overflow) = value.multipliedReportingOverflow(by: pow10[scale - fractionDigits])
        guard !overflow else { throw tooLarge(text()) }
        return negative ? -scaled : scaled
    }

    /// Formats `value / 10^scale` with exactly `scale` decimals: 12345, 2 -> "123.45".
    public static func format(_ value: Int64, scale: Int) -> String {
        let negative = value < 0
        let magnitude = value.magnitude
        var digits = String(magnitude)
        if scale > 0 {
            if digits.count <= scale {
                digits = String(repeating: "0", count: scale - digits.count + 1) + digits
            }
            digits.insert(".", at: digits.index(digits.endIndex, offsetBy: -scale))
        }
        return negative ? "-" + digits : digits
    }

    /// As `format`, with a thousands separator (",") when `grouped`: 123456789, 2 -> "1,234,567.89".
    /// For people reading a page; files and JSON keep the plain form.
    public static func format(_ value: Int64, scale: Int, grouped: Bool) -> String {
        let plain = format(value, scale: scale)
        guard grouped else { return plain }
        let negative = plain.hasPrefix("-")
        let body = negative ? plain.dropFirst() : plain[...]
        let point = body.firstIndex(of: ".") ?? body.endIndex
        let digits = Array(body[..<point])
        var integer = ""
        for (position, digit) in digits.enumerated() {
            if position > 0 && (digits.count - position) % 3 == 0 { integer.append(",") }
            integer.append(digit)
        }
        return (negative ? "-" : "") + integer + body[point...]
    }

    private static func malformed(_ text: String) -> LedgerError {
        LedgerError(.invalidAmount, "'\(SafeText.excerpt(text, limit: 40))' is not a decimal number (expected digits with an optional '.' and decimals, e.g. 1234.50)")
    }

    private static func tooLarge(_ text: String) -> LedgerError {
        LedgerError(.overflow, "'\(SafeText.excerpt(text, limit: 40))' is too large for a 64-bit amount in minor units")
    }
}
