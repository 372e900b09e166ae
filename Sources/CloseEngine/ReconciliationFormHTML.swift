import Agents
import LedgerCore

/// A bank reconciliation in the standard form, its open items by age and its matched lines,
/// as HTML: the report page (`close report reconciliation --format html`) and the web's task
/// page show the same. Amounts with thousands separators and the currency.
public enum ReconciliationFormHTML {
    static func money(_ minor: Int64, _ currency: Currency) -> String { "\(HTMLPage.amount(minor, currency)) \(currency.code)" }

    /// The form's lines: (id, label, amount, is a total).
    public static func lines(_ form: ReconciliationForm) throws -> [(id: String, label: String, amountMinor: Int64, total: Bool)] {
        [("per-bank", "Balance per bank statement", form.balancePerBankMinor, false),
         ("in-transit", "+ deposits in transit", form.depositsInTransitMinor, false),
         ("outstanding", "- outstanding payments", form.outstandingPaymentsMinor, false),
         ("adjusted-bank", "= adjusted bank balance", try form.adjustedBankMinor(), true),
         ("per-books", "Balance per books", form.balancePerBooksMinor, false),
         ("interest", "+ interest credited by the bank, not yet booked", form.interestMinor, false),
         ("fees", "- bank fees, not yet booked", form.feesMinor, false),
         ("errors", "+/- errors and unrecorded bank items", form.errorsMinor, false),
         ("adjusted-books", "= adjusted book balance", try form.adjustedBooksMinor(), true),
         ("difference", "Difference (adjusted bank - adjusted books)", form.differenceMinor, true)]
    }

    /// The standard form as a table; `idPrefix` keeps ids unique when a page shows several.
    public static func form(_ form: ReconciliationForm, idPrefix: String = "") -> String {
        let currency = form.currency
        var html = "<table class=\"reconciliation-form\" id=\"\(HTMLPage.escape(idPrefix))reconciliation-form\">\n"
        if let lines = try? lines(form) {
            for line in lines {
                html += "<tr\(line.total ? " class=\"total\"" : "") id=\"\(HTMLPage.escape(idPrefix + line.id))\"><td>\(HTMLPage.escape(line.label))</td>"
                    + "<td class=\"n\">\(HTMLPage.escape(money(line.amountMinor, currency)))</td></tr>\n"
            }
        }
        html += "</table>\n<p class=\"\(form.differenceMinor == 0 ? "good" : "bad")\">"
            + (form.differenceMinor == 0 ? "Certified: the adjusted balances agree." : "Not certified: a difference remains.") + "</p>\n"
        return html
    }

    /// The open items by age at `asOf`: a row per bucket (count and amount), the items of each
    /// bucket under it (folded past the page's limit).
    public static func aging(_ form: ReconciliationForm, asOf: CalendarDate, idPrefix: String = "") -> String {
        let currency = form.currency
        let buckets = form.aging(asOf: asOf)
        var html = "<table class=\"aging\" id=\"\(HTMLPage.escape(idPrefix))aging\"><tr><th>age at \(asOf) (days)</th><th class=\"n\">items</th>"
            + "<th class=\"n\">amount</th><th>in the books, not yet at the bank</th><th>at the bank, not in the books</th></tr>\n"
        for bucket in buckets {
            let amount = (try? bucket.amountMinor()).map { money($0, currency) } ?? "overflow"
            html += "<tr id=\"\(HTMLPage.escape(idPrefix))aging-\(bucket.daysMin)\"><td>\(HTMLPage.escape(bucket.label))</td><td class=\"n\">\(bucket.count)</td>"
                + "<td class=\"n\">\(HTMLPage.escape(amount))</td><td class=\"n\">\(bucket.bookItems.count)</td><td class=\"n\">\(bucket.bankItems.count)</td></tr>\n"
        }
        html += "</table>\n"
        let items = buckets.flatMap { bucket in
            bucket.bookItems.map { item in
                "<tr><td>\(HTMLPage.escape(bucket.label))</td><td>in the books</td><td class=\"date\">\(item.date)</td><td>\(HTMLPage.escape(item.document))</td>"
                    + "<td class=\"n\">\(HTMLPage.escape(money(item.amountMinor, currency)))</td><td>\(HTMLPage.escape(item.reference))</td><td>\(HTMLPage.escape(item.description))</td></tr>\n"
            } + bucket.bankItems.map { line in
                "<tr><td>\(HTMLPage.escape(bucket.label))</td><td>at the bank</td><td class=\"date\">\(line.bookingDate)</td><td>\(HTMLPage.escape(line.bankReference))</td>"
                    + "<td class=\"n\">\(HTMLPage.escape(money(line.amountMinor, currency)))</td><td>\(HTMLPage.escape(line.reference))</td><td>\(HTMLPage.escape(line.counterparty))</td></tr>\n"
            }
        }
        if !items.isEmpty {
            let header = "<tr><th>age</th><th>where</th><th>date</th><th>document</th><th class=\"n\">amount</th><th>reference</th><th>description / counterparty</th></tr>\n"
            html += "<table class=\"open-items\" id=\"\(HTMLPage.escape(idPrefix))open-items\">\(header)"
                + HTMLPage.foldedRows(items, header: header, columns: 7, what: "open items",
                                      elsewhere: "close report reconciliation --format json") + "</table>\n"
        }
        return html
    }

    /// The matched lines side by side, bank and ledger, with the rule and its confidence
    /// (folded past the page's limit).
    public static func matches(_ form: ReconciliationForm, idPrefix: String = "", limit: Int = HTMLPage.openRowsMax,
                               elsewhere: String = "the task's evidence (close show TASK --format json)") -> String {
        let currency = form.currency
        let header = "<tr><th>bank date</th><th class=\"n\">bank amount</th><th>bank reference</th><th>counterparty</th>"
            + "<th>ledger entry</th><th class=\"n\">ledger amount</th><th>ledger reference</th><th>rule</th><th class=\"n\">confidence</th></tr>\n"
        var rows: [String] = []
        for pair in form.matches {
            var html = ""
            for index in 0..<max(pair.bank.count, pair.ledger.count) {
                let bank = index < pair.bank.count ? pair.bank[index] : nil
                let ledger = index < pair.ledger.count ? pair.ledger[index] : nil
                html += "<tr><td class=\"date\">\(bank.map { $0.bookingDate.description } ?? "")</td><td class=\"n\">\(bank.map { HTMLPage.escape(money($0.amountMinor, currency)) } ?? "")</td>"
                    + "<td>\(bank.map { HTMLPage.escape($0.reference) } ?? "")</td><td>\(bank.map { HTMLPage.escape($0.counterparty) } ?? "")</td>"
                    + "<td>\(ledger.map { HTMLPage.escape($0.document) } ?? "")</td><td class=\"n\">\(ledger.map { HTMLPage.escape(money($0.amountMinor, currency)) } ?? "")</td>"
                    + "<td>\(ledger.map { HTMLPage.escape($0.reference) } ?? "")</td><td>\(index == 0 ? HTMLPage.escape(pair.rule) : "")</td>"
                    + "<td class=\"n\">\(index == 0 ? "\(pair.confidence / 10).\(abs(pair.confidence % 10))%" : "")</td></tr>\n"
            }
            rows.append(html)
        }
        return "<table class=\"matches\" id=\"\(HTMLPage.escape(idPrefix))matches\">\(header)"
            + HTMLPage.foldedRows(rows, header: header, columns: 9, what: "matches", limit: limit, elsewhere: elsewhere) + "</table>\n"
    }
}
