import LedgerCore

/// One posted entry rebuilt from its lines: what the error rules compare. What belongs to the
/// entry is read from its first line, which carries it (as every line of the entry does).
struct BookedEntry: Sendable, Hashable {
    /// Its lines (at least one), a slice of the lines it was grouped from: no copy of them.
    let lines: ArraySlice<LedgerLine>

    private var first: LedgerLine { lines[lines.startIndex] }
    var id: Int64 { first.entryID }
    var key: String { first.entryKey }
    var document: String { first.document }
    var date: CalendarDate { first.date }
    var source: String { first.source }
    var description: String { first.entryDescription }
    var reverses: Int64? { first.reverses }
    var isReversed: Bool { first.isReversed }

    /// Lines grouped by entry, in the order the lines come (date, then entry id). A read of
    /// posted lines gives each entry's lines one after another, so each entry is a slice of
    /// `lines`; lines given in another order are gathered by entry instead.
    static func group(_ lines: [LedgerLine]) -> [BookedEntry] {
        var entries: [BookedEntry] = []
        var seen = Set<Int64>()
        var start = lines.startIndex
        while start < lines.endIndex {
            let id = lines[start].entryID
            var end = start + 1
            while end < lines.endIndex, lines[end].entryID == id { end += 1 }
            guard seen.insert(id).inserted else { return gathered(lines) }
            entries.append(BookedEntry(lines: lines[start..<end]))
            start = end
        }
        return entries
    }

    /// Lines grouped by entry whatever their order, in the order each entry first comes.
    private static func gathered(_ lines: [LedgerLine]) -> [BookedEntry] {
        var byEntry: [[LedgerLine]] = []
        var position: [Int64: Int] = [:]
        for line in lines {
            if let index = position[line.entryID] {
                byEntry[index].append(line)
            } else {
                position[line.entryID] = byEntry.count
                byEntry.append([line])
            }
        }
        return byEntry.map { BookedEntry(lines: $0[...]) }
    }

    /// An entry of the business (an import or a manual entry), not one the close or a
    /// reversal made: only these can be duplicated or booked to the wrong entity.
    var isBusiness: Bool { Self.isBusiness(source: source, reverses: reverses) }

    static func isBusiness(source: String, reverses: Int64?) -> Bool { (source == "import" || source == "manual") && reverses == nil }

    /// The non-empty references of its lines, sorted, each once.
    var references: [String] { Array(Set(lines.map(\.reference).filter { !$0.isEmpty })).sorted() }

    /// The counterparty it names (the first line that names one), or nil.
    var counterparty: String? { lines.lazy.compactMap(CounterpartyName.of).first }

    /// A description that names the document of the entry it reverses, the way the ledger's
    /// reversals and this agent's corrections write it ("Reversal of US01-2026-000012: ...").
    static func reversalDescription(of document: String) -> String { "Reversal of \(document)" }

    /// The document this entry says it reverses, if its description says so.
    var reversedDocument: String? {
        let prefix = "Reversal of "
        guard description.hasPrefix(prefix) else { return nil }
        let rest = description.dropFirst(prefix.count)
        let document = rest.prefix { $0.isLetter || $0.isNumber || $0 == "-" }
        return document.isEmpty ? nil : String(document)
    }
}

/// Counterparties as the books name them: subledger interfaces write a line's description as
/// "<what> <reference> <counterparty>" ("Invoice 0003-000004 Oakfield Supplies KK").
enum CounterpartyName {
    /// The text after the line's reference in its description; nil when the description
    /// does not carry the reference or nothing follows it.
    static func of(_ line: LedgerLine) -> String? {
        // A byte search: this runs for every receivable and payable line of every entity.
        let reference = line.reference.utf8, description = line.description.utf8
        guard let first = reference.first else { return nil }
        var from = description.startIndex
        while let start = description[from...].firstIndex(of: first) {
            if description[start...].starts(with: reference) {
                let end = description.index(start, offsetBy: reference.count)
                let name = Substring(line.description.utf8[end...]).trimmingWhitespace
                return name.isEmpty ? nil : name
            }
            from = description.index(after: start)
        }
        return nil
    }
}

/// The entries an earlier correction already took care of: reversed through the ledger, or
/// named by another entry's "Reversal of <document>". Such an entry is never flagged again.
struct CorrectedEntries: Sendable {
    private let documents: Set<String>

    init(_ entries: [BookedEntry]) {
        documents = Set(entries.compactMap { $0.isBusiness ? nil : $0.reversedDocument })
    }

    func contains(_ entry: BookedEntry) -> Bool { entry.isReversed || documents.contains(entry.document) }
}

extension Substring {
    var trimmingWhitespace: String {
        var start = startIndex, end = endIndex
        while start < end, self[start].isWhitespace { formIndex(after: &start) }
        while end > start, self[index(before: end)].isWhitespace { formIndex(before: &end) }
        return String(self[start..<end])
    }
}
