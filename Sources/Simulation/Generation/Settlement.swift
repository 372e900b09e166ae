import LedgerCore

/// Cash for open items: customers pay their invoices (the bank sees the money first, the
/// cash application follows a day or two later), and payment runs pay suppliers (the
/// ledger first, the bank a day or two later). Items falling due after the window stay open.
extension BooksBuilder {
    mutating func settleOpenItems() {
        let first = prior.firstDay, last = period.lastDay
        for item in receivables where item.paymentDate >= first && item.paymentDate <= last {
            var random = sampler(Stream.receipts.rawValue, UInt64(item.plan), UInt64(item.paymentDate.dayNumber), UInt64(item.grossMinor))
            let delay = scenario.bank.receiptDelayDays
            let recorded = item.paymentDate.adding(days: random.int(delay)).onWeekday
            receive(item, bankDate: item.paymentDate, recorded: recorded, creditAccount: "1100")
        }
        for item in payables where item.paymentDate >= first && item.paymentDate <= last {
            var random = sampler(Stream.payments.rawValue, UInt64(item.plan), UInt64(item.paymentDate.dayNumber), UInt64(item.grossMinor))
            let delay = scenario.bank.paymentDelayDays
            pay(item, on: item.paymentDate, bankDate: item.paymentDate.adding(days: random.int(delay)).onWeekday)
        }
    }

    /// A customer receipt; `creditAccount` is receivables, or suspense when the cash could
    /// not be applied (a fault).
    @discardableResult
    mutating func receive(_ item: OpenItem, bankDate: CalendarDate, recorded: CalendarDate, creditAccount: String,
                          onStatement: Bool = true) -> String {
        let plan = plans[item.plan]
        let id = number("CR", plan.code, recorded.period)
        let what = creditAccount == "1100" ? "Receipt \(item.invoice) \(item.counterparty.name)" : "Unidentified receipt \(item.counterparty.name)"
        post(id, plan.code, recorded, [line(plan.operating.account, item.currency, item.grossMinor, reference: item.invoice, what),
                                       line(creditAccount, item.currency, -item.grossMinor, reference: item.invoice, what)])
        if onStatement {
            move(plan, on: plan.operating, amount: item.grossMinor, bankDate: bankDate, entryIDs: [id], reference: item.invoice,
                 counterparty: item.counterparty.name, description: "CREDIT TRANSFER")
            movements[movements.count - 1].isBatchable = true
        }
        return id
    }

    @discardableResult
    mutating func pay(_ item: OpenItem, on date: CalendarDate, bankDate: CalendarDate) -> String {
        let plan = plans[item.plan]
        let id = number("PP", plan.code, date.period)
        let what = "Payment \(item.invoice) \(item.counterparty.name)"
        post(id, plan.code, date, [line("2000", item.currency, item.grossMinor, reference: item.invoice, what),
                                   line(plan.operating.account, item.currency, -item.grossMinor, reference: item.invoice, what)])
        move(plan, on: plan.operating, amount: -item.grossMinor, bankDate: bankDate, entryIDs: [id], reference: item.invoice,
             counterparty: item.counterparty.name, description: "SUPPLIER PAYMENT")
        return id
    }
}
