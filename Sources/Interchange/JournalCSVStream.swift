import Foundation
import LedgerCore

/// A journal CSV read in blocks and handed out in chunks of whole entries, so that a file of
/// any size is imported in bounded memory (`close journal import`). Every check of
/// `JournalCSV.parse` applies, line by line, with the same messages.
///
/// Lines of one entry need not be next to each other, but in a stream they must be near:
/// a chunk is handed out once it holds `chunkLines` lines, with every entry in it except the
/// one the last line read belongs to (which may go on). A late line of an entry handed out
/// earlier comes as a second entry of the same id, which the ledger refuses ("comes twice in
/// this file") at that line; nothing is remembered per entry, so memory stays bounded. A
/// file that keeps each entry's lines together, as every export does, never meets this.
public final class JournalCSVStream {
    private let blocks: CSVBlocks
    public var file: String { blocks.file }
    public let chunkLines: Int
    private let group: GroupDefinition
    private let chart: EntryRules
    private var columns: CSVColumns?
    private var lineReader: JournalLineReader?
    private var lineCount = 0
    /// The entries being gathered, in the order their first line came.
    private var drafts: [JournalEntryDraft] = []
    private var fileLines: [[Int]] = []
    private var indexByEntryID: [String: Int] = [:]
    private var heldLines = 0
    /// Entries handed out so far, the index of the next chunk's first entry.
    public private(set) var entriesHandedOut = 0
    /// Bytes read so far (for progress).
    public var bytesRead: Int { blocks.bytesRead }

    /// Bytes read at a time: the only part of the file held whole.
    public var blockBytes: Int { blocks.blockBytes }

    /// Opens `path`; the file is closed by `close()` or when the stream ends.
    public init(path: String, group: GroupDefinition, chunkLines: Int = 50_000, blockBytes: Int = 1 << 20) throws(LedgerError) {
        blocks = try CSVBlocks(path: path, blockBytes: blockBytes)
        self.chunkLines = max(2, chunkLines)
        self.group = group
        self.chart = EntryRules(group: group)
    }

    /// Closes the file; the stream reads nothing more.
    public func close() { blocks.close() }

    /// The next chunk of whole entries, or nil after the last. The first problem in the file
    /// throws, naming the line and field, as `JournalCSV.parse` does.
    public func next() throws(LedgerError) -> ParsedJournal? {
        while true {
            if blocks.atEnd {
                guard !drafts.isEmpty else {
                    if columns == nil {
                        throw LedgerError(.invalidFile, "the file is empty; expected the header line '\(JournalCSV.header.joined(separator: ","))' followed by journal lines",
                                          at: SourceLocation(file: file))
                    }
                    if lineCount == 0 {
                        throw LedgerError(.invalidFile, "the file has a header but no journal lines", at: SourceLocation(file: file))
                    }
                    return nil
                }
                return try handOut(keepingLast: false)
            }
            // More than the entry that may go on: something whole to hand out.
            if heldLines >= chunkLines && drafts.count > 1 { return try handOut(keepingLast: true) }
            try take(try blocks.nextFields())
        }
    }

    /// Reads each record from its bytes (`JournalLineReader`); a record that reader does not
    /// take is made into Strings and read the long way, which says what is wrong with it.
    private func take(_ fields: CSVFields) throws(LedgerError) {
        var rows = fields.rows[...]
        if columns == nil, let header = rows.first {
            let found = try CSVColumns(header: fields.record(header), required: JournalCSV.header, file: file)
            columns = found
            lineReader = JournalLineReader(columns: found, chart: chart)
            rows = rows.dropFirst()
        }
        // Moved out of the object for the block, as the scanner is (CSVBlocks): a class's
        // stored property mutated per line pays the runtime's exclusivity check per line.
        guard let columns, var reader = lineReader else { return }
        lineReader = nil
        defer { lineReader = reader }
        for row in rows {
            if let line = reader.line(row, in: fields) {
                try add(line)
            } else {
                let record = fields.record(row)
                try columns.requireWidth(of: record)
                try add(JournalFileLine(record, columns: columns, chart: chart))
            }
            lineCount += 1
        }
    }

    private func add(_ line: JournalFileLine) throws(LedgerError) {
        heldLines += 1
        // Lines of an entry come together in most files: the entry of the line before is
        // known without hashing the id.
        let known = line.entryID == lastEntryID ? lastIndex : indexByEntryID[line.entryID]
        guard let index = known else {
            indexByEntryID[line.entryID] = drafts.count
            drafts.append(JournalEntryDraft(entity: line.entity, date: line.date, description: line.posting.description,
                                            source: .fileImport, idempotencyKey: line.entryID, lines: [line.posting]))
            fileLines.append([line.fileLine])
            lastEntryID = line.entryID
            lastIndex = drafts.count - 1
            return
        }
        let firstLine = fileLines[index][0]
        guard line.entity == drafts[index].entity else {
            throw failure(line, "entity", "entry '\(line.entryID)' is for entity \(drafts[index].entity) (line \(firstLine)) but this line says \(line.entity); all lines of an entry belong to one entity")
        }
        guard line.date == drafts[index].date else {
            throw failure(line, "date", "entry '\(line.entryID)' is dated \(drafts[index].date) (line \(firstLine)) but this line says \(line.date); all lines of an entry share one date")
        }
        drafts[index].lines.append(line.posting)
        fileLines[index].append(line.fileLine)
        lastEntryID = line.entryID
        lastIndex = index
    }

    /// The entry the last line read belongs to, and its index in `drafts`.
    private var lastEntryID: String?
    private var lastIndex = 0

    /// Hands out the gathered entries, but for the one the last line read belongs to when
    /// the file goes on. A lone line handed out can never balance: said here, with its line.
    private func handOut(keepingLast: Bool) throws(LedgerError) -> ParsedJournal {
        let kept = keepingLast ? lastEntryID.flatMap { indexByEntryID[$0] } : nil
        var chunk = ParsedJournal(drafts: [], fileLines: [], lineCount: 0)
        var carried: (JournalEntryDraft, [Int])?
        for (index, (draft, lines)) in zip(drafts, fileLines).enumerated() {
            if index == kept {
                carried = (draft, lines)
                continue
            }
            guard draft.lines.count >= 2 else {
                let within = blocks.atEnd ? "" : " within \(chunkLines) lines"
                throw LedgerError(.invalidEntry, "entry '\(draft.idempotencyKey)' has only this one line\(within); an entry needs at least two lines that balance",
                                  at: SourceLocation(file: file, line: lines[0], field: "entry_id"))
            }
            chunk.drafts.append(draft)
            chunk.fileLines.append(lines)
            chunk.lineCount += lines.count
        }
        drafts.removeAll(keepingCapacity: true)
        fileLines.removeAll(keepingCapacity: true)
        indexByEntryID.removeAll(keepingCapacity: true)
        heldLines = 0
        if let (draft, lines) = carried {
            indexByEntryID[draft.idempotencyKey] = 0
            drafts.append(draft)
            fileLines.append(lines)
            heldLines = lines.count
            lastIndex = 0
        } else {
            lastEntryID = nil
        }
        entriesHandedOut += chunk.drafts.count
        return chunk
    }

    private func failure(_ line: JournalFileLine, _ field: String, _ message: String) -> LedgerError {
        LedgerError(.invalidEntry, message, at: SourceLocation(file: file, line: line.fileLine, field: field))
    }
}
