import CloseEngine
import Foundation
import LedgerCore

/// The engine's table (a proposal's entries are laid out with it too), under its old name.
typealias TextTable = CloseEngine.TextTable

enum CSVOutput {
    static func field(_ text: String) -> String {
        guard text.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" || $0 == "\r" }) else { return text }
        return "\"" + text.replacingOccurrences(of: "\"", with: "\"\"") + "\""
    }

    static func line(_ fields: [String]) -> String { fields.map(field).joined(separator: ",") }
}

/// JSON output with stable key order, snake_case keys and amounts as strings, never floats.
enum JSONOutput {
    static func encode<T: Encodable>(_ value: T) throws -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        // Every key snake_case, whatever the Swift property is called: a report's value type
        // can gain a field without its JSON breaking the convention. Only a lower-case letter
        // followed by a capital is a word boundary, so codes used as keys ("US01",
        // "EUR") stay as they are.
        encoder.keyEncodingStrategy = .custom { path in SnakeCaseKey(path.last?.stringValue ?? "") }
        return String(decoding: try encoder.encode(value), as: UTF8.self)
    }

    /// "matchedByReference" -> "matched_by_reference"; "US01", "JP01", "task_kind" unchanged.
    static func snakeCase(_ key: String) -> String {
        var out = ""
        var previous: Character?
        for character in key {
            if character.isUppercase, let previous, previous.isLowercase {
                out += "_" + character.lowercased()
            } else {
                out.append(character)
            }
            previous = character
        }
        return out
    }

    struct SnakeCaseKey: CodingKey {
        let stringValue: String
        var intValue: Int? { nil }
        init(_ key: String) { stringValue = JSONOutput.snakeCase(key) }
        init?(stringValue: String) { self.init(stringValue) }
        init?(intValue: Int) { nil }
    }
}

enum Amounts {
    /// The decimal text of an amount without its sign ("12.50" for -1250 USD).
    static func unsigned(_ minorUnits: Int64, _ currency: LedgerCore.Currency) -> String {
        let text = Decimal10.format(minorUnits, scale: currency.exponent)
        return text.hasPrefix("-") ? String(text.dropFirst()) : text
    }

    /// For CSV and JSON: plain decimal text, a leading minus, no separators ("-1234.50").
    static func signed(_ minorUnits: Int64, _ currency: LedgerCore.Currency) -> String {
        Decimal10.format(minorUnits, scale: currency.exponent)
    }

    /// For people: thousands separated, a leading minus ("-1,234.50"); the currency is in
    /// the column's heading or the table's title.
    static func grouped(_ minorUnits: Int64, _ currency: LedgerCore.Currency) -> String {
        Decimal10.format(minorUnits, scale: currency.exponent, grouped: true)
    }

    /// Thousands separators put into an amount already written as plain decimal text
    /// ("-1234567.50" -> "-1,234,567.50"), for reports that carry decimal strings; text that
    /// is not a plain decimal is returned as it is.
    static func grouped(decimalText text: String) -> String {
        let negative = text.hasPrefix("-")
        let body = negative ? text.dropFirst() : text[...]
        let point = body.firstIndex(of: ".") ?? body.endIndex
        let digits = Array(body[..<point])
        guard !digits.isEmpty, digits.allSatisfy(\.isASCII), digits.allSatisfy(\.isNumber),
              body[point...].dropFirst().allSatisfy({ $0.isASCII && $0.isNumber }) else { return text }
        var integer = ""
        for (position, digit) in digits.enumerated() {
            if position > 0 && (digits.count - position) % 3 == 0 { integer.append(",") }
            integer.append(digit)
        }
        return (negative ? "-" : "") + integer + body[point...]
    }

    /// For people, in a sentence: "-1,234.50 USD".
    static func shown(_ minorUnits: Int64, _ currency: LedgerCore.Currency) -> String {
        "\(grouped(minorUnits, currency)) \(currency.code)"
    }
}
