import LedgerCore

/// Reads a journal line straight from its record's bytes (`CSVFields`), making a `String` only
/// for what the entry keeps (entry id, reference, description, partner) and looking codes up
/// by their bytes. It takes only lines it can read without doubt: a line with a possible
/// control character, a field it cannot read plainly, anything a check would refuse, gives
/// nil, and the caller reads that line the long way (`JournalFileLine.init(_:columns:chart:)`
/// after `CSVColumns.requireWidth`), which refuses it with the message it always gave. So the
/// two ways can only differ in speed: what this one accepts, the long way accepts alike.
struct JournalLineReader {
    let chart: EntryRules
    /// Per `JournalFileLine.Column`, the field's position in the file's records.
    private let positions: [Int]
    private let width: Int
    /// Codes of at most 7 bytes, packed into an integer (`key`), to what the chart says of
    /// them: a dictionary of strings hashed the whole string per line.
    private var entities: [UInt64: String] = [:]
    private var accounts: [UInt64: Account] = [:]
    private var currencies: [UInt64: Currency] = [:]

    init(columns: CSVColumns, chart: EntryRules) {
        self.chart = chart
        self.positions = JournalCSV.header.indices.map { columns.position(known: $0) }
        self.width = columns.count
    }

    /// The line `row` of `fields`, or nil when it must be read the long way.
    mutating func line(_ row: CSVRow, in fields: CSVFields) -> JournalFileLine? {
        guard row.fieldCount == width, !row.mayHoldControl else { return nil }
        return fields.text.withUnsafeBufferPointer { text -> JournalFileLine? in
            func field(_ column: JournalFileLine.Column) -> UnsafeBufferPointer<UInt8> {
                UnsafeBufferPointer(rebasing: text[fields.range(row, positions[column.rawValue])])
            }
            let entryID = field(.entryID)
            guard Self.isPlainID(entryID),
                  let entity = entity(field(.entity)),
                  let date = Self.date(field(.date)),
                  let account = account(field(.account)),
                  let currency = currency(field(.currency)),
                  let amountMinor = Self.signedAmount(debit: field(.debit), credit: field(.credit), currency: currency) else {
                return nil
            }
            let partner = field(.partner)
            if partner.isEmpty {
                guard !account.isIntercompany else { return nil }
            } else {
                guard self.entity(partner) != nil else { return nil }
            }
            let posting = EntryLine(account: account.code, currency: currency, amountMinor: amountMinor,
                                    partner: partner.isEmpty ? nil : Self.string(partner),
                                    reference: Self.string(field(.reference)), description: Self.string(field(.description)))
            return JournalFileLine(fileLine: row.line, entryID: Self.string(entryID), entity: entity, date: date, posting: posting)
        }
    }

    private static func string(_ bytes: UnsafeBufferPointer<UInt8>) -> String {
        String(decoding: bytes, as: UTF8.self)
    }

    /// Up to 7 bytes and their count in one integer; nil for a longer code.
    private static func key(_ bytes: UnsafeBufferPointer<UInt8>) -> UInt64? {
        guard bytes.count <= 7 else { return nil }
        var key: UInt64 = 0
        for byte in bytes { key = key << 8 | UInt64(byte) }
        return key | UInt64(bytes.count) << 56
    }

    /// The entity's code as the chart spells it.
    private mutating func entity(_ bytes: UnsafeBufferPointer<UInt8>) -> String? {
        guard let key = Self.key(bytes) else { return chart.entity(Self.string(bytes))?.code }
        if let code = entities[key] { return code }
        guard let code = chart.entity(Self.string(bytes))?.code else { return nil }
        entities[key] = code
        return code
    }

    private mutating func account(_ bytes: UnsafeBufferPointer<UInt8>) -> Account? {
        guard let key = Self.key(bytes) else { return chart.account(Self.string(bytes)) }
        if let account = accounts[key] { return account }
        guard let account = chart.account(Self.string(bytes)) else { return nil }
        accounts[key] = account
        return account
    }

    private mutating func currency(_ bytes: UnsafeBufferPointer<UInt8>) -> Currency? {
        guard let key = Self.key(bytes) else { return nil }
        if let currency = currencies[key] { return currency }
        guard let currency = try? Currency(Self.string(bytes)) else { return nil }
        currencies[key] = currency
        return currency
    }

    /// Not empty, ASCII, no space at either end: then the id's first and last characters are
    /// its first and last bytes, and `JournalFileLine`'s whitespace test reads them alike.
    private static func isPlainID(_ bytes: UnsafeBufferPointer<UInt8>) -> Bool {
        guard let first = bytes.first, let last = bytes.last else { return false }
        func isSpace(_ byte: UInt8) -> Bool { byte == 0x20 || (0x09...0x0D).contains(byte) }
        guard !isSpace(first), !isSpace(last) else { return false }
        var high: UInt8 = 0
        for byte in bytes { high |= byte }
        return high < 0x80
    }

    /// `YYYY-MM-DD` and a calendar day, as `CalendarDate(parsing:)` takes it.
    private static func date(_ bytes: UnsafeBufferPointer<UInt8>) -> CalendarDate? {
        guard bytes.count == 10, bytes[4] == UInt8(ascii: "-"), bytes[7] == UInt8(ascii: "-") else { return nil }
        func number(_ range: Range<Int>) -> Int? {
            var value = 0
            for index in range {
                let digit = bytes[index] &- UInt8(ascii: "0")
                guard digit < 10 else { return nil }
                value = value * 10 + Int(digit)
            }
            return value
        }
        guard let year = number(0..<4), let month = number(5..<7), let day = number(8..<10) else { return nil }
        return try? CalendarDate(year: year, month: month, day: day)
    }

    /// A debit (positive) or a credit (negative): exactly one given, positive, non-zero,
    /// within `AmountLimit.maximum` and the currency's decimals.
    private static func signedAmount(debit: UnsafeBufferPointer<UInt8>, credit: UnsafeBufferPointer<UInt8>,
                                     currency: Currency) -> Int64? {
        guard debit.isEmpty != credit.isEmpty else { return nil }
        let text = debit.isEmpty ? credit : debit
        guard let minorUnits = try? Decimal10.parse(bytes: text, scale: currency.exponent, allowNegative: false),
              minorUnits != 0, minorUnits <= AmountLimit.maximum else { return nil }
        return debit.isEmpty ? -minorUnits : minorUnits
    }
}

extension JournalFileLine {
    /// A line `JournalLineReader` checked.
    init(fileLine: Int, entryID: String, entity: String, date: CalendarDate, posting: EntryLine) {
        self.fileLine = fileLine
        self.entryID = entryID
        self.entity = entity
        self.date = date
        self.posting = posting
    }
}
