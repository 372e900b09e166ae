import LedgerCore

/// One month of an entity's ordinary business, as its subledgers post it: sales and
/// purchases on terms, payroll, rent, fixed assets, bank fees and interest, intercompany
/// charges and loans. Cash arrives later, through `Settlement`.
extension BooksBuilder {
    /// Random streams, one per kind of business, so volumes do not disturb each other.
    enum Stream: UInt64 {
        case counterparties = 1, sales, purchases, payroll, rent, charges, loans, assets, fees, interest
        case receipts, payments, bank, faults, opening, restock
    }

    func sampler(_ stream: Stream, _ plan: Int, _ month: PeriodID) -> Sampler {
        sampler(stream.rawValue, UInt64(plan), UInt64(month.year * 12 + month.month))
    }

    mutating func simulate(_ month: PeriodID) {
        for index in plans.indices {
            purchases(index, month)
            payroll(index, month)
            rent(index, month)
            assets(index, month)
            bankFees(index, month)
            interest(index, month)
        }
        for index in plans.indices {
            intercompanyCharges(index, month)
            intercompanyLoans(index, month)
        }
        // Last, so that they can be sized to what the month cost (`salesBudget`).
        for index in plans.indices { sales(index, month) }
        // And stock bought back to cover what the sales took out of it.
        for index in plans.indices { restock(index, month) }
    }

    /// Customer invoices: one or more product lines, tax where the country has it, and the
    /// cost of the goods sold out of inventory. The month's sales are sized to the entity's
    /// budget (`salesBudget`), so the books earn a margin as a going concern's do; the
    /// invoices keep their Benford-like spread around it.
    mutating func sales(_ index: Int, _ month: PeriodID) {
        let plan = plans[index]
        guard !plan.customers.isEmpty, plan.volumes.sales > 0 else { return }
        var random = sampler(.sales, index, month)
        let calendar = MonthCalendar(month)
        var drafts: [(customer: Counterparty, date: CalendarDate, products: [(amount: Int64, name: String)])] = []
        for _ in 0..<plan.volumes.sales {
            let customer = random.pick(plan.customers)
            let date = calendar.businessDay(&random)
            let products = (0...random.weightedIndex([25, 25, 20, 15, 10, 5])).map { _ in
                (rates.fromGroup(random.amount(floorMinor: 2_000, decadeWeights: [30, 45, 20, 5]), to: plan.currency), random.pick(Names.products))
            }
            drafts.append((customer, date, products))
        }
        let drawn = drafts.reduce(Int128(0)) { total, draft in draft.products.reduce(total) { $0 + Int128($1.amount) } }
        let sized = Int128(salesBudget(index, month, random: &random))
        let budget = sized > 0 ? sized : drawn
        for draft in drafts {
            let customer = draft.customer, date = draft.date
            let id = number("SI", plan.code, month)
            let invoice = "INV-" + id.dropFirst(3)
            var lines: [EntryLine] = []
            var net: Int64 = 0
            for product in draft.products {
                let amount = Int64(max(1, Int128(product.amount) * budget / max(1, drawn)))
                net += amount
                lines.append(line("4000", plan.currency, -amount, reference: invoice, product.name))
            }
            let tax = Self.percent(net, plan.taxPercent)
            if tax > 0 { lines.append(line("2200", plan.currency, -tax, reference: invoice, "Output tax \(plan.taxPercent)%")) }
            let cost = max(1, Self.percent(net, random.int(55...72)))
            lines.append(line("5000", plan.currency, cost, reference: invoice, "Cost of goods sold"))
            lines.append(line("1200", plan.currency, -cost, reference: invoice, "Inventory issued"))
            let gross = net + tax
            lines.insert(line("1100", plan.currency, gross, reference: invoice, "Invoice \(invoice) \(customer.name)"), at: 0)
            post(id, plan.code, date, lines)
            // Customers pay around the due date: some early, most a little late.
            let delay = random.weightedIndex([10, 35, 30, 15, 10]) * 4 - 6
            receivables.append(OpenItem(plan: index, counterparty: customer, invoice: invoice, entryID: id, date: date,
                                        currency: plan.currency, grossMinor: gross,
                                        paymentDate: date.adding(days: customer.paymentTermsDays + delay).onWeekday))
        }
    }

    /// The month's net sales in the entity's currency: what the month cost it so far (every
    /// expense booked, less income other than sales), grossed up so that even at the dearest
    /// cost of goods (72% of sales) a net margin of 3 to 8% remains; at the usual 64% it is
    /// 11 to 16%. A month without costs sells what its volume draws.
    func salesBudget(_ index: Int, _ month: PeriodID, random: inout Sampler) -> Int64 {
        let plan = plans[index]
        var costs: Int128 = 0
        for entry in entries[month, default: []] where entry.entity == plan.code {
            for line in entry.lines {
                guard let type = scenario.group.account(line.account)?.type, type == .expense || type == .revenue else { continue }
                let amount = line.currency == plan.currency ? line.amountMinor
                    : line.currency == groupCurrency ? rates.fromGroup(line.amountMinor, to: plan.currency) : 0
                costs += Int128(amount)
            }
        }
        let margin = Int128(random.int(3...8))
        return Int64(clamping: max(0, costs) * 100 / (28 - margin))
    }

    /// Supplier invoices for goods (received first, logged as goods receipts) and services,
    /// of at most about 50,000.00 each: the business the opening cash is sized for.
    mutating func purchases(_ index: Int, _ month: PeriodID) {
        let plan = plans[index]
        guard !plan.suppliers.isEmpty else { return }
        var random = sampler(.purchases, index, month)
        let calendar = MonthCalendar(month)
        for _ in 0..<plan.volumes.purchases {
            let supplier = random.pick(plan.suppliers)
            let date = calendar.businessDay(&random)
            let net = rates.fromGroup(random.amount(floorMinor: 5_000, decadeWeights: [36, 46, 18]), to: plan.currency)
            let isGoods = random.chance(percent: 70)
            let account = isGoods ? "1200" : "6200"
            let what = isGoods ? random.pick(Names.supplies) : random.pick(Names.utilities)
            let id = number("PI", plan.code, month)
            let invoice = supplierInvoice(supplier, date)
            if isGoods, month == period {
                let received = max(month.firstDay, date.adding(days: -random.int(0...3)))
                goodsReceipts.append(GoodsReceipt(id: number("GR", plan.code, month), entity: plan.code, supplier: supplier.id,
                                                  date: received, currency: plan.currency, amountMinor: net, account: account,
                                                  description: what, invoice: invoice))
            }
            recordPurchase(index, id: id, invoice: invoice, supplier: supplier, date: date, net: net, account: account, what: what)
        }
    }

    /// Goods bought to replace what the month's sales issued from inventory (1200), less the
    /// goods already bought, so that stock stays near its opening level as a trading
    /// company's does instead of running negative. Split over a few supplier invoices of
    /// about 50,000.00 (at most half as many as the month's purchases, so volumes scale),
    /// each received first and logged as a goods receipt, like any purchase of goods.
    mutating func restock(_ index: Int, _ month: PeriodID) {
        let plan = plans[index]
        guard !plan.suppliers.isEmpty else { return }
        var movement: Int128 = 0
        // The opening balance is stock on hand, not a purchase of the month.
        for entry in entries[month, default: []] where entry.entity == plan.code && !entry.idempotencyKey.hasPrefix("OB-") {
            for line in entry.lines where line.account == "1200" && line.currency == plan.currency {
                movement += Int128(line.amountMinor)
            }
        }
        guard movement < 0 else { return }
        let shortfall = -movement
        var random = sampler(.restock, index, month)
        let chunk = Int128(max(1, rates.fromGroup(5_000_000, to: plan.currency)))
        let count = Int(min(Int128(max(1, plan.volumes.purchases / 2)), (shortfall + chunk - 1) / chunk))
        let weights = (0..<count).map { _ in Int128(random.int(70...130)) }
        let total = weights.reduce(0, +)
        let calendar = MonthCalendar(month)
        var left = shortfall
        for (offset, weight) in weights.enumerated() {
            let net = offset == count - 1 ? left : max(1, shortfall * weight / total)
            left -= net
            let supplier = random.pick(plan.suppliers)
            let date = calendar.businessDay(&random)
            let what = random.pick(Names.supplies)
            let invoice = supplierInvoice(supplier, date)
            if month == period {
                let received = max(month.firstDay, date.adding(days: -random.int(0...3)))
                goodsReceipts.append(GoodsReceipt(id: number("GR", plan.code, month), entity: plan.code, supplier: supplier.id,
                                                  date: received, currency: plan.currency, amountMinor: Int64(clamping: net), account: "1200",
                                                  description: what, invoice: invoice))
            }
            recordPurchase(index, id: number("PI", plan.code, month), invoice: invoice, supplier: supplier, date: date,
                           net: Int64(clamping: net), account: "1200", what: what)
        }
    }

    /// A supplier invoice in the ledger and the payable it opens.
    mutating func recordPurchase(_ index: Int, id: String, invoice: String, supplier: Counterparty, date: CalendarDate,
                                 net: Int64, account: String, what: String, in entity: Int? = nil) {
        let plan = plans[entity ?? index]
        let tax = Self.percent(net, plans[index].taxPercent)
        var lines = [line(account, plans[index].currency, net, reference: invoice, what)]
        if tax > 0 { lines.append(line("1600", plans[index].currency, tax, reference: invoice, "Input tax \(plans[index].taxPercent)%")) }
        lines.insert(line("2000", plans[index].currency, -(net + tax), reference: invoice, "Invoice \(invoice) \(supplier.name)"), at: 0)
        post(id, plan.code, date, lines)
        guard entity == nil else { return }  // booked in the wrong books: nobody pays it from here
        // Paid in the payment run (Tuesdays and Thursdays) on or before the due date.
        var pay = date.adding(days: supplier.paymentTermsDays)
        while pay.weekday != 2 && pay.weekday != 4 { pay = pay.adding(days: -1) }
        payables.append(OpenItem(plan: index, counterparty: supplier, invoice: invoice, entryID: id, date: date,
                                 currency: plans[index].currency, grossMinor: net + tax, paymentDate: max(pay, date.adding(days: 1))))
    }

    /// One payroll run on the 25th (or the weekday before): salaries by department, tax
    /// withheld, net pay out of the bank in one batch.
    mutating func payroll(_ index: Int, _ month: PeriodID) {
        let plan = plans[index]
        guard plan.volumes.payroll > 0 else { return }
        var random = sampler(.payroll, index, month)
        var byDepartment = [Int64](repeating: 0, count: Names.departments.count)
        for _ in 0..<plan.volumes.payroll {
            byDepartment[random.int(0...(Names.departments.count - 1))] += rates.fromGroup(random.int64(300_000...1_200_000), to: plan.currency)
        }
        let gross = byDepartment.reduce(0, +)
        let withheld = Self.percent(gross, 28)
        let date = MonthCalendar(month).weekday(onOrBefore: 25)
        let id = number("PR", plan.code, month)
        let reference = "PAYROLL-\(plan.code)-\(month)"
        var lines: [EntryLine] = []
        for (department, amount) in zip(Names.departments, byDepartment) where amount > 0 {
            lines.append(line("6000", plan.currency, amount, reference: reference, "Salaries \(department)"))
        }
        lines.insert(line(plan.operating.account, plan.currency, -(gross - withheld), reference: reference, "Payroll \(month) net pay"), at: 0)
        lines.append(line("2300", plan.currency, -withheld, reference: reference, "Payroll \(month) tax withheld"))
        post(id, plan.code, date, lines)
        move(plan, on: plan.operating, amount: -(gross - withheld), bankDate: date, entryIDs: [id], reference: reference,
             counterparty: "Payroll \(plan.volumes.payroll) employees", description: "SALARIES \(month)")
        // Withheld tax goes to the tax office on the 15th of the next month.
        let payDate = MonthCalendar(month.next).weekday(onOrBefore: 15)
        let taxID = number("PT", plan.code, month.next)
        post(taxID, plan.code, payDate, [line("2300", plan.currency, withheld, reference: reference, "Payroll tax \(month) paid"),
                                          line(plan.operating.account, plan.currency, -withheld, reference: reference, "Payroll tax \(month) paid")])
        move(plan, on: plan.operating, amount: -withheld, bankDate: payDate, entryIDs: [taxID], reference: reference,
             counterparty: "Tax office", description: "WAGE TAX \(month)")
    }

    /// Rent paid on the first weekday of the month.
    mutating func rent(_ index: Int, _ month: PeriodID) {
        let plan = plans[index]
        var landlordRandom = sampler(.rent, index, prior)  // the same rent every month
        let amount = rates.fromGroup(landlordRandom.int64(500_000...4_000_000), to: plan.currency)
        let landlord = "\(landlordRandom.pick(Names.stems)) \(landlordRandom.pick(Names.landlords))"
        for unit in 0..<plan.volumes.rent {
            let date = MonthCalendar(month).firstBusinessDay.adding(days: unit).onWeekday
            let id = number("RE", plan.code, month)
            let reference = "RENT-\(plan.code)-\(month)-\(unit + 1)"
            post(id, plan.code, date, [line("6100", plan.currency, amount, reference: reference, "Rent \(month) \(landlord)"),
                                       line(plan.operating.account, plan.currency, -amount, reference: reference, "Rent \(month)")])
            move(plan, on: plan.operating, amount: -amount, bankDate: date, entryIDs: [id], reference: reference,
                 counterparty: landlord, description: "RENT \(month)")
        }
    }

    /// Fixed assets bought on invoice, and the month's depreciation of the asset base.
    mutating func assets(_ index: Int, _ month: PeriodID) {
        let plan = plans[index]
        var random = sampler(.assets, index, month)
        let calendar = MonthCalendar(month)
        for _ in 0..<plan.volumes.assetPurchases where !plan.suppliers.isEmpty {
            let supplier = random.pick(plan.suppliers)
            let net = rates.fromGroup(random.amount(floorMinor: 200_000, decadeWeights: [63, 37]), to: plan.currency)
            let id = number("FA", plan.code, month)
            let date = calendar.businessDay(&random)
            recordPurchase(index, id: id, invoice: supplierInvoice(supplier, date), supplier: supplier,
                           date: date, net: net, account: "1500", what: random.pick(Names.assets))
        }
        let depreciation = rates.fromGroup(Int64(max(1, plan.volumes.assetPurchases)) * 150_000 + 500_000, to: plan.currency)
        post(number("DP", plan.code, month), plan.code, month.lastDay,
             [line("6300", plan.currency, depreciation, reference: "DEP-\(month)", "Depreciation \(month)"),
              line("1510", plan.currency, -depreciation, reference: "DEP-\(month)", "Depreciation \(month)")])
    }

    /// Account fees the bank charges; the treasury records each from the bank feed.
    mutating func bankFees(_ index: Int, _ month: PeriodID) {
        let plan = plans[index]
        var random = sampler(.fees, index, month)
        let calendar = MonthCalendar(month)
        for _ in 0..<plan.volumes.bankFees {
            let date = calendar.businessDay(&random)
            let fee = rates.fromGroup(random.int64(500...15_000), to: plan.operating.currency)
            recordFee(index, date: date, amount: fee, recorded: true, month: month)
        }
    }

    /// A bank fee on the statement; `recorded` false leaves it out of the ledger (a fault).
    @discardableResult
    mutating func recordFee(_ index: Int, date: CalendarDate, amount: Int64, recorded: Bool, month: PeriodID) -> String {
        let plan = plans[index]
        let reference = "FEE-\(plan.code)-\(number("BC", plan.code, month).suffix(6))"
        var ids: [String] = []
        if recorded {
            let id = number("BF", plan.code, month)
            post(id, plan.code, date, [line("6400", plan.currency, amount, reference: reference, "Bank charges"),
                                       line(plan.operating.account, plan.currency, -amount, reference: reference, "Bank charges")])
            ids = [id]
        }
        move(plan, on: plan.operating, amount: -amount, bankDate: date, entryIDs: ids, reference: reference,
             counterparty: "Bank", description: "ACCOUNT CHARGES", kind: .fee)
        return reference
    }

    /// Interest the bank credits on the savings account at month end.
    mutating func interest(_ index: Int, _ month: PeriodID) {
        let plan = plans[index]
        var random = sampler(.interest, index, month)
        let account = plan.savings
        let calendar = MonthCalendar(month)
        for credit in 0..<plan.volumes.interest {
            // The last weekdays of the month, going back; many credits (a large scale) wrap
            // around within the month rather than fall into the month before, whose rates
            // the scenario does not have.
            let date = calendar.weekday(onOrBefore: calendar.days.count - credit % calendar.days.count)
            let amount = rates.fromGroup(random.int64(1_000...50_000), to: account.currency)
            let id = number("BI", plan.code, month)
            let reference = "INT-\(plan.code)-\(id.suffix(6))"
            post(id, plan.code, date, [line(account.account, account.currency, amount, reference: reference, "Interest credited"),
                                       line("4200", account.currency, -amount, reference: reference, "Interest income")])
            move(plan, on: account, amount: amount, bankDate: date, entryIDs: [id], reference: reference,
                 counterparty: "Bank", description: "CREDIT INTEREST", kind: .interest)
        }
    }
}
