import LedgerCore

/// Writes RFC 4180 CSV into one byte buffer: fields quoted only when they must be (a comma,
/// a quote or a line break), LF line ends. Same rows, same bytes.
public struct CSVWriter {
    public private(set) var bytes: [UInt8] = []

    public init(header: [String], reservingRows rows: Int = 0) {
        bytes.reserveCapacity(64 + rows * 96)
        row(header)
    }

    public mutating func row(_ fields: [String]) {
        for (index, field) in fields.enumerated() {
            if index > 0 { bytes.append(UInt8(ascii: ",")) }
            append(field)
        }
        bytes.append(UInt8(ascii: "\n"))
    }

    private mutating func append(_ field: String) {
        let utf8 = field.utf8
        let needsQuotes = utf8.contains { $0 == UInt8(ascii: ",") || $0 == UInt8(ascii: "\"") || $0 == 10 || $0 == 13 }
        guard needsQuotes else {
            bytes.append(contentsOf: utf8)
            return
        }
        bytes.append(UInt8(ascii: "\""))
        for byte in utf8 {
            if byte == UInt8(ascii: "\"") { bytes.append(byte) }
            bytes.append(byte)
        }
        bytes.append(UInt8(ascii: "\""))
    }
}

extension JournalCSV {
    /// Entries as a journal file that `parse` reads back into the same drafts (entry
    /// description = first line's description, source import). Foreign lines carry no
    /// functional amount: the ledger converts them at the rate of their date.
    public static func write(_ drafts: [JournalEntryDraft]) -> [UInt8] {
        var writer = CSVWriter(header: header, reservingRows: drafts.count * 4)
        for draft in drafts {
            let date = draft.date.description
            for line in draft.lines {
                var amount = Decimal10.format(line.amountMinor, scale: line.currency.exponent)
                if amount.hasPrefix("-") { amount.removeFirst() }  // the column says the sign
                writer.row([draft.idempotencyKey, draft.entity, date, line.account,
                            line.amountMinor > 0 ? amount : "", line.amountMinor < 0 ? amount : "",
                            line.currency.code, line.description, line.reference, line.partner ?? ""])
            }
        }
        return writer.bytes
    }
}

extension RatesCSV {
    /// Quotes as a rates file with the optional type column.
    public static func write(_ quotes: [RateQuote]) -> [UInt8] {
        var writer = CSVWriter(header: header + optionalColumns, reservingRows: quotes.count)
        for quote in quotes {
            writer.row([quote.date.description, quote.from.code, quote.to.code, quote.rate.description, quote.type.rawValue])
        }
        return writer.bytes
    }
}
