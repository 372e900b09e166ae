import LedgerCore

extension SAFTAssembler {
    /// A Line becomes an entry line: its account must be one of the file's, its amount a
    /// debit or a credit in the company currency with the currency's decimals at most; a
    /// foreign currency amount is kept with it. Customer, supplier and tax go into the text.
    mutating func finishLine() throws(LedgerError) {
        guard let record = line.take() else { return }
        lineCount += 1
        let accountField = try required(record.accountID, "AccountID", in: "this line", line: record.line, path: record.path)
        guard let index = accountIndex[accountField.value] else {
            throw refusal("account '\(SafeText.excerpt(accountField.value, limit: 40))' is not among the file's GeneralLedgerAccounts",
                          .unknownAccount, line: accountField.line, path: record.path.appending("AccountID"))
        }
        // Exactly one side with an amount (compared in place: this runs for every line).
        let isDebit = record.debit?.amount != nil
        guard isDebit != (record.credit?.amount != nil), let side = isDebit ? record.debit : record.credit, let amountField = side.amount else {
            throw refusal("a line needs exactly one of DebitAmount/Amount and CreditAmount/Amount", line: record.line, path: record.path)
        }
        let sideName = isDebit ? "DebitAmount/" : "CreditAmount/"
        var functional = try amount(amountField, path: record.path.appending(sideName + "Amount"))
        if !isDebit { functional = try Checked.negate(functional) }
        var lineCurrency = currency
        var amountMinor = functional
        var foreignNote = ""
        if let code = side.currencyCode, !code.value.isEmpty, code.value != currency.code {
            let codePath = record.path.appending(sideName + "CurrencyCode")
            do { lineCurrency = try Currency(code.value) } catch { throw error.at(SourceLocation(file: file, line: code.line, field: codePath)) }
            guard let currencyAmount = side.currencyAmount else {
                throw refusal("a line in \(lineCurrency) needs its CurrencyAmount", line: code.line, path: codePath)
            }
            amountMinor = try amount(currencyAmount, in: lineCurrency, path: record.path.appending(sideName + "CurrencyAmount"))
            if !isDebit { amountMinor = try Checked.negate(amountMinor) }
            foreignNote = "\(lineCurrency) \(Decimal10.format(amountMinor, scale: lineCurrency.exponent))" + (side.exchangeRate.map { " at \($0.value)" } ?? "")
        }
        guard functional != 0 || amountMinor != 0 else {
            zeroLinesSkipped += 1
            return
        }
        movements[index] = try Checked.add(movements[index], functional, "the movements of account \(accountField.value)")
        if functional > 0 { debitTotal = try Checked.add(debitTotal, functional) } else { creditTotal = try Checked.add(creditTotal, -functional) }
        // The description, then what else the line names, " | " between the parts that are
        // not empty (built without an array: most lines have only the description).
        var description = record.description?.value ?? ""
        func add(_ part: String) {
            guard !part.isEmpty else { return }
            description = description.isEmpty ? part : description + " | " + part
        }
        if let id = record.customerID?.value, !id.isEmpty { add("customer \(id) \(customers[id] ?? "")".saftTrimmed) }
        if let id = record.supplierID?.value, !id.isEmpty { add("supplier \(id) \(suppliers[id] ?? "")".saftTrimmed) }
        for tax in record.taxes { add(tax) }
        transaction?.lines.append(EntryLine(account: accountField.value, currency: lineCurrency, amountMinor: amountMinor,
                                            functionalMinor: lineCurrency == currency ? nil : functional,
                                            partner: record.partner, reference: record.sourceDocumentID?.value ?? "",
                                            description: description))
        transaction?.lineLines.append(record.line)
        if !foreignNote.isEmpty, let index = transaction?.lines.indices.last { transaction?.foreignNotes[index] = foreignNote }
    }

    /// A Transaction becomes one draft, keyed by its journal and TransactionID.
    mutating func finishTransaction() throws(LedgerError) {
        guard var record = transaction.take() else { return }
        let id = try required(record.transactionID, "TransactionID", in: "this transaction", line: record.line, path: record.path)
        let dateField = try required(record.transactionDate, "TransactionDate", in: "this transaction", line: record.line, path: record.path)
        let date: CalendarDate
        do { date = try CalendarDate(parsing: dateField.value) } catch { throw error.at(SourceLocation(file: file, line: dateField.line, field: record.path.appending("TransactionDate"))) }
        // "saft/<entity>/<journal>/": made once per journal, not interpolated per transaction.
        if transactionKeyPrefix.isEmpty { transactionKeyPrefix = "saft/\(entity.code)/\(record.journalID)/" }
        let key = transactionKeyPrefix + id.value
        if let first = transactionKeys.updateValue(record.line, forKey: key) {
            throw refusal("TransactionID \(SafeText.excerpt(id.value, limit: 40)) is used twice in journal \(SafeText.excerpt(record.journalID, limit: 40)) (first on line \(first))", line: id.line, path: record.path.appending("TransactionID"))
        }
        keepForeignCurrenciesThatBalance(&record)
        // Summed here by index: iterating the lines copied each (five Strings retained and
        // released), and Checked.wideSum, generic and not specialized across modules, looked up
        // type metadata per transaction. It still gives the refusal of a sum past 64 bits.
        var sum: Int128 = 0
        for index in record.lines.indices { sum += Int128(record.lines[index].functionalMinor ?? record.lines[index].amountMinor) }
        var total = Int64(exactly: sum) ?? 0
        if Int64(exactly: sum) == nil {
            total = try Checked.wideSum(record.lines.map { $0.functionalMinor ?? $0.amountMinor }, "transaction \(id.value)")
        }
        if total != 0 {
            differences.append(SAFTDifference(kind: .unbalancedTransaction, subject: id.value, amountMinor: total,
                                              message: "transaction \(id.value) does not balance: its \(SAFTAssembler.excess(total, currency))",
                                              line: record.line, path: record.path.text))
            if let account = options.differenceAccount {
                record.lines.append(EntryLine(account: account, currency: currency, amountMinor: try Checked.negate(total),
                                              description: "SAF-T difference: transaction \(id.value) does not balance"))
                record.lineLines.append(record.line)
            }
        }
        guard !record.lines.isEmpty else { return }
        drafts.append(JournalEntryDraft(entity: entity.code, date: date, description: record.description?.value ?? "",
                                        source: .fileImport, idempotencyKey: key, lines: record.lines))
        origins.append(SAFTOrigin(line: record.line, element: record.path, lineLines: record.lineLines))
        if drafts.count >= chunkEntries { try flush() }
    }

    /// The ledger balances every currency of an entry on its own. A SAF-T transaction often
    /// has a foreign-currency line against lines in the company currency: such lines are kept
    /// in the company currency, with their currency amount and rate in the text. Foreign lines
    /// that balance in their own currency (as `close export saft` writes them) stay foreign.
    private func keepForeignCurrenciesThatBalance(_ record: inout SAFTTransactionRecord) {
        // Most transactions are in the company currency alone: then there is nothing to do
        // (tested by index, without copying a line).
        guard record.lines.indices.contains(where: { record.lines[$0].currency != currency }) else { return }
        var sums: [Currency: Int128] = [:]
        for line in record.lines where line.currency != currency { sums[line.currency, default: 0] += Int128(line.amountMinor) }
        for (index, line) in record.lines.enumerated() where line.currency != currency && sums[line.currency] != 0 {
            let note = record.foreignNotes[index] ?? ""
            record.lines[index] = EntryLine(account: line.account, currency: currency, amountMinor: line.functionalMinor ?? 0,
                                            partner: line.partner, reference: line.reference,
                                            description: [line.description, note].filter { !$0.isEmpty }.joined(separator: " | "))
        }
    }
}
