import LedgerCore

/// The books as they stand on the first day of the window (the month before the period):
/// one opening entry per entity, and the open items behind its receivables and payables.
extension BooksBuilder {
    mutating func open() {
        switch scenario.opening {
        case .generated:
            for index in plans.indices { openGenerated(index) }
            fundSubsidiaries()
        case .given(let balances):
            for index in plans.indices { openGiven(index, balances.filter { $0.entity == plans[index].code }) }
        }
    }

    /// Invoices from the month before the window that are still open, then a balance sheet
    /// around them; retained earnings take the difference.
    private mutating func openGenerated(_ index: Int) {
        let plan = plans[index]
        var random = sampler(.opening, index, prior)
        let date = prior.firstDay
        let before = MonthCalendar(prior.previous)
        var receivable: Int64 = 0, payable: Int64 = 0
        for _ in 0..<max(1, plan.volumes.sales) where !plan.customers.isEmpty {
            let customer = random.pick(plan.customers)
            let invoiceDate = before.businessDay(&random)
            let gross = rates.fromGroup(random.amount(floorMinor: 5_000, decadeWeights: [30, 45, 20, 5]), to: plan.currency)
            let invoice = "INV-\(plan.code)-OB-\(Self.padded(receivables.count + 1, 6))"
            receivable += gross
            receivables.append(OpenItem(plan: index, counterparty: customer, invoice: invoice, entryID: "", date: invoiceDate,
                                        currency: plan.currency, grossMinor: gross,
                                        paymentDate: invoiceDate.adding(days: customer.paymentTermsDays + random.int(-4...10)).onWeekday))
        }
        for _ in 0..<max(1, plan.volumes.purchases) where !plan.suppliers.isEmpty {
            let supplier = random.pick(plan.suppliers)
            let invoiceDate = before.businessDay(&random)
            let gross = rates.fromGroup(random.amount(floorMinor: 5_000, decadeWeights: [36, 46, 18]), to: plan.currency)
            payable += gross
            var pay = invoiceDate.adding(days: supplier.paymentTermsDays)
            while pay.weekday != 2 && pay.weekday != 4 { pay = pay.adding(days: -1) }
            payables.append(OpenItem(plan: index, counterparty: supplier, invoice: "\(supplier.id.suffix(4))-OB\(Self.padded(payables.count + 1, 5))",
                                     entryID: "", date: invoiceDate, currency: plan.currency, grossMinor: gross,
                                     paymentDate: max(pay, date.adding(days: 1))))
        }
        let scale = Int64(max(1, plan.volumes.sales + plan.volumes.purchases))
        // Cash for two months of outgoings before the first customers pay (terms of up to 45
        // days): purchases of about 10,000.00 each, salaries of about 7,500.00, the rent.
        var landlord = sampler(.rent, index, prior)  // the rent `rent` draws
        let outgoings = Int64(plan.volumes.purchases) * 1_020_000 + Int64(plan.volumes.payroll) * 750_000
            + landlord.int64(500_000...4_000_000) * Int64(plan.volumes.rent)
        // And the open payables, which fall due in the first weeks.
        let bank = rates.fromGroup(scale * random.int64(2_000_000...6_000_000) + 2 * outgoings, to: plan.currency) + payable
        let inventory = rates.fromGroup(scale * random.int64(1_000_000...3_000_000), to: plan.currency)
        let fixedAssets = rates.fromGroup(scale * random.int64(3_000_000...9_000_000), to: plan.currency)
        let depreciated = Self.percent(fixedAssets, random.int(20...45))
        let withheld = rates.fromGroup(Int64(plan.volumes.payroll) * 180_000, to: plan.currency)
        let capital = Self.percent(bank + inventory + fixedAssets, 30)
        let reference = "OPENING-\(prior)"
        var lines = [
            line(plan.operating.account, plan.currency, bank, reference: reference, "Opening balance"),
            line("1100", plan.currency, receivable, reference: reference, "Opening balance"),
            line("1200", plan.currency, inventory, reference: reference, "Opening balance"),
            line("1500", plan.currency, fixedAssets, reference: reference, "Opening balance"),
            line("1510", plan.currency, -depreciated, reference: reference, "Opening balance"),
            line("2000", plan.currency, -payable, reference: reference, "Opening balance"),
            line("2300", plan.currency, -withheld, reference: reference, "Opening balance"),
            line("3000", plan.currency, -capital, reference: reference, "Opening balance"),
        ]
        let retained = -lines.reduce(0) { $0 + $1.amountMinor }
        lines.append(line("3100", plan.currency, retained, reference: reference, "Opening balance"))
        post(number("OB", plan.code, prior), plan.code, date, lines.filter { $0.amountMinor != 0 })
        bankOpening["\(plan.code)/\(plan.operating.account)"] = bank
        openSavings(index, random: &random)
        // Last month's withheld payroll tax is paid in the window's first month.
        if withheld > 0 {
            let payDate = MonthCalendar(prior).weekday(onOrBefore: 15)
            let id = number("PT", plan.code, prior)
            post(id, plan.code, payDate, [line("2300", plan.currency, withheld, reference: "PAYROLL-\(plan.code)-\(prior.previous)", "Payroll tax \(prior.previous) paid"),
                                          line(plan.operating.account, plan.currency, -withheld, reference: "PAYROLL-\(plan.code)-\(prior.previous)", "Payroll tax \(prior.previous) paid")])
            move(plan, on: plan.operating, amount: -withheld, bankDate: payDate, entryIDs: [id], reference: "PAYROLL-\(plan.code)-\(prior.previous)",
                 counterparty: "Tax office", description: "WAGE TAX \(prior.previous)")
        }
    }

    /// The savings account's balance: a reserve, and for a lender enough for every loan it
    /// may grant in the window (three months at most), so that no account is overdrawn by
    /// lending. In the account's currency, so an entry of its own.
    private mutating func openSavings(_ index: Int, random: inout Sampler) {
        let plan = plans[index]
        guard plan.savings.account != plan.operating.account else { return }
        let lending = Int64(plan.volumes.intercompanyLoans) * 3 * 200_000_000
        let reserve = rates.fromGroup(random.int64(5_000_000...20_000_000) + lending, to: plan.savings.currency)
        let reference = "OPENING-\(prior)-\(plan.savings.account)"
        post(number("OB", plan.code, prior), plan.code, prior.firstDay,
             [line(plan.savings.account, plan.savings.currency, reserve, reference: reference, "Opening balance"),
              line("3100", plan.savings.currency, -reserve, reference: reference, "Opening balance")])
        bankOpening["\(plan.code)/\(plan.savings.account)", default: 0] += reserve
    }

    /// Opening cash enough to carry the window's working capital: where an entity's operating
    /// or savings account would dip below zero on any day (stock is bought back weeks before
    /// its customers pay), the opening balance is raised by the deepest dip and a cushion of
    /// a tenth of it, and retained earnings with it. Run last, once faults are in, so that
    /// the books as loaded never show an overdraft the scenario did not ask for. Balances
    /// the scenario gives are left as given.
    mutating func fundWorkingCapital() {
        guard case .generated = scenario.opening else { return }
        for plan in plans {
            for account in Set([plan.operating.account, plan.savings.account]).sorted() {
                guard let dip = deepestDip(plan.code, account), dip > 0 else { continue }
                let topUp = dip + max(1, dip / 10)
                for month in entries.keys.sorted() {
                    guard let at = entries[month]!.firstIndex(where: { draft in
                        draft.entity == plan.code && draft.idempotencyKey.hasPrefix("OB-")
                            && draft.lines.contains { $0.account == account } && draft.lines.contains { $0.account == "3100" }
                    }) else { continue }
                    var draft = entries[month]![at]
                    let bankLine = draft.lines.firstIndex { $0.account == account }!
                    let equityLine = draft.lines.firstIndex { $0.account == "3100" }!
                    guard draft.lines[bankLine].currency == draft.lines[equityLine].currency else { continue }
                    draft.lines[bankLine].amountMinor += topUp
                    draft.lines[equityLine].amountMinor -= topUp
                    entries[month]![at] = draft
                    bankOpening["\(plan.code)/\(account)", default: 0] += topUp
                    break
                }
            }
        }
    }

    /// How far below zero the ledger balance of `entity`'s bank `account` goes at the end of
    /// its worst day in the window, or nil if it never does.
    private func deepestDip(_ entity: String, _ account: String) -> Int64? {
        var byDay: [CalendarDate: Int64] = [:]
        for drafts in entries.values {
            for draft in drafts where draft.entity == entity {
                for line in draft.lines where line.account == account { byDay[draft.date, default: 0] += line.amountMinor }
            }
        }
        var balance: Int64 = 0, lowest: Int64 = 0
        for day in byDay.keys.sorted() {
            balance += byDay[day]!
            lowest = min(lowest, balance)
        }
        return lowest < 0 ? -lowest : nil
    }

    /// Every entity whose own money is not the group currency holds a group-currency account,
    /// funded by a standing loan from the parent (the first entity in the group currency).
    private mutating func fundSubsidiaries() {
        guard let parent = plans.firstIndex(where: { $0.currency == groupCurrency }) else { return }
        for index in plans.indices where index != parent && plans[index].groupAccount.account != plans[index].operating.account {
            var random = sampler(.opening, index, period)
            let principal = random.int64(50_000_000...150_000_000)
            let sub = plans[index], lender = plans[parent]
            let reference = "LOAN-\(lender.code)-\(sub.code)-OPENING"
            let what = "Standing funding loan \(lender.code) to \(sub.code)"
            let date = prior.firstDay
            post(number("OL", lender.code, prior), lender.code, date,
                 [line("1150", groupCurrency, principal, partner: sub.code, reference: reference, what),
                  line("3100", groupCurrency, -principal, reference: reference, what)])
            post(number("OL", sub.code, prior), sub.code, date,
                 [line(sub.groupAccount.account, groupCurrency, principal, reference: reference, what),
                  line("2500", groupCurrency, -principal, partner: lender.code, reference: reference, what)])
            bankOpening["\(sub.code)/\(sub.groupAccount.account)", default: 0] += principal
            loans.append((parent, index, reference, principal, date.adding(days: -1)))
            intercompanyPairs += 1
        }
    }

    /// Balances exactly as the scenario gives them, in the entity's functional currency.
    private mutating func openGiven(_ index: Int, _ balances: [OpeningBalance]) {
        guard !balances.isEmpty else { return }
        let plan = plans[index]
        let reference = "OPENING-\(prior)"
        let lines = balances.map { line($0.account, plan.currency, $0.amountMinor, partner: $0.partner, reference: reference, "Opening balance") }
        post(number("OB", plan.code, prior), plan.code, prior.firstDay, lines)
        for balance in balances where scenario.group.bankAccount(entity: plan.code, account: balance.account)?.currency == plan.currency {
            bankOpening["\(plan.code)/\(balance.account)", default: 0] += balance.amountMinor
        }
    }
}
