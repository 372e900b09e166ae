import LedgerCore

/// A journal file read into entry drafts, with where each line came from so an error the
/// ledger finds later (an entry that does not balance) can still name the file line.
public struct ParsedJournal: Sendable, Hashable {
    public var drafts: [JournalEntryDraft]
    /// Per draft, per line: the physical file line (1-based) the line started on.
    public var fileLines: [[Int]]
    /// The number of data lines in the file (the header not counted).
    public var lineCount: Int

    public init(drafts: [JournalEntryDraft], fileLines: [[Int]], lineCount: Int) {
        self.drafts = drafts
        self.fileLines = fileLines
        self.lineCount = lineCount
    }

    /// Places an error the ledger raised about draft `entryIndex` (for instance from
    /// `EntryRules.resolve`) at the file line it came from: the line at fault when the error
    /// names one (`entryLineIndex`), else the entry's first line. The error's field is kept.
    public func locating(_ error: LedgerError, inEntry entryIndex: Int, file: String) -> LedgerError {
        let lines = fileLines[entryIndex]
        let lineIndex = error.entryLineIndex.flatMap { lines.indices.contains($0) ? $0 : nil } ?? 0
        var located = error
        located.entryIndex = entryIndex
        located.location = SourceLocation(file: file, line: lines[lineIndex], field: error.location?.field)
        return located
    }
}

/// The journal CSV format (docs/file-formats.md): one line per posting, lines sharing an
/// `entry_id` form one entry. Parsing checks everything a single line or the grouping can
/// show (fields, amounts, known entities and accounts, partners on intercompany accounts,
/// one entity and date per entry); whether each entry balances is left to `EntryRules`,
/// the one place that rule lives. The first problem found stops the parse: a file is
/// imported whole or not at all.
public enum JournalCSV {
    public static let header = ["entry_id", "entity", "date", "account", "debit", "credit",
                                "currency", "description", "reference", "partner"]

    public static func parse(_ bytes: [UInt8], file: String, group: GroupDefinition) throws(LedgerError) -> ParsedJournal {
        let records = try CSVReader.records(bytes, file: file)
        guard let headerRecord = records.first else {
            throw LedgerError(.invalidFile, "the file is empty; expected the header line '\(header.joined(separator: ","))' followed by journal lines",
                              at: SourceLocation(file: file))
        }
        let columns = try CSVColumns(header: headerRecord, required: header, file: file)
        guard records.count > 1 else {
            throw LedgerError(.invalidFile, "the file has a header but no journal lines", at: SourceLocation(file: file))
        }
        let chart = EntryRules(group: group)  // used for its code lookups
        var entries = JournalEntryAssembler(file: file)
        for record in records.dropFirst() {
            try columns.requireWidth(of: record)
            try entries.add(JournalFileLine(record, columns: columns, chart: chart))
        }
        return try entries.finish(lineCount: records.count - 1)
    }
}
