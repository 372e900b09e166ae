import LedgerCore

extension SAFTAssembler {
    /// Where the entries start (or the file ends without them): the opening entry, from the
    /// opening balances. If they do not balance, that is a difference; accepted, what they lack
    /// goes on the difference account, else the entry waits for the refusal at the end.
    mutating func makeOpening() throws(LedgerError) {
        guard !openingDone, headerDone, let selection else { return }
        openingDone = true
        var lines: [EntryLine] = []
        var lineLines: [Int] = []
        for account in accounts {
            // Split by partner where the file says how (an intercompany account), the rest as one line.
            var rest = account.openingMinor
            for part in partnerOpenings where part.account == account.account.code && part.amountMinor != 0 {
                lines.append(EntryLine(account: part.account, currency: currency, amountMinor: part.amountMinor, partner: part.partner))
                lineLines.append(account.line)
                rest = try Checked.subtract(rest, part.amountMinor, "the opening of account \(part.account)")
            }
            guard rest != 0 else { continue }
            lines.append(EntryLine(account: account.account.code, currency: currency, amountMinor: rest))
            lineLines.append(account.line)
        }
        let residual = try Checked.wideSum(lines.map(\.amountMinor), "the opening balances")
        if residual != 0 {
            differences.append(SAFTDifference(
                kind: .unbalancedOpening, subject: "opening", amountMinor: residual,
                message: "the opening balances do not balance: \(SAFTAssembler.excess(residual, currency))",
                line: accounts.first?.line ?? headerLine, path: accounts.first?.path ?? "AuditFile/MasterFiles/GeneralLedgerAccounts"))
            guard let account = options.differenceAccount else { return }
            lines.append(EntryLine(account: account, currency: currency, amountMinor: try Checked.negate(residual),
                                   description: "SAF-T difference: the opening balances do not balance"))
            lineLines.append(accounts.first?.line ?? headerLine)
        }
        guard !lines.isEmpty else { return }
        drafts.append(JournalEntryDraft(entity: entity.code, date: selection.start, description: "Opening balances (SAF-T)",
                                        source: .fileImport, idempotencyKey: "saft/\(entity.code)/opening/\(selection.start)", lines: lines))
        origins.append(SAFTOrigin(line: accounts.first?.line ?? headerLine, path: "AuditFile/MasterFiles/GeneralLedgerAccounts", lineLines: lineLines))
        try flush()
    }

    /// What the file says before its entries: the company, the selection and the chart.
    func chart(endLine: Int) throws(LedgerError) -> SAFTBooks {
        guard headerDone, let selection else {
            throw refusal("the file has no Header: a SAF-T file starts with one (AuditFileVersion, Company, DefaultCurrencyCode, SelectionCriteria)",
                          line: endLine, path: "AuditFile/Header")
        }
        return SAFTBooks(version: version, entity: entity, registrationNumber: registration, selectionStart: selection.start,
                         selectionEnd: selection.end, accounts: accounts, customers: customers, suppliers: suppliers,
                         drafts: [], origins: [], differences: [], zeroLinesSkipped: 0, lineCount: 0, transactionCount: 0)
    }

    /// Hands the entries read so far to `deliver` (when streaming) and forgets them.
    mutating func flush() throws(LedgerError) {
        guard let deliver, !drafts.isEmpty else { return }
        try deliver(SAFTChunk(drafts: drafts, origins: origins))
        drafts.removeAll(keepingCapacity: true)
        origins.removeAll(keepingCapacity: true)
    }

    /// After the last element: every account's opening plus movements must be its closing
    /// balance, the totals must be the lines'. A file with differences is refused listing
    /// them; accepted, one last entry dated the selection's start moves each account to its
    /// closing balance, the difference account taking what that leaves.
    mutating func finish(endLine: Int) throws(LedgerError) -> SAFTBooks {
        guard headerDone, let selection else {
            throw refusal("the file has no Header: a SAF-T file starts with one (AuditFileVersion, Company, DefaultCurrencyCode, SelectionCriteria)",
                          line: endLine, path: "AuditFile/Header")
        }
        try makeOpening()
        try checkBalances()
        try checkTotals()
        if !differences.isEmpty && options.differenceAccount == nil {
            let shown = differences.prefix(20).map(\.message).joined(separator: "; ")
            let more = differences.count > 20 ? "; and \(differences.count - 20) more" : ""
            let first = differences[0]
            throw refusal("the file disagrees with itself in \(differences.count) place(s): \(shown)\(more). Correct the file, or import it with --accept-differences to book the differences to the suspense account for the close to clear",
                          .unbalanced, line: first.line, path: first.path)
        }
        if let suspense = options.differenceAccount {
            var lines: [EntryLine] = []
            var lineLines: [Int] = []
            for difference in differences where difference.kind == .accountBalance {
                lines.append(EntryLine(account: difference.subject, currency: currency, amountMinor: difference.amountMinor,
                                       description: "SAF-T difference: to the file's closing balance"))
                lineLines.append(difference.line)
            }
            let total = try Checked.wideSum(lines.map(\.amountMinor), "the differences")
            if total != 0 {
                lines.append(EntryLine(account: suspense, currency: currency, amountMinor: try Checked.negate(total),
                                       description: "SAF-T difference: what the closing balances leave"))
                lineLines.append(lineLines.first ?? headerLine)
            }
            if !lines.isEmpty {
                drafts.append(JournalEntryDraft(entity: entity.code, date: selection.start, description: "Differences in the SAF-T file, accepted",
                                                source: .fileImport, idempotencyKey: "saft/\(entity.code)/differences/\(selection.start)", lines: lines))
                origins.append(SAFTOrigin(line: lineLines[0], path: "AuditFile/MasterFiles/GeneralLedgerAccounts", lineLines: lineLines))
            }
        }
        try flush()
        return SAFTBooks(version: version, entity: entity, registrationNumber: registration, selectionStart: selection.start,
                         selectionEnd: selection.end, accounts: accounts, customers: customers, suppliers: suppliers,
                         drafts: drafts, origins: origins, differences: differences, zeroLinesSkipped: zeroLinesSkipped,
                         lineCount: lineCount, transactionCount: transactionKeys.count)
    }

    private mutating func checkBalances() throws(LedgerError) {
        for (index, account) in accounts.enumerated() {
            let expected = try Checked.add(account.openingMinor, movements[index], "the balance of account \(account.account.code)")
            guard expected != account.closingMinor else { continue }
            let difference = try Checked.subtract(account.closingMinor, expected)
            func money(_ minor: Int64) -> String { Money(minorUnits: minor, currency: currency).description }
            differences.append(SAFTDifference(
                kind: .accountBalance, subject: account.account.code, amountMinor: difference,
                message: "account \(account.account.code) opens at \(money(account.openingMinor)) and moves \(money(movements[index])), so it should close at \(money(expected)), but the file closes it at \(money(account.closingMinor)) (a difference of \(money(difference)))",
                line: account.line, path: account.path))
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
                    line: field.line, path: field.path.text))
            }
        }
        if let field = totals["NumberOfEntries"], let stated = Int(field.value), stated != transactionKeys.count {
            differences.append(SAFTDifference(kind: .totals, subject: "NumberOfEntries", amountMinor: 0,
                                              message: "GeneralLedgerEntries/NumberOfEntries says \(stated) but the file has \(transactionKeys.count) transactions",
                                              line: field.line, path: field.path.text))
        }
    }
}
