import LedgerCore

/// The trial balance and the account registers as self-contained pages in the shared layout
/// (`HTMLPage`): every balance of the trial balance links to its account's register in the
/// same file, whose closing balance is that figure, so a reader goes from a number to the
/// lines that make it without another command.
public enum RegisterHTML {
    /// Trial balances at the end of a period, each followed by the registers of the period.
    public static func trialBalancePage(_ balances: [TrialBalance], registers: [AccountRegister]) throws -> String {
        let period = balances.first?.period.description ?? ""
        let title = balances.count == 1 ? "Trial balance \(balances[0].entity) at end of \(period)" : "Trial balances at end of \(period)"
        var body = "<h1>\(HTMLPage.escape(title))</h1>\n"
        body += "<p class=\"muted\">Balance = debit - credit, in each entity's functional currency. Each balance links to its account's register for \(HTMLPage.escape(period)) below.</p>\n"
        for balance in balances {
            let register = registers.first { $0.entity == balance.entity }
            let linked = Set(register?.accounts.map(\.code) ?? [])
            let currency = balance.currency
            body += "<h2 id=\"trial-balance-\(HTMLPage.escape(balance.entity))\">\(HTMLPage.escape(balance.entity)) (\(currency))</h2>\n"
            body += "<table><tr><th>account</th><th>name</th><th class=\"n\">debit</th><th class=\"n\">credit</th><th class=\"n\">balance</th></tr>\n"
            for row in balance.rows {
                let figure = amount(row.balanceMinor, currency)
                let shown = linked.contains(row.account) ? "<a href=\"#\(anchor(balance.entity, row.account))\">\(figure)</a>" : figure
                body += "<tr><td>\(HTMLPage.escape(row.account))</td><td>\(HTMLPage.escape(row.name))</td>\(cell(row.debitMinor, currency))\(cell(row.creditMinor, currency))<td class=\"n\">\(shown)</td></tr>\n"
            }
            let debit = try balance.totalDebitMinor(), credit = try balance.totalCreditMinor()
            body += "<tr class=\"total\"><td>total</td><td></td>\(cell(debit, currency))\(cell(credit, currency))\(cell(try Checked.subtract(debit, credit), currency))</tr></table>\n"
        }
        for register in registers { body += section(register) }
        return HTMLPage.document(title: title, body: body)
    }

    /// The registers alone (`close journal list --format html`).
    public static func registerPage(_ register: AccountRegister) -> String {
        let range = register.from == register.to ? register.from.description : "\(register.from) to \(register.to)"
        let title = "Register \(register.entity) \(range)"
        return HTMLPage.document(title: title, body: "<h1>\(HTMLPage.escape(title)) (\(register.currency))</h1>\n" + section(register, heading: false))
    }

    /// One table per account: opening balance, lines with running balance, closing balance.
    static func section(_ register: AccountRegister, heading: Bool = true) -> String {
        let currency = register.currency
        let range = register.from == register.to ? register.from.description : "\(register.from) to \(register.to)"
        var html = heading ? "<h2>Register \(HTMLPage.escape(register.entity)) \(HTMLPage.escape(range)) (\(currency))</h2>\n" : ""
        for account in register.accounts {
            html += "<h3 id=\"\(anchor(register.entity, account.code))\">\(HTMLPage.escape(account.code)) \(HTMLPage.escape(account.name))</h3>\n"
            let header = "<tr><th>date</th><th>document</th><th>entry_id</th><th>reference</th><th>description</th><th class=\"n\">debit</th><th class=\"n\">credit</th><th class=\"n\">balance</th></tr>\n"
            html += "<table>\(header)"
            html += "<tr class=\"item\"><td colspan=\"7\">opening balance</td>\(cell(account.openingMinor, currency))</tr>\n"
            var rows: [String] = []
            for line in account.lines {
                rows.append("<tr><td class=\"date\">\(line.date)</td><td class=\"date\">\(HTMLPage.escape(line.document))</td><td class=\"key\">\(HTMLPage.escape(line.entryKey))</td><td class=\"key\">\(HTMLPage.escape(line.reference))</td>"
                    + "<td>\(HTMLPage.escape(line.description))\(line.foreign.map { " <span class=\"muted\">(\(HTMLPage.escape(Decimal10.format($0.minorUnits, scale: $0.currency.exponent, grouped: true))) \($0.currency))</span>" } ?? "")</td>"
                    + "\(line.debitMinor == 0 ? "<td></td>" : cell(line.debitMinor, currency))\(line.creditMinor == 0 ? "<td></td>" : cell(line.creditMinor, currency))\(cell(line.balanceMinor, currency))</tr>\n")
            }
            // A long register shows its first lines and folds the rest, the running balance going on inside.
            html += HTMLPage.foldedRows(rows, header: header, columns: 8, what: "lines of \(account.code)",
                                        elsewhere: "close journal list --entity \(register.entity) --account \(account.code) --format csv")
            html += "<tr class=\"total\"><td colspan=\"5\">closing balance</td>\(cell(account.debitMinor, currency))\(cell(account.creditMinor, currency))\(cell(account.closingMinor, currency))</tr></table>\n"
        }
        return html
    }

    /// An element id for an entity's account: the codes escaped as any text on the page.
    static func anchor(_ entity: String, _ account: String? = nil) -> String {
        HTMLPage.escape("register-\(entity)" + (account.map { "-\($0)" } ?? ""))
    }

    static func amount(_ minor: Int64, _ currency: Currency) -> String {
        Decimal10.format(minor, scale: currency.exponent, grouped: true)
    }

    static func cell(_ minor: Int64, _ currency: Currency) -> String { "<td class=\"n\">\(amount(minor, currency))</td>" }
}
