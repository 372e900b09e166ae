import LedgerCore

/// One record of `CSVFields`: where its fields are and the line it starts on.
struct CSVRow: Sendable, Hashable {
    /// The physical line (1-based) the record starts on.
    var line: Int
    /// The index of its first field in `CSVFields.ends`.
    var firstField: Int
    var fieldCount: Int
    /// A field of the record holds a byte that may be a control character (C0 but tab, DEL,
    /// the lead byte of a C1 character, or a line break inside quotes). Only such records
    /// need the character-by-character check of `SafeText`; the scanner sees every byte
    /// once anyway, so knowing it costs nothing more.
    var mayHoldControl: Bool
}

/// The records a block completed, their fields as byte ranges into one buffer: the fields'
/// unescaped bytes (quotes removed, `""` made one quote, CRLF in quotes made LF) laid end to
/// end. A reader makes a `String` only for the fields it keeps, not for every field.
struct CSVFields: Sendable {
    var text: [UInt8] = []
    /// Per field, the end of its bytes in `text`; a field starts where the one before ends.
    var ends: [Int] = []
    var rows: [CSVRow] = []

    func range(ofField field: Int) -> Range<Int> {
        (field == 0 ? 0 : ends[field - 1])..<ends[field]
    }

    /// Field `column` (0-based) of `row`.
    func range(_ row: CSVRow, _ column: Int) -> Range<Int> {
        range(ofField: row.firstField + column)
    }

    /// The record with a `String` per field: what the header, the other formats' readers and
    /// every refusal's message work on.
    func record(_ row: CSVRow) -> CSVRecord {
        CSVRecord(line: row.line, fields: (row.firstField..<row.firstField + row.fieldCount).map { field in
            String(decoding: text[range(ofField: field)], as: UTF8.self)
        })
    }

    var records: [CSVRecord] { rows.map(record) }
}
