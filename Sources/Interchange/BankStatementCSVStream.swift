import LedgerCore

/// A bank statement CSV read in blocks and handed out in chunks of whole statements
/// (`close bank import`): memory is bounded by the largest statement and a chunk, not by the
/// file. Every check of `BankStatementCSV.parse` applies, line by line, with the same messages.
///
/// As in `JournalCSVStream`, a statement's rows must be near one another: a chunk is handed
/// out once it holds `chunkLines` lines, with every statement in it but the one the last row
/// read belongs to (which may go on). A row of a statement handed out before is refused at its
/// line; every bank export keeps a statement's rows together, so none meets this.
public final class BankStatementCSVStream {
    public let file: String
    public let chunkLines: Int
    private let records: CSVRecordStream
    private let group: GroupDefinition
    private let chart: BankChart
    private var assembler: StatementAssembler?
    /// The statements handed out so far, with their first line: an id is all that is kept.
    private var handedOut: [String: Int] = [:]
    private var lastStatementID: String?

    public init(path: String, group: GroupDefinition, chunkLines: Int = 50_000, blockBytes: Int = 1 << 20) throws(LedgerError) {
        file = path
        self.group = group
        self.chunkLines = max(1, chunkLines)
        chart = BankChart(group)
        records = try CSVRecordStream(path: path, header: BankStatementCSV.header, optional: BankStatementCSV.optionalColumns,
                                      nothing: "statement lines", headerOnly: "statement lines", blockBytes: blockBytes)
    }

    /// Bytes of the file read so far (for progress).
    public var bytesRead: Int { records.bytesRead }

    /// The next statements (at least one), nil after the last; the first problem throws.
    public func next() throws(LedgerError) -> [BankStatement]? {
        while true {
            guard let batch = try records.next(atLeast: 1), let columns = records.columns else {
                // The end: whatever is gathered goes, the last statement included.
                guard var last = assembler, last.heldLines > 0 else { return nil }
                assembler = nil
                return try last.handOut(keeping: nil, group: group)
            }
            // Taken out while it grows, so that no second reference makes its lines copy.
            var gathering = assembler ?? StatementAssembler(file: file, hasBalances: columns.has("balance"))
            assembler = nil
            for record in batch {
                let row = try BankFileLine(record, columns: columns, chart: chart)
                if let first = handedOut[row.statementID] {
                    throw LedgerError(.invalidFile, "statement '\(row.statementID)' (line \(first)) goes on here, more than \(chunkLines) lines later, after other statements' rows; keep the rows of a statement together",
                                      at: SourceLocation(file: file, line: record.line, field: "statement_id"))
                }
                try gathering.add(row)
                lastStatementID = row.statementID
            }
            guard gathering.heldLines >= chunkLines else {
                assembler = gathering
                continue
            }
            let firstLines = gathering.firstLines
            let statements = try gathering.handOut(keeping: lastStatementID, group: group)
            assembler = gathering
            guard !statements.isEmpty else { continue }  // one statement, still going on
            for statement in statements { handedOut[statement.id] = firstLines[statement.id] }
            return statements
        }
    }
}
