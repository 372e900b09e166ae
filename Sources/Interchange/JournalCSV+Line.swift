import LedgerCore

/// One data line of a journal file, every field checked. Fields are checked in a fixed
/// order (entry_id, entity, date, account, currency, debit/credit, partner) and the first
/// problem is reported with its line and column.
struct JournalFileLine {
    /// The columns in the order of `JournalCSV.header`.
    enum Column: Int { case entryID, entity, date, account, debit, credit, currency, description, reference, partner }

    let fileLine: Int
    let entryID: String
    let entity: String
    let date: CalendarDate
    let posting: EntryLine

    init(_ record: CSVRecord, columns: CSVColumns, chart: EntryRules) throws(LedgerError) {
        // Found by the column's number in `JournalCSV.header`, the same for every line.
        func value(_ column: Column) -> String { columns.value(known: column.rawValue, in: record) }
        func failure(_ code: LedgerError.Code, _ field: String, _ message: String) -> LedgerError {
            columns.failure(code, message, record: record, field: field)
        }

        let entryID = value(.entryID)
        guard !entryID.isEmpty else {
            throw failure(.invalidEntry, "entry_id", "entry_id is empty; every line needs the id of the entry it belongs to")
        }
        guard entryID.first?.isWhitespace != true, entryID.last?.isWhitespace != true else {
            throw failure(.invalidEntry, "entry_id", "entry_id '\(entryID)' starts or ends with a space; ids are compared exactly")
        }

        let entityCode = value(.entity)
        guard let entity = chart.entity(entityCode) else {
            let known = chart.group.entities.map(\.code).joined(separator: ", ")
            throw failure(.unknownEntity, "entity", "unknown entity '\(entityCode)'; the group has \(known)")
        }

        let date: CalendarDate
        do { date = try CalendarDate(parsing: value(.date)) } catch { throw error.at(SourceLocation(file: columns.file, line: record.line, field: "date")) }

        let accountCode = value(.account)
        guard let account = chart.account(accountCode) else {
            throw failure(.unknownAccount, "account", "unknown account '\(accountCode)'; it is not in the chart of accounts of \(chart.group.name)")
        }

        let currency: Currency
        do { currency = try Currency(value(.currency)) } catch { throw error.at(SourceLocation(file: columns.file, line: record.line, field: "currency")) }

        let amountMinor = try Self.signedAmount(debit: value(.debit), credit: value(.credit),
                                                currency: currency, failure: failure)

        let partnerCode = value(.partner)
        if !partnerCode.isEmpty, chart.entity(partnerCode) == nil {
            throw failure(.unknownEntity, "partner", "unknown partner entity '\(partnerCode)'; the partner must be an entity of the group")
        }
        if partnerCode.isEmpty, account.isIntercompany {
            throw failure(.missingPartner, "partner", "account \(account.code) (\(account.name)) is intercompany; the line needs the partner entity")
        }

        self.fileLine = record.line
        self.entryID = entryID
        self.entity = entity.code
        self.date = date
        self.posting = EntryLine(account: account.code, currency: currency, amountMinor: amountMinor,
                                 partner: partnerCode.isEmpty ? nil : partnerCode,
                                 reference: value(.reference), description: value(.description))
    }

    /// Exactly one of debit and credit holds a positive amount; a debit is positive in the
    /// ledger, a credit negative.
    private static func signedAmount(debit: String, credit: String, currency: Currency,
                                     failure: (LedgerError.Code, String, String) -> LedgerError) throws(LedgerError) -> Int64 {
        switch (debit.isEmpty, credit.isEmpty) {
        case (true, true):
            throw failure(.invalidAmount, "debit", "neither debit nor credit is given; exactly one must hold a positive amount")
        case (false, false):
            throw failure(.invalidAmount, "credit", "both debit '\(debit)' and credit '\(credit)' are given; exactly one must hold a positive amount")
        case (false, true):
            return try amount(debit, field: "debit", currency: currency, failure: failure)
        case (true, false):
            // A parsed amount is at most AmountLimit.maximum, so negating it cannot overflow.
            return -(try amount(credit, field: "credit", currency: currency, failure: failure))
        }
    }

    private static func amount(_ text: String, field: String, currency: Currency,
                               failure: (LedgerError.Code, String, String) -> LedgerError) throws(LedgerError) -> Int64 {
        let minorUnits: Int64
        do {
            minorUnits = try AmountLimit.parse(text, currency, allowNegative: false)
        } catch {
            if AmountLimit.isOverLimit(error) { throw failure(error.code, field, "\(field) \(error.message)") }
            if text.hasPrefix("-") {
                let other = field == "debit" ? "credit" : "debit"
                throw failure(error.code, field, "\(field) '\(text)' is negative; amounts are positive, and the other side goes in the \(other) column")
            }
            let decimals = currency.exponent == 0 ? "no decimals" : "\(currency.exponent) decimals"
            throw failure(error.code, field, "\(field) \(error.message) (\(currency) amounts have \(decimals))")
        }
        guard minorUnits != 0 else {
            throw failure(.invalidAmount, field, "\(field) '\(text)' is zero; a journal line needs a non-zero amount")
        }
        return minorUnits
    }
}
