import Agents
import CloseEngine
import LedgerCore

/// A bank reconciliation in the standard form, then the matched lines side by side.
enum ReconciliationSection {
    static func render(_ form: ReconciliationForm) -> String {
        let currency = form.currency
        func row(_ label: String, _ minor: Int64, id: String, total: Bool = false) -> String {
            "<tr\(total ? " class=\"total\"" : "") id=\"\(id)\"><td>\(h(label))</td><td class=\"n\">\(h(money(minor, currency)))</td></tr>\n"
        }
        let adjustedBank = (try? form.adjustedBankMinor()) ?? 0
        let adjustedBooks = (try? form.adjustedBooksMinor()) ?? 0
        var html = "<h3>Bank reconciliation (standard form)</h3>\n<table id=\"reconciliation-form\">\n"
        html += row("Balance per bank statement", form.balancePerBankMinor, id: "per-bank")
        html += row("+ deposits in transit", form.depositsInTransitMinor, id: "in-transit")
        html += row("- outstanding payments", form.outstandingPaymentsMinor, id: "outstanding")
        html += row("= adjusted bank balance", adjustedBank, id: "adjusted-bank", total: true)
        html += row("Balance per books", form.balancePerBooksMinor, id: "per-books")
        html += row("+ interest credited by the bank", form.interestMinor, id: "interest")
        html += row("- bank fees", form.feesMinor, id: "fees")
        html += row("+/- errors and unexplained bank items", form.errorsMinor, id: "errors")
        html += row("= adjusted book balance", adjustedBooks, id: "adjusted-books", total: true)
        html += row("Difference", form.differenceMinor, id: "difference", total: true)
        html += "</table>\n<p class=\"\(form.differenceMinor == 0 ? "good" : "bad")\">\(form.differenceMinor == 0 ? "Certified: the adjusted balances agree." : "Not certified: a difference remains.")</p>\n"
        html += "<h3>Matched lines</h3>\n<table id=\"matches\"><tr><th>bank date</th><th class=\"n\">bank amount</th><th>bank reference</th><th>counterparty</th>"
            + "<th>ledger entry</th><th class=\"n\">ledger amount</th><th>ledger reference</th><th>rule</th><th class=\"n\">confidence</th></tr>\n"
        for pair in form.matches.prefix(2_000) {
            let rows = max(pair.bank.count, pair.ledger.count)
            for index in 0..<rows {
                let bank = index < pair.bank.count ? pair.bank[index] : nil
                let ledger = index < pair.ledger.count ? pair.ledger[index] : nil
                html += "<tr><td>\(bank.map { h($0.bookingDate.description) } ?? "")</td><td class=\"n\">\(bank.map { h(money($0.amountMinor, currency)) } ?? "")</td>"
                    + "<td>\(bank.map { h($0.reference) } ?? "")</td><td>\(bank.map { h($0.counterparty) } ?? "")</td>"
                    + "<td>\(ledger.map { h($0.document) } ?? "")</td><td class=\"n\">\(ledger.map { h(money($0.amountMinor, currency)) } ?? "")</td>"
                    + "<td>\(ledger.map { h($0.reference) } ?? "")</td><td>\(index == 0 ? h(pair.rule) : "")</td><td class=\"n\">\(index == 0 ? percent(perMille: pair.confidence) : "")</td></tr>\n"
            }
        }
        html += "</table>\n"
        if !form.outstandingItems.isEmpty || !form.bankOnlyLines.isEmpty {
            html += "<h3>Open items</h3>\n<ul id=\"open-items\">"
                + form.outstandingItems.map { "<li>in the books, not yet at the bank: \(h($0.date.description)) \(h($0.document)) \(h(money($0.amountMinor, currency))) \(h($0.reference))</li>" }.joined()
                + form.bankOnlyLines.map { "<li>at the bank, not in the books: \(h($0.bookingDate.description)) \(h(money($0.amountMinor, currency))) \(h($0.reference)) \(h($0.counterparty))</li>" }.joined()
                + "</ul>\n"
        }
        return html
    }
}
