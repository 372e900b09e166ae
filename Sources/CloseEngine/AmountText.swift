import LedgerCore

/// Amounts inside sentences the engine wrote (a route, an agent's summary or finding:
/// "ledger 358802.87 USD + proposed entries -65.80 USD") with thousands grouped for a person
/// ("358,802.87 USD"). Only a number directly followed by a known currency code is touched,
/// so dates, document numbers, rates and ids stay as they are; stored text, JSON and the
/// audit chain keep the plain form.
public enum AmountText {
    public static func grouped(_ text: String) -> String {
        // Fast path: nothing to group without four digits in a row.
        guard text.utf8.contains(where: { $0 >= 0x30 && $0 <= 0x39 }) else { return text }
        var out = ""
        var rest = Substring(text)
        while let start = rest.firstIndex(where: \.isASCIIDigit) {
            // A number starts here only if it does not continue a word or another number ("CHAS2605", "2026-05").
            let before = start > rest.startIndex ? rest[rest.index(before: start)] : " "
            var end = start
            while end < rest.endIndex, rest[end].isASCIIDigit { end = rest.index(after: end) }
            var fractionEnd = end
            if fractionEnd < rest.endIndex, rest[fractionEnd] == ".", rest.index(after: fractionEnd) < rest.endIndex,
               rest[rest.index(after: fractionEnd)].isASCIIDigit {
                fractionEnd = rest.index(after: fractionEnd)
                while fractionEnd < rest.endIndex, rest[fractionEnd].isASCIIDigit { fractionEnd = rest.index(after: fractionEnd) }
            }
            let integer = rest[start..<end]
            let standsAlone = before == " " || before == "-" || before == "(" || before == "\t"
            if standsAlone, integer.count >= 4, followedByCurrency(rest[fractionEnd...]) {
                out += rest[..<start] + group(integer) + rest[end..<fractionEnd]
            } else {
                out += rest[..<fractionEnd]
            }
            rest = rest[fractionEnd...]
        }
        return out + rest
    }

    /// " USD" and then not a letter: the number is an amount in that currency.
    private static func followedByCurrency(_ text: Substring) -> Bool {
        let chars = Array(text.prefix(5))
        guard chars.count >= 4, chars[0] == " ", chars[1...3].allSatisfy({ $0.isASCII && $0.isUppercase }) else { return false }
        if chars.count == 5, chars[4].isLetter || chars[4].isNumber { return false }
        return (try? Currency(String(chars[1...3]))) != nil
    }

    private static func group(_ digits: Substring) -> String {
        var out = ""
        for (position, digit) in digits.enumerated() {
            if position > 0 && (digits.count - position) % 3 == 0 { out.append(",") }
            out.append(digit)
        }
        return out
    }
}

extension Character {
    fileprivate var isASCIIDigit: Bool { isASCII && isNumber }
}
