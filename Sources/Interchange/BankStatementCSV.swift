import LedgerCore

/// The bank statement CSV format (docs/file-formats.md): one row per statement line, rows
/// sharing a `statement_id` form one statement. `amount` is signed, positive = money in.
///
/// Optional columns: `value_date` (default: `date`), `bank_reference` (default empty), `kind`
/// (a `BankLineKind`, default `transfer`) and `balance`, the running balance after the line as
/// bank exports carry it. With balances, opening = first balance - first amount and closing =
/// last balance, and every balance must equal the previous one plus the amount: the statement
/// ties out by construction. Without a `balance` column the file carries movements only; a
/// parsed statement then has opening 0 and closing = the sum of its lines. Tie-out against the
/// ledger needs the balance column, which `write` always emits.
///
/// The CSV carries no IBAN, BIC, statement dates or creation time, so `parse` derives them:
/// IBAN and BIC from the group's `bank_accounts` ("" and nil when it has none), opening and
/// closing dates from the earliest and latest booking date, and `createdAt` as the end of the
/// closing date (`YYYY-MM-DDT23:59:59Z`). A statement built that way round-trips exactly.
public enum BankStatementCSV {
    public static let header = ["statement_id", "entity", "account", "date", "amount", "currency",
                                "reference", "counterparty", "description"]
    public static let optionalColumns = ["value_date", "bank_reference", "kind", "balance"]

    /// All 13 columns, one row per line in statement order, LF line endings. A statement
    /// without lines has no rows (its balances are lost; camt.053 carries them), and a file of
    /// only such statements is a header that `parse` refuses. A zero amount or a statement that
    /// does not tie out cannot be written as rows with running balances: it is refused.
    public static func write(_ statements: [BankStatement]) throws(LedgerError) -> [UInt8] {
        var out: [UInt8] = []
        out.reserveCapacity(statements.reduce(256) { $0 + estimatedSize($1) })
        out.append(contentsOf: (header + optionalColumns).joined(separator: ",").utf8)
        out.append(lineFeed)
        for statement in statements {
            try appendRows(statement, to: &out)
        }
        return out
    }

    public static func parse(_ bytes: [UInt8], file: String, group: GroupDefinition) throws(LedgerError) -> [BankStatement] {
        let records = try CSVReader.records(bytes, file: file)
        guard let headerRecord = records.first else {
            throw LedgerError(.invalidFile, "the file is empty; expected the header line '\(header.joined(separator: ","))' followed by statement lines",
                              at: SourceLocation(file: file))
        }
        let columns = try CSVColumns(header: headerRecord, required: header, optional: optionalColumns, file: file)
        guard records.count > 1 else {
            throw LedgerError(.invalidFile, "the file has a header but no statement lines", at: SourceLocation(file: file))
        }
        let chart = BankChart(group)
        var statements = StatementAssembler(file: file, hasBalances: columns.has("balance"))
        for record in records.dropFirst() {
            try columns.requireWidth(of: record)
            try statements.add(try BankFileLine(record, columns: columns, chart: chart))
        }
        return try statements.finish(group: group)
    }

    private static let lineFeed = UInt8(ascii: "\n")
    private static let comma = UInt8(ascii: ",")

    private static func estimatedSize(_ statement: BankStatement) -> Int {
        let prefix = 4 + statement.id.utf8.count + statement.entity.utf8.count + statement.account.utf8.count
        return statement.lines.reduce(0) { size, line in
            size + prefix + 96 + line.reference.utf8.count + line.counterparty.utf8.count
                + line.description.utf8.count + line.bankReference.utf8.count
        }
    }

    private static func appendRows(_ statement: BankStatement, to out: inout [UInt8]) throws(LedgerError) {
        guard try statement.tieOutDifference() == 0 else {
            throw LedgerError(.invalidAmount, "statement \(statement.id) does not tie out (opening + lines <> closing), so its running balances cannot be written",
                              at: SourceLocation(field: "balance"))
        }
        // The columns every row of the statement shares, encoded once.
        var prefix: [UInt8] = []
        for text in [statement.id, statement.entity, statement.account] {
            prefix.appendCSVField(text)
            prefix.append(comma)
        }
        let currency = Array(statement.currency.code.utf8)
        let scale = statement.currency.exponent
        var balanceMinor = statement.openingMinor
        for line in statement.lines {
            guard line.amountMinor != 0 else {
                throw LedgerError(.invalidAmount, "statement \(statement.id) has a line with a zero amount", at: SourceLocation(field: "amount"))
            }
            balanceMinor = try Checked.add(balanceMinor, line.amountMinor)
            out.append(contentsOf: prefix)
            out.appendDate(line.bookingDate)
            out.append(comma)
            out.appendDecimal(line.amountMinor, scale: scale)
            out.append(comma)
            out.append(contentsOf: currency)
            for text in [line.reference, line.counterparty, line.description] {
                out.append(comma)
                out.appendCSVField(text)
            }
            out.append(comma)
            out.appendDate(line.valueDate)
            out.append(comma)
            out.appendCSVField(line.bankReference)
            out.append(comma)
            out.append(contentsOf: line.kind.rawValue.utf8)
            out.append(comma)
            out.appendDecimal(balanceMinor, scale: scale)
            out.append(lineFeed)
        }
    }
}

// MARK: - Reading

/// The group's entities and accounts by code: a file of 100,000 lines looks each up per line.
struct BankChart {
    let group: GroupDefinition
    let entities: [String: Entity]
    let accounts: [String: Account]

    init(_ group: GroupDefinition) {
        self.group = group
        entities = Dictionary(group.entities.map { ($0.code, $0) }, uniquingKeysWith: { first, _ in first })
        accounts = Dictionary(group.accounts.map { ($0.code, $0) }, uniquingKeysWith: { first, _ in first })
    }
}

/// One data row, every field checked in column order; the first problem names line and field.
struct BankFileLine {
    let fileLine: Int
    let statementID: String
    let entity: String
    let account: String
    let currency: Currency
    let line: BankLine
    let balanceMinor: Int64?

    init(_ record: CSVRecord, columns: CSVColumns, chart: BankChart) throws(LedgerError) {
        func value(_ name: String) -> String { columns.value(name, in: record) }
        func failure(_ code: LedgerError.Code, _ field: String, _ message: String) -> LedgerError {
            columns.failure(code, message, record: record, field: field)
        }

        let statementID = value("statement_id")
        guard !statementID.isEmpty else {
            throw failure(.invalidFile, "statement_id", "statement_id is empty; every line needs the id of the statement it belongs to")
        }
        guard statementID.first?.isWhitespace != true, statementID.last?.isWhitespace != true else {
            throw failure(.invalidFile, "statement_id", "statement_id '\(statementID)' starts or ends with a space; ids are compared exactly")
        }

        let entityCode = value("entity")
        guard chart.entities[entityCode] != nil else {
            let known = chart.group.entities.map(\.code).joined(separator: ", ")
            throw failure(.unknownEntity, "entity", "unknown entity '\(entityCode)'; the group has \(known)")
        }

        let accountCode = value("account")
        guard let account = chart.accounts[accountCode] else {
            throw failure(.unknownAccount, "account", "unknown account '\(accountCode)'; it is not in the chart of accounts of \(chart.group.name)")
        }
        guard account.isBank else {
            throw failure(.unknownAccount, "account", "account \(account.code) (\(account.name)) is not a bank account; a statement belongs to an account with the bank flag")
        }

        let date = try columns.parse("date", in: record) { text throws(LedgerError) in try CalendarDate(parsing: text) }
        let valueDate = value("value_date").isEmpty ? date
            : try columns.parse("value_date", in: record) { text throws(LedgerError) in try CalendarDate(parsing: text) }

        let currency = try columns.parse("currency", in: record) { text throws(LedgerError) in try Currency(text) }
        if let bank = chart.group.bankAccount(entity: entityCode, account: accountCode), bank.currency != currency {
            throw failure(.invalidCurrency, "currency", "the bank account \(bank.iban) of \(entityCode) account \(accountCode) is held in \(bank.currency), not \(currency)")
        }

        let amountMinor = try Self.amount(value("amount"), field: "amount", currency: currency, failure: failure)
        guard amountMinor != 0 else {
            throw failure(.invalidAmount, "amount", "amount '\(value("amount"))' is zero; a statement line moves money")
        }

        let kindText = value("kind")
        guard let kind = kindText.isEmpty ? .transfer : BankLineKind(rawValue: kindText) else {
            let allowed = BankLineKind.allCases.map(\.rawValue).joined(separator: ", ")
            throw failure(.invalidFile, "kind", "unknown kind '\(kindText)'; expected one of \(allowed) (or empty for transfer)")
        }

        if columns.has("balance") {
            let text = value("balance")
            guard !text.isEmpty else {
                throw failure(.invalidAmount, "balance", "balance is empty; with a balance column every line needs the running balance after it")
            }
            balanceMinor = try Self.amount(text, field: "balance", currency: currency, failure: failure)
        } else {
            balanceMinor = nil
        }

        self.fileLine = record.line
        self.statementID = statementID
        self.entity = entityCode
        self.account = accountCode
        self.currency = currency
        self.line = BankLine(bookingDate: date, valueDate: valueDate, amountMinor: amountMinor,
                             reference: value("reference"), bankReference: value("bank_reference"),
                             counterparty: value("counterparty"), description: value("description"), kind: kind)
    }

    /// A line amount within `AmountLimit.maximum`; a balance within `balanceMaximum`.
    private static func amount(_ text: String, field: String, currency: Currency,
                               failure: (LedgerError.Code, String, String) -> LedgerError) throws(LedgerError) -> Int64 {
        do {
            return try AmountLimit.parse(text, currency, limit: field == "balance" ? AmountLimit.balanceMaximum : AmountLimit.maximum)
        } catch {
            if AmountLimit.isOverLimit(error) { throw failure(error.code, field, "\(field) \(error.message)") }
            let decimals = currency.exponent == 0 ? "no decimals" : "\(currency.exponent) decimals"
            throw failure(error.code, field, "\(field) \(error.message) (\(currency) amounts have \(decimals))")
        }
    }
}

/// Groups rows into statements by `statement_id`, in order of first appearance, checking that
/// a statement keeps one entity, account and currency and that its balances run on.
struct StatementAssembler {
    private struct Pending {
        var id: String
        var entity: String
        var account: String
        var currency: Currency
        var firstFileLine: Int
        var lastFileLine: Int
        var openingMinor: Int64?
        var balanceMinor: Int64?
    }

    let file: String
    let hasBalances: Bool
    private var pending: [Pending] = []
    /// Per statement, kept apart from `pending` so that reading a statement's header never
    /// holds a second reference to its lines (appending would then copy them every time).
    private var lines: [[BankLine]] = []
    private var indexByID: [String: Int] = [:]

    init(file: String, hasBalances: Bool) {
        self.file = file
        self.hasBalances = hasBalances
    }

    mutating func add(_ row: BankFileLine) throws(LedgerError) {
        guard let index = indexByID[row.statementID] else {
            var opening: Int64?
            if let balance = row.balanceMinor {
                do {
                    opening = try Checked.add(balance, try Checked.negate(row.line.amountMinor))
                } catch {
                    throw error.at(location(row, "balance"))
                }
            }
            indexByID[row.statementID] = pending.count
            pending.append(Pending(id: row.statementID, entity: row.entity, account: row.account, currency: row.currency,
                                   firstFileLine: row.fileLine, lastFileLine: row.fileLine, openingMinor: opening,
                                   balanceMinor: row.balanceMinor))
            lines.append([row.line])
            heldLines += 1
            return
        }
        let statement = pending[index]
        func differs(_ field: String, _ theirs: String, _ ours: String) -> LedgerError {
            LedgerError(.invalidFile, "statement '\(statement.id)' is for \(field) \(theirs) (line \(statement.firstFileLine)) but this line says \(ours); "
                        + "all lines of a statement share one \(field)", at: location(row, field))
        }
        guard row.entity == statement.entity else { throw differs("entity", statement.entity, row.entity) }
        guard row.account == statement.account else { throw differs("account", statement.account, row.account) }
        guard row.currency == statement.currency else { throw differs("currency", statement.currency.code, row.currency.code) }
        if let previous = statement.balanceMinor, let balance = row.balanceMinor {
            let expected: Int64
            do {
                expected = try Checked.add(previous, row.line.amountMinor)
            } catch {
                throw error.at(location(row, "balance"))
            }
            guard balance == expected else {
                func text(_ minor: Int64) -> String { Decimal10.format(minor, scale: row.currency.exponent) }
                throw LedgerError(.invalidAmount, "balance \(text(balance)) is not the previous balance \(text(previous)) (line \(statement.lastFileLine)) "
                                  + "plus the amount \(text(row.line.amountMinor)) = \(text(expected))", at: location(row, "balance"))
            }
        }
        pending[index].balanceMinor = row.balanceMinor
        pending[index].lastFileLine = row.fileLine
        lines[index].append(row.line)
        heldLines += 1
    }

    /// The first file line of each statement gathered.
    var firstLines: [String: Int] {
        Dictionary(pending.map { ($0.id, $0.firstFileLine) }, uniquingKeysWith: { first, _ in first })
    }

    /// Lines held in the statements not yet handed out.
    private(set) var heldLines = 0

    /// Every statement gathered, but for `keeping` (the one the last line read belongs to,
    /// which may go on), which stays to gather more: the streamed reader's hand-out.
    mutating func handOut(keeping: String?, group: GroupDefinition) throws(LedgerError) -> [BankStatement] {
        let kept = keeping.flatMap { indexByID[$0] }
        var finished = self
        var carried = StatementAssembler(file: file, hasBalances: hasBalances)
        if let kept {
            finished.pending.remove(at: kept)
            finished.lines.remove(at: kept)
            carried.indexByID[pending[kept].id] = 0
            carried.pending = [pending[kept]]
            carried.lines = [lines[kept]]
            carried.heldLines = lines[kept].count
        }
        self = carried
        return try finished.finish(group: group)
    }

    func finish(group: GroupDefinition) throws(LedgerError) -> [BankStatement] {
        var statements: [BankStatement] = []
        statements.reserveCapacity(pending.count)
        for (statement, lines) in zip(pending, lines) {
            let opening: Int64
            let closing: Int64
            if let openingMinor = statement.openingMinor, let balance = statement.balanceMinor {
                (opening, closing) = (openingMinor, balance)
            } else {
                do {
                    (opening, closing) = (0, try Checked.sum(lines.map(\.amountMinor)))
                } catch {
                    throw error.at(SourceLocation(file: file, line: statement.firstFileLine, field: "amount"))
                }
            }
            let dates = lines.map(\.bookingDate)
            let closingDate = dates.max()!  // a pending statement has at least one line
            let bank = group.bankAccount(entity: statement.entity, account: statement.account)
            let parsed = BankStatement(id: statement.id, entity: statement.entity, account: statement.account,
                                       iban: bank?.iban ?? "", bic: bank?.bic, currency: statement.currency,
                                       openingDate: dates.min()!, openingMinor: opening,
                                       closingDate: closingDate, closingMinor: closing,
                                       createdAt: "\(closingDate)T23:59:59Z", lines: lines)
            assert((try? parsed.tieOutDifference()) == 0, "a parsed statement ties out by construction")
            statements.append(parsed)
        }
        return statements
    }

    private func location(_ row: BankFileLine, _ field: String) -> SourceLocation {
        SourceLocation(file: file, line: row.fileLine, field: field)
    }
}

// MARK: - Byte output shared by the statement writers

/// The writers emit up to 100,000 lines, so numbers and dates go straight into the output
/// buffer rather than through intermediate Strings.
extension [UInt8] {
    /// `value / 10^scale` with exactly `scale` decimals, the text `Decimal10.format` gives.
    mutating func appendDecimal(_ value: Int64, scale: Int) {
        if value < 0 { append(UInt8(ascii: "-")) }
        appendDecimal(magnitude: value.magnitude, scale: scale)
    }

    /// An unsigned amount, for formats that carry the sign elsewhere (camt.053 CdtDbtInd).
    mutating func appendDecimal(magnitude: UInt64, scale: Int) {
        var digitCount = 1
        var rest = magnitude / 10
        while rest > 0 {
            digitCount += 1
            rest /= 10
        }
        let width = Swift.max(digitCount - scale, 1) + (scale > 0 ? scale + 1 : 0)
        append(contentsOf: repeatElement(UInt8(ascii: "0"), count: width))
        var position = endIndex
        var remaining = magnitude
        for place in 0..<width {
            position -= 1
            if scale > 0, place == scale {
                self[position] = UInt8(ascii: ".")
            } else {
                self[position] = UInt8(ascii: "0") + UInt8(remaining % 10)
                remaining /= 10
            }
        }
    }

    /// `YYYY-MM-DD`.
    mutating func appendDate(_ date: CalendarDate) {
        appendDigits(date.year, width: 4)
        append(UInt8(ascii: "-"))
        appendDigits(date.month, width: 2)
        append(UInt8(ascii: "-"))
        appendDigits(date.day, width: 2)
    }

    private mutating func appendDigits(_ value: Int, width: Int) {
        var divisor = 1
        for _ in 1..<width { divisor *= 10 }
        while divisor > 0 {
            append(UInt8(ascii: "0") + UInt8(value / divisor % 10))
            divisor /= 10
        }
    }

    /// An RFC 4180 field, quoted only when it holds a comma, a quote or a line break.
    fileprivate mutating func appendCSVField(_ text: String) {
        let quote = UInt8(ascii: "\"")
        let needsQuotes = text.utf8.contains { byte in
            byte == UInt8(ascii: ",") || byte == quote || byte == UInt8(ascii: "\n") || byte == UInt8(ascii: "\r")
        }
        guard needsQuotes else {
            append(contentsOf: text.utf8)
            return
        }
        append(quote)
        for byte in text.utf8 {
            if byte == quote { append(quote) }
            append(byte)
        }
        append(quote)
    }
}
