import Foundation
import LedgerCore

/// A plain text table: columns padded to their widest cell; numeric columns right-aligned.
struct TextTable {
    var headers: [String]
    var rightAligned: Set<Int> = []
    var rows: [[String]] = []

    func render() -> String {
        // Every cell shown safely and on one line: a cell is often text from a file.
        let headers = self.headers.map { SafeText.visible($0) }
        let rows = self.rows.map { $0.map { SafeText.visible($0) } }
        var widths = headers.map(\.count)
        for row in rows {
            for (index, cell) in row.enumerated() where index < widths.count {
                widths[index] = max(widths[index], cell.count)
            }
        }
        func line(_ cells: [String]) -> String {
            cells.enumerated().map { index, cell in
                let padding = String(repeating: " ", count: widths[index] - cell.count)
                return rightAligned.contains(index) ? padding + cell : cell + padding
            }.joined(separator: "  ").trimmingTrailingSpaces
        }
        var out = [line(headers), widths.map { String(repeating: "-", count: $0) }.joined(separator: "  ")]
        out += rows.map(line)
        return out.joined(separator: "\n")
    }
}

enum CSVOutput {
    static func field(_ text: String) -> String {
        guard text.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" || $0 == "\r" }) else { return text }
        return "\"" + text.replacingOccurrences(of: "\"", with: "\"\"") + "\""
    }

    static func line(_ fields: [String]) -> String { fields.map(field).joined(separator: ",") }
}

/// JSON output with stable key order and amounts as strings, never floats.
enum JSONOutput {
    static func encode<T: Encodable>(_ value: T) throws -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return String(decoding: try encoder.encode(value), as: UTF8.self)
    }
}

extension String {
    var trimmingTrailingSpaces: String {
        var text = Substring(self)
        while text.last == " " { text = text.dropLast() }
        return String(text)
    }
}

enum Amounts {
    /// The decimal text of an amount without its sign ("12.50" for -1250 USD).
    static func unsigned(_ minorUnits: Int64, _ currency: LedgerCore.Currency) -> String {
        let text = Decimal10.format(minorUnits, scale: currency.exponent)
        return text.hasPrefix("-") ? String(text.dropFirst()) : text
    }

    static func signed(_ minorUnits: Int64, _ currency: LedgerCore.Currency) -> String {
        Decimal10.format(minorUnits, scale: currency.exponent)
    }
}
