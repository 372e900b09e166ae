import LedgerCore

/// Groups journal lines into entries by `entry_id`. Lines of one entry need not be next to
/// each other; entries come out in the order their first line appears. All lines of an
/// entry share its entity and date, and an entry needs at least two lines.
struct JournalEntryAssembler {
    let file: String
    private var drafts: [JournalEntryDraft] = []
    private var fileLines: [[Int]] = []
    private var indexByEntryID: [String: Int] = [:]

    init(file: String) {
        self.file = file
    }

    mutating func add(_ line: JournalFileLine) throws(LedgerError) {
        guard let index = indexByEntryID[line.entryID] else {
            indexByEntryID[line.entryID] = drafts.count
            drafts.append(JournalEntryDraft(entity: line.entity, date: line.date, description: line.posting.description,
                                            source: .fileImport, idempotencyKey: line.entryID, lines: [line.posting]))
            fileLines.append([line.fileLine])
            return
        }
        let entry = drafts[index]
        let firstLine = fileLines[index][0]
        guard line.entity == entry.entity else {
            throw failure(line, "entity", "entry '\(line.entryID)' is for entity \(entry.entity) (line \(firstLine)) but this line says \(line.entity); all lines of an entry belong to one entity")
        }
        guard line.date == entry.date else {
            throw failure(line, "date", "entry '\(line.entryID)' is dated \(entry.date) (line \(firstLine)) but this line says \(line.date); all lines of an entry share one date")
        }
        drafts[index].lines.append(line.posting)
        fileLines[index].append(line.fileLine)
    }

    /// A lone line can never balance; saying so here names the line, which the ledger cannot.
    func finish(lineCount: Int) throws(LedgerError) -> ParsedJournal {
        for (draft, lines) in zip(drafts, fileLines) where draft.lines.count < 2 {
            throw LedgerError(.invalidEntry, "entry '\(draft.idempotencyKey)' has only this one line; an entry needs at least two lines that balance",
                              at: SourceLocation(file: file, line: lines[0], field: "entry_id"))
        }
        return ParsedJournal(drafts: drafts, fileLines: fileLines, lineCount: lineCount)
    }

    private func failure(_ line: JournalFileLine, _ field: String, _ message: String) -> LedgerError {
        LedgerError(.invalidEntry, message, at: SourceLocation(file: file, line: line.fileLine, field: field))
    }
}
