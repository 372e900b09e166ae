import LedgerCore

/// The columns a CSV header names, checked against what a format expects. Columns may come
/// in any order, but every required one must be there, and an unknown or repeated name is
/// refused: a misspelt `credti` must not turn every credit into a blank.
struct CSVColumns {
    private let positions: [String: Int]
    /// Per expected column (`required` then `optional`, in the order given), its position in
    /// the file, -1 when an optional one is left out: a line's fields found by number, not by
    /// hashing a name for every field of every line.
    private let knownPositions: [Int]
    /// The header's names in file order, so the first bad field reported is the leftmost.
    private let names: [String]
    let count: Int
    let file: String

    init(header: CSVRecord, required: [String], optional: [String] = [], file: String) throws(LedgerError) {
        self.file = file
        let known = required + optional
        let expected = "the columns " + required.joined(separator: ",")
            + (optional.isEmpty ? "" : " (optionally also " + optional.joined(separator: ",") + ")")
        func failure(_ message: String, field: String? = nil) -> LedgerError {
            LedgerError(.invalidFile, message, at: SourceLocation(file: file, line: header.line, field: field))
        }
        guard header.fields.contains(where: known.contains) else {
            throw failure("missing header: the first line must name \(expected); found '\(SafeText.excerpt(header.fields.joined(separator: ","), limit: 80))'")
        }
        var positions: [String: Int] = [:]
        for (index, name) in header.fields.enumerated() {
            guard known.contains(name) else {
                let shown = SafeText.excerpt(name, limit: 40)
                throw failure("unknown column '\(shown)' in the header; expected \(expected)", field: shown)
            }
            guard positions[name] == nil else {
                throw failure("column '\(name)' appears twice in the header", field: name)
            }
            positions[name] = index
        }
        for name in required where positions[name] == nil {
            throw failure("the header has no column '\(name)'; expected \(expected)", field: name)
        }
        self.positions = positions
        self.knownPositions = known.map { positions[$0] ?? -1 }
        self.names = header.fields
        self.count = header.fields.count
    }

    func has(_ name: String) -> Bool { positions[name] != nil }

    /// The field of `record` under column `name`; "" for an optional column the file leaves out.
    func value(_ name: String, in record: CSVRecord) -> String {
        positions[name].map { record.fields[$0] } ?? ""
    }

    /// The field of `record` under the expected column number `known` (its place in
    /// `required` then `optional`); "" for an optional column the file leaves out.
    func value(known: Int, in record: CSVRecord) -> String {
        let position = knownPositions[known]
        return position < 0 ? "" : record.fields[position]
    }

    /// The position in the file of expected column number `known`; -1 for an optional column
    /// the file leaves out.
    func position(known: Int) -> Int { knownPositions[known] }

    /// Parses field `name` of `record` with `parse`, placing any error at that line and column.
    func parse<Value>(_ name: String, in record: CSVRecord,
                      _ parse: (String) throws(LedgerError) -> Value) throws(LedgerError) -> Value {
        do {
            return try parse(value(name, in: record))
        } catch {
            throw error.at(SourceLocation(file: file, line: record.line, field: name))
        }
    }

    /// Every data line must have exactly as many fields as the header, and no field may
    /// hold a control character (tab aside): text reaches terminals and C APIs later.
    func requireWidth(of record: CSVRecord) throws(LedgerError) {
        guard record.fields.count == count else {
            throw LedgerError(.invalidFile, "the line has \(record.fields.count) field(s) but the header has \(count); quote any field that contains a comma",
                              at: SourceLocation(file: file, line: record.line))
        }
        for (index, name) in names.enumerated() {
            do {
                try SafeText.check(record.fields[index], field: name)
            } catch {
                throw error.at(SourceLocation(file: file, line: record.line, field: name))
            }
        }
    }

    /// A `LedgerError` about field `name` of `record`.
    func failure(_ code: LedgerError.Code, _ message: String, record: CSVRecord, field name: String) -> LedgerError {
        LedgerError(code, message, at: SourceLocation(file: file, line: record.line, field: name))
    }
}
