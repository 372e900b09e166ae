import LedgerCore

/// A rates CSV read in blocks and handed out in chunks of quotes, each with its file line
/// (`close rates import`). Every check of `RatesCSV.parse` applies with the same messages;
/// each (date, pair, type) is kept with its rate, since a repeat further down must agree.
public final class RatesCSVStream {
    public let file: String
    private let records: CSVRecordStream
    private let chunkRecords: Int
    private var seen = RatesCSV.SeenRates()

    public init(path: String, chunkRecords: Int = 20_000, blockBytes: Int = 1 << 20) throws(LedgerError) {
        file = path
        self.chunkRecords = max(1, chunkRecords)
        records = try CSVRecordStream(path: path, header: RatesCSV.header, optional: RatesCSV.optionalColumns,
                                      nothing: "rates", headerOnly: "rates", blockBytes: blockBytes)
    }

    /// Bytes of the file read so far (for progress).
    public var bytesRead: Int { records.bytesRead }

    /// The next quotes (possibly none, when a block held only repeats), nil after the last;
    /// the first problem in the file throws.
    public func next() throws(LedgerError) -> ParsedRates? {
        guard let batch = try records.next(atLeast: chunkRecords), let columns = records.columns else { return nil }
        var parsed = ParsedRates(quotes: [], lines: [])
        for record in batch {
            let quote = try RatesCSV.rateQuote(record, columns: columns)
            guard try seen.isNew(quote, record, columns) else { continue }
            parsed.quotes.append(quote)
            parsed.lines.append(record.line)
        }
        return parsed
    }
}
