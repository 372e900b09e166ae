import LedgerCore

/// The goods-receipt log CSV (docs/file-formats.md):
/// `receipt_id,entity,supplier,date,currency,amount,account,description,invoice`, every
/// column required; an empty `invoice` means not invoiced yet (goods received, not
/// invoiced). Checked against the group: the entity must be an operating entity, the account
/// one of the chart without the intercompany flag, the amount positive with no more
/// decimals than the currency allows. Every error names the file, the line and the field.
public enum GoodsReceiptsCSV {
    public static let header = ["receipt_id", "entity", "supplier", "date", "currency", "amount", "account", "description", "invoice"]

    public static func parse(_ bytes: [UInt8], file: String, group: GroupDefinition) throws(LedgerError) -> ParsedGoodsReceipts {
        let records = try CSVReader.records(bytes, file: file)
        guard let headerRecord = records.first else {
            throw LedgerError(.invalidFile, "the file is empty; expected the header line '\(header.joined(separator: ","))' followed by receipts",
                              at: SourceLocation(file: file))
        }
        let columns = try CSVColumns(header: headerRecord, required: header, file: file)
        guard records.count > 1 else {
            throw LedgerError(.invalidFile, "the file has a header but no goods receipts", at: SourceLocation(file: file))
        }
        var parsed = ParsedGoodsReceipts(receipts: [], lines: [])
        var ids = ReceiptIDs()
        for record in records.dropFirst() {
            try columns.requireWidth(of: record)
            let receipt = try goodsReceipt(record, columns: columns, group: group)
            try ids.add(receipt, record, columns)
            parsed.receipts.append(receipt)
            parsed.lines.append(record.line)
        }
        return parsed
    }

    /// The first line of each receipt id read, so that a second use names it. The only
    /// thing a streamed file keeps per receipt: an id and a number.
    struct ReceiptIDs {
        private var firstLine: [String: Int] = [:]

        mutating func add(_ receipt: GoodsReceipt, _ record: CSVRecord, _ columns: CSVColumns) throws(LedgerError) {
            if let earlier = firstLine[receipt.id] {
                throw columns.failure(.invalidEntry, "receipt_id '\(receipt.id)' is already used on line \(earlier); every receipt has its own id",
                                      record: record, field: "receipt_id")
            }
            firstLine[receipt.id] = record.line
        }
    }

    /// Fields are checked in column order; the first problem is reported.
    static func goodsReceipt(_ record: CSVRecord, columns: CSVColumns, group: GroupDefinition) throws(LedgerError) -> GoodsReceipt {
        func value(_ name: String) -> String { columns.value(name, in: record) }
        func failure(_ code: LedgerError.Code, _ field: String, _ message: String) -> LedgerError {
            columns.failure(code, message, record: record, field: field)
        }
        let id = value("receipt_id")
        guard !id.isEmpty, id.first?.isWhitespace != true, id.last?.isWhitespace != true else {
            throw failure(.invalidEntry, "receipt_id", "receipt_id '\(id)' is empty or starts or ends with a space; every receipt needs an id, compared exactly")
        }
        let entityCode = value("entity")
        guard let entity = group.entity(entityCode), !entity.isConsolidation else {
            let known = group.operatingEntities.map(\.code).joined(separator: ", ")
            throw failure(.unknownEntity, "entity", "unknown entity '\(entityCode)'; goods are received by an operating entity of the group: \(known)")
        }
        let supplier = value("supplier")
        guard !supplier.isEmpty else { throw failure(.invalidEntry, "supplier", "supplier is empty; every receipt names who delivered") }
        let date = try columns.parse("date", in: record) { text throws(LedgerError) in try CalendarDate(parsing: text) }
        let currency = try columns.parse("currency", in: record) { text throws(LedgerError) in try Currency(text) }
        let amountMinor = try amount(value("amount"), currency: currency, failure: failure)
        let accountCode = value("account")
        guard let account = group.account(accountCode) else {
            throw failure(.unknownAccount, "account", "unknown account '\(accountCode)'; it is not in the chart of accounts of \(group.name)")
        }
        guard !account.isIntercompany else {
            throw failure(.unknownAccount, "account", "account \(account.code) (\(account.name)) is intercompany; goods receipts come from outside suppliers")
        }
        let invoice = value("invoice")
        return GoodsReceipt(id: id, entity: entity.code, supplier: supplier, date: date, currency: currency, amountMinor: amountMinor,
                            account: account.code, description: value("description"), invoice: invoice.isEmpty ? nil : invoice)
    }

    private static func amount(_ text: String, currency: Currency,
                               failure: (LedgerError.Code, String, String) -> LedgerError) throws(LedgerError) -> Int64 {
        let minorUnits: Int64
        do {
            minorUnits = try AmountLimit.parse(text, currency, allowNegative: false)
        } catch {
            if AmountLimit.isOverLimit(error) { throw failure(error.code, "amount", "amount \(error.message)") }
            let decimals = currency.exponent == 0 ? "no decimals" : "at most \(currency.exponent) decimals"
            throw failure(error.code, "amount", "amount \(error.message) (a positive amount, net of tax; \(currency) amounts have \(decimals))")
        }
        guard minorUnits > 0 else { throw failure(.invalidAmount, "amount", "amount '\(text)' is zero; a receipt has a positive value") }
        return minorUnits
    }
}

/// Receipts with the file line each came from, so that a refusal by the ledger can name it.
public struct ParsedGoodsReceipts: Sendable, Hashable {
    public var receipts: [GoodsReceipt]
    /// Per receipt: the physical file line (1-based) it was read from.
    public var lines: [Int]

    public init(receipts: [GoodsReceipt], lines: [Int]) {
        self.receipts = receipts
        self.lines = lines
    }
}
