import LedgerCore

/// The FX rates CSV format: `date,from,to,rate` and an optional `type` column
/// (`spot` when absent or empty, `average`, `closing`). One `from` is worth `rate` of `to`.
/// The same (date, from, to, type) may appear twice only with the same rate; the repeat is
/// dropped. Quotes come back in file order, each with its file line.
public enum RatesCSV {
    public static let header = ["date", "from", "to", "rate"]
    public static let optionalColumns = ["type"]

    public static func parse(_ bytes: [UInt8], file: String) throws(LedgerError) -> ParsedRates {
        let records = try CSVReader.records(bytes, file: file)
        guard let headerRecord = records.first else {
            throw LedgerError(.invalidFile, "the file is empty; expected the header line '\(header.joined(separator: ","))' followed by rates",
                              at: SourceLocation(file: file))
        }
        let columns = try CSVColumns(header: headerRecord, required: header, optional: optionalColumns, file: file)
        guard records.count > 1 else {
            throw LedgerError(.invalidFile, "the file has a header but no rates", at: SourceLocation(file: file))
        }
        var quotes: [RateQuote] = []
        var lines: [Int] = []
        var seen = SeenRates()
        for record in records.dropFirst() {
            try columns.requireWidth(of: record)
            let quote = try rateQuote(record, columns: columns)
            guard try seen.isNew(quote, record, columns) else { continue }
            quotes.append(quote)
            lines.append(record.line)
        }
        return ParsedRates(quotes: quotes, lines: lines)
    }

    /// Each (date, pair, type) read with its rate and line: a repeat with the same rate is
    /// dropped, with another refused, naming the first line.
    struct SeenRates {
        private var firstSeen: [RateKey: (rate: ExchangeRate, line: Int)] = [:]

        mutating func isNew(_ quote: RateQuote, _ record: CSVRecord, _ columns: CSVColumns) throws(LedgerError) -> Bool {
            let key = RateKey(date: quote.date, from: quote.from, to: quote.to, type: quote.type)
            guard let earlier = firstSeen[key] else {
                firstSeen[key] = (quote.rate, record.line)
                return true
            }
            guard earlier.rate == quote.rate else {
                throw columns.failure(.invalidRate, "\(quote.type) rate \(quote.from)->\(quote.to) on \(quote.date) is \(quote.rate) here but \(earlier.rate) on line \(earlier.line); one rate per date, pair and type",
                                      record: record, field: "rate")
            }
            return false
        }
    }

    static func rateQuote(_ record: CSVRecord, columns: CSVColumns) throws(LedgerError) -> RateQuote {
        let date = try columns.parse("date", in: record) { text throws(LedgerError) in try CalendarDate(parsing: text) }
        let from = try columns.parse("from", in: record) { text throws(LedgerError) in try Currency(text) }
        let to = try columns.parse("to", in: record) { text throws(LedgerError) in try Currency(text) }
        guard from != to else {
            throw columns.failure(.invalidRate, "from and to are both \(from); a rate converts between two different currencies",
                                  record: record, field: "to")
        }
        let rate = try columns.parse("rate", in: record) { text throws(LedgerError) in try ExchangeRate(parsing: text) }
        return RateQuote(date: date, from: from, to: to, rate: rate, type: try rateType(record, columns: columns))
    }

    private static func rateType(_ record: CSVRecord, columns: CSVColumns) throws(LedgerError) -> RateType {
        let text = columns.value("type", in: record)
        if text.isEmpty { return .spot }
        guard let type = RateType(rawValue: text) else {
            let allowed = RateType.allCases.map(\.rawValue).joined(separator: ", ")
            throw columns.failure(.invalidRate, "unknown rate type '\(text)'; expected one of \(allowed) (or empty for spot)",
                                  record: record, field: "type")
        }
        return type
    }
}

struct RateKey: Hashable {
    var date: CalendarDate
    var from: Currency
    var to: Currency
    var type: RateType
}

/// Rates with the file line each came from, so that a refusal by the ledger can name it.
public struct ParsedRates: Sendable, Hashable {
    public var quotes: [RateQuote]
    /// Per quote: the physical file line (1-based) it was read from.
    public var lines: [Int]

    public init(quotes: [RateQuote], lines: [Int]) {
        self.quotes = quotes
        self.lines = lines
    }
}
