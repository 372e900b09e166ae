import LedgerCore

extension SAFTAssembler {
    /// After the last element: every account's opening plus movements must be its closing
    /// balance, the opening balances must balance, the totals must be the lines'. Then the
    /// opening entry is made: from the opening balances, or, when differences are accepted,
    /// from the closing balances less the movements (so the trial balance is the file's
    /// closing balances) with what does not balance on the difference account.
    mutating func finish(endLine: Int) throws(LedgerError) -> SAFTBooks {
        guard headerDone, let selection else {
            throw refusal("the file has no Header: a SAF-T file starts with one (AuditFileVersion, Company, DefaultCurrencyCode, SelectionCriteria)",
                          line: endLine, path: "AuditFile/Header")
        }
        try checkBalances()
        try checkTotals()
        if !differences.isEmpty && options.differenceAccount == nil {
            let shown = differences.prefix(20).map(\.message).joined(separator: "; ")
            let more = differences.count > 20 ? "; and \(differences.count - 20) more" : ""
            let first = differences[0]
            throw refusal("the file disagrees with itself in \(differences.count) place(s): \(shown)\(more). Correct the file, or import it with --accept-differences to book the differences to the suspense account for the close to clear",
                          .unbalanced, line: first.line, path: first.path)
        }
        var openingLines: [EntryLine] = []
        for (index, account) in accounts.enumerated() {
            let amount = options.differenceAccount == nil ? account.openingMinor
                : try Checked.subtract(account.closingMinor, movements[index], "the opening of account \(account.account.code)")
            if amount != 0 { openingLines.append(EntryLine(account: account.account.code, currency: currency, amountMinor: amount)) }
        }
        let residual = try Checked.wideSum(openingLines.map(\.amountMinor), "the opening balances")
        if residual != 0, let account = options.differenceAccount {
            openingLines.append(EntryLine(account: account, currency: currency, amountMinor: try Checked.negate(residual),
                                          description: "SAF-T difference: the opening balances do not balance with the closing balances and movements"))
        }
        if !openingLines.isEmpty {
            drafts.insert(JournalEntryDraft(entity: entity.code, date: selection.start, description: "Opening balances (SAF-T)",
                                            source: .fileImport, idempotencyKey: "saft/\(entity.code)/opening/\(selection.start)",
                                            lines: openingLines), at: 0)
            origins.insert(SAFTOrigin(line: accounts.first?.line ?? headerLine, path: "AuditFile/MasterFiles/GeneralLedgerAccounts",
                                      lineLines: openingLines.indices.map { $0 < accounts.count ? accounts[$0].line : headerLine }), at: 0)
        }
        return SAFTBooks(version: version, entity: entity, registrationNumber: registration, selectionStart: selection.start,
                         selectionEnd: selection.end, accounts: accounts, customers: customers, suppliers: suppliers,
                         drafts: drafts, origins: origins, differences: differences, zeroLinesSkipped: zeroLinesSkipped,
                         lineCount: lineCount)
    }

    private mutating func checkBalances() throws(LedgerError) {
        var openingTotal: Int64 = 0
        for (index, account) in accounts.enumerated() {
            openingTotal = try Checked.add(openingTotal, account.openingMinor, "the opening balances")
            let expected = try Checked.add(account.openingMinor, movements[index], "the balance of account \(account.account.code)")
            guard expected != account.closingMinor else { continue }
            let difference = try Checked.subtract(account.closingMinor, expected)
            func money(_ minor: Int64) -> String { Money(minorUnits: minor, currency: currency).description }
            differences.append(SAFTDifference(
                kind: .accountBalance, subject: account.account.code, amountMinor: difference,
                message: "account \(account.account.code) opens at \(money(account.openingMinor)) and moves \(money(movements[index])), so it should close at \(money(expected)), but the file closes it at \(money(account.closingMinor)) (a difference of \(money(difference)))",
                line: account.line, path: account.path))
        }
        if openingTotal != 0 {
            differences.append(SAFTDifference(
                kind: .unbalancedOpening, subject: "opening", amountMinor: openingTotal,
                message: "the opening balances do not balance: \(SAFTAssembler.excess(openingTotal, currency))",
                line: accounts.first?.line ?? headerLine, path: "AuditFile/MasterFiles/GeneralLedgerAccounts"))
        }
    }

    /// "debits exceed credits by 5.00 NOK" or "credits exceed debits by 5.00 NOK".
    static func excess(_ total: Int64, _ currency: Currency) -> String {
        let amount = Money(minorUnits: Int64(clamping: total.magnitude), currency: currency)
        return total > 0 ? "debits exceed credits by \(amount)" : "credits exceed debits by \(amount)"
    }

    private mutating func checkTotals() throws(LedgerError) {
        for (name, computed) in [("TotalDebit", debitTotal), ("TotalCredit", creditTotal)] {
            guard let field = totals[name] else { continue }
            let stated = try amount(field)
            if stated != computed {
                differences.append(SAFTDifference(
                    kind: .totals, subject: name, amountMinor: stated - computed,
                    message: "GeneralLedgerEntries/\(name) says \(Money(minorUnits: stated, currency: currency)) but the lines add up to \(Money(minorUnits: computed, currency: currency))",
                    line: field.line, path: field.path))
            }
        }
        if let field = totals["NumberOfEntries"], let stated = Int(field.value), stated != transactionKeys.count {
            differences.append(SAFTDifference(kind: .totals, subject: "NumberOfEntries", amountMinor: 0,
                                              message: "GeneralLedgerEntries/NumberOfEntries says \(stated) but the file has \(transactionKeys.count) transactions",
                                              line: field.line, path: field.path))
        }
    }
}
