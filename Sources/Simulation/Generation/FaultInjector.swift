import LedgerCore

/// Injects the scenario's faults into the period, each with its ground truth: the rows it
/// touches and what a correct close does about it. Faults are spread over the entities in
/// turn; each kind draws from its own random stream.
extension BooksBuilder {
    mutating func injectFaults() {
        for kind in FaultKind.allCases {
            for number in 0..<(scenario.faults[kind] ?? 0) {
                var random = sampler(Stream.faults.rawValue, UInt64(FaultKind.allCases.firstIndex(of: kind)!), UInt64(number))
                let id = "F\(Self.padded(faults.count + 1, 3))"
                let entity = (number + FaultKind.allCases.firstIndex(of: kind)!) % plans.count
                if let fault = inject(kind, id: id, entity: entity, random: &random) { faults.append(fault) }
            }
        }
    }

    private mutating func inject(_ kind: FaultKind, id: String, entity index: Int, random: inout Sampler) -> InjectedFault? {
        let plan = plans[index]
        let calendar = MonthCalendar(period)
        func fault(_ rows: [FaultRow], _ expected: String, _ lines: [ExpectedLine] = [], partner: String? = nil) -> InjectedFault {
            InjectedFault(id: id, kind: kind, entity: plan.code, partner: partner, rows: rows, expected: expected, expectedEntries: lines)
        }
        // `date`: the day a correct close dates the entry, as docs/close-process.md says each agent does.
        func expect(_ entity: EntityPlan, _ date: CalendarDate, _ account: String, _ currency: Currency, _ amount: Int64,
                    partner: String? = nil) -> ExpectedLine {
            ExpectedLine(entity: entity.code, date: date, account: account, currency: currency, amountMinor: amount, partner: partner)
        }
        switch kind {
        case .unrecordedBankFee:
            let amount = rates.fromGroup(random.int64(1_500...9_500), to: plan.currency)
            let charged = calendar.businessDay(&random)
            let reference = recordFee(index, date: charged, amount: amount, recorded: false, month: period)
            movements[movements.count - 1].fault = id
            // Dated on the statement's booking day, the only date the bank gives.
            return fault([], "post the bank charge \(reference) from the statement: debit bank charges, credit the bank account",
                         [expect(plan, charged, "6400", plan.currency, amount), expect(plan, charged, plan.operating.account, plan.currency, -amount)])

        case .referenceTypo:
            guard let target = pickMovement(&random, entity: plan.code, where: { $0.isBatchable && $0.amountMinor > 0 }) else { return nil }
            let truth = movements[target].reference
            movements[target].reference = Self.typo(truth, &random)
            movements[target].isBatchable = false
            movements[target].fault = id
            return fault(movements[target].entryIDs.map(FaultRow.journalEntry),
                         "match the receipt to \(truth) although the bank shows '\(movements[target].reference)'; no entry")

        case .multiInvoiceReceipt:
            guard let customer = plan.customers.first else { return nil }
            let paid = calendar.weekday(onOrBefore: random.int(5...25))
            var receipts: [String] = [], total: Int64 = 0
            for _ in 0..<random.int(2...4) {
                let item = openInvoice(index, customer: customer, dated: MonthCalendar(prior).businessDay(&random), paid: paid, random: &random)
                receipts.append(receive(item, bankDate: paid, recorded: paid, creditAccount: "1100", onStatement: false))
                total += item.grossMinor
            }
            move(plan, on: plan.operating, amount: total, bankDate: paid, entryIDs: receipts,
                 reference: "REMITTANCE \(customer.id)-\(id)", counterparty: customer.name, description: "CREDIT TRANSFER")
            movements[movements.count - 1].fault = id
            return fault(receipts.map(FaultRow.journalEntry), "match the one statement line to the \(receipts.count) receipts it pays; no entry")

        case .duplicateBankLine:
            guard let target = pickMovement(&random, entity: plan.code, where: { $0.amountMinor < 0 && $0.kind == .transfer }) else { return nil }
            var copy = movements[target]
            copy.entryIDs = []
            copy.isBankDuplicate = true
            copy.fault = id
            movements.append(copy)
            return fault(movements[target].entryIDs.map(FaultRow.journalEntry),
                         "match the original line only; the bank booked \(copy.reference) twice: raise a finding and claim the copy back; no entry")

        case .duplicateLedgerEntry:
            let candidates = entries[period, default: []].indices.filter {
                let entry = entries[period]![$0]
                return entry.entity == plan.code && entry.idempotencyKey.hasPrefix("PI-")
            }
            guard !candidates.isEmpty else { return nil }
            var copy = entries[period]![random.pick(candidates)]
            let original = copy.idempotencyKey
            copy.idempotencyKey = number("PI", plan.code, period)
            entries[period]!.append(copy)
            // The reversal is dated on the copy's day: a correction in the period keeps the day of what it corrects.
            return fault([.journalEntry(original), .journalEntry(copy.idempotencyKey)],
                         "reverse \(copy.idempotencyKey): it repeats supplier invoice \(original)",
                         copy.lines.map { expect(plan, copy.date, $0.account, $0.currency, -$0.amountMinor, partner: $0.partner) })

        case .paymentInTransit:
            guard let supplier = plan.suppliers.first else { return nil }
            let net = rates.fromGroup(random.amount(floorMinor: 20_000, decadeWeights: [50, 40, 10]), to: plan.currency)
            let invoiceID = number("PI", plan.code, prior)
            let invoiceDate = MonthCalendar(prior).businessDay(&random)
            let invoice = supplierInvoice(supplier, invoiceDate)
            recordPurchase(index, id: invoiceID, invoice: invoice, supplier: supplier, date: invoiceDate,
                           net: net, account: "6200", what: random.pick(Names.utilities))
            let item = payables.removeLast()
            let paymentID = pay(item, on: calendar.lastBusinessDay, bankDate: next.firstDay.onWeekday)
            movements[movements.count - 1].fault = id
            return fault([.journalEntry(paymentID)], "list payment \(invoice) as in transit (it clears the bank on \(next.firstDay.onWeekday)); no entry")

        case .intercompanyOneSided, .intercompanyAmountMismatch, .intercompanyCutOff:
            return injectIntercompany(kind, id: id, issuer: index, random: &random)

        case .suspensePosting:
            guard let customer = plan.customers.last else { return nil }
            let paid = calendar.businessDay(&random)
            let item = openInvoice(index, customer: customer, dated: MonthCalendar(prior).businessDay(&random), paid: paid, random: &random)
            let receipt = receive(item, bankDate: paid, recorded: paid, creditAccount: "9999")
            movements[movements.count - 1].isBatchable = false
            return fault([.journalEntry(receipt), .journalEntry(item.entryID)],
                         "reclassify the receipt of \(item.invoice) from suspense to trade receivables",
                         [expect(plan, paid, "9999", plan.currency, item.grossMinor), expect(plan, paid, "1100", plan.currency, -item.grossMinor)])

        case .missingAccrual:
            guard let supplier = plan.suppliers.first else { return nil }
            let net = rates.fromGroup(random.amount(floorMinor: 50_000, decadeWeights: [50, 40, 10]), to: plan.currency)
            let receipt = GoodsReceipt(id: number("GR", plan.code, period), entity: plan.code, supplier: supplier.id,
                                       date: calendar.weekday(onOrBefore: calendar.days.count - random.int(0...4)),
                                       currency: plan.currency, amountMinor: net, account: "1200",
                                       description: random.pick(Names.supplies), invoice: nil)
            goodsReceipts.append(receipt)
            return fault([.goodsReceipt(receipt.id)],
                         "accrue goods received not invoiced \(receipt.id) at month end, reversing on \(next.firstDay)",
                         [expect(plan, period.lastDay, "1200", plan.currency, net), expect(plan, period.lastDay, "2100", plan.currency, -net)])

        case .wrongEntityExpense:
            let wrong = (index + 1) % plans.count
            guard wrong != index, let supplier = plan.suppliers.last else { return nil }
            let net = rates.fromGroup(random.amount(floorMinor: 20_000, decadeWeights: [50, 40, 10]), to: plan.currency)
            let id2 = number("PI", plans[wrong].code, period)
            let what = random.pick(Names.utilities)
            let date = calendar.businessDay(&random)
            recordPurchase(index, id: id2, invoice: supplierInvoice(supplier, date), supplier: supplier, date: date, net: net,
                           account: "6200", what: what, in: wrong)
            let booked = entries[period]!.last!
            // Both the reversal and the re-posting keep the invoice's day.
            var result = fault([.journalEntry(id2)],
                               "reverse \(id2) in \(plans[wrong].code) and post it in \(plan.code): supplier \(supplier.id) belongs to \(plan.code)",
                               booked.lines.map { expect(plans[wrong], booked.date, $0.account, $0.currency, -$0.amountMinor) }
                                   + booked.lines.map { expect(plan, booked.date, $0.account, $0.currency, $0.amountMinor) },
                               partner: plans[wrong].code)
            result.entity = plans[wrong].code
            result.partner = plan.code
            return result
        }
    }

    private mutating func injectIntercompany(_ kind: FaultKind, id: String, issuer: Int, random: inout Sampler) -> InjectedFault? {
        let partners = partners(of: issuer)
        guard !partners.isEmpty else { return nil }
        let receiver = partners[random.int(0...(partners.count - 1))]
        let calendar = MonthCalendar(period)
        let amount = random.amount(floorMinor: 100_000, decadeWeights: [50, 40, 10])
        let from = plans[issuer], to = plans[receiver]
        let currency = groupCurrency
        let booked: (amount: Int64?, date: CalendarDate)
        let date: CalendarDate
        switch kind {
        case .intercompanyAmountMismatch:
            date = calendar.businessDay(&random)
            // A dispute: the receiver accepted only part of the charge.
            booked = (amount - max(1, Self.percent(amount, random.int(3...15))), date)
        case .intercompanyCutOff:
            date = calendar.lastBusinessDay
            booked = (amount, next.firstDay.onWeekday)
        default:
            date = calendar.businessDay(&random)
            booked = (nil, date)
        }
        let before = entries[booked.date.period, default: []].count
        let reference = recordCharge(issuer: issuer, receiver: receiver, amount: amount, date: date, month: period,
                                     receiverAmount: booked.amount, receiverDate: booked.date)
        var rows = [FaultRow.journalEntry(entries[period]!.last { $0.entity == from.code && $0.lines[0].reference == reference }!.idempotencyKey)]
        if booked.amount != nil, let receiverEntry = entries[booked.date.period]?[before...].last(where: { $0.entity == to.code }) {
            rows.append(.journalEntry(receiverEntry.idempotencyKey))
        }
        let expectation: String
        var lines: [ExpectedLine] = []
        // The counterpart at the receiver: a missing one on the issuer's day, a late one accrued
        // on the period's last day (reversing), a disputed gap on the day both booked.
        func counterpart(_ amount: Int64, on day: CalendarDate) -> [ExpectedLine] {
            [ExpectedLine(entity: to.code, date: day, account: "6500", currency: currency, amountMinor: amount, partner: from.code),
             ExpectedLine(entity: to.code, date: day, account: "2150", currency: currency, amountMinor: -amount, partner: from.code)]
        }
        switch kind {
        case .intercompanyAmountMismatch:
            let gap = amount - booked.amount!
            expectation = "intercompany difference on \(reference): \(from.code) charged \(Decimal10.format(amount, scale: currency.exponent)), \(to.code) booked \(Decimal10.format(booked.amount!, scale: currency.exponent)); reason: amount dispute; a human decides which side is right"
            lines = counterpart(gap, on: date)
        case .intercompanyCutOff:
            expectation = "timing difference on \(reference): \(to.code) booked it on \(booked.date), in the next period; accrue it in \(to.code) for \(period) or eliminate with reason cut-off"
            lines = counterpart(amount, on: period.lastDay)
        default:
            expectation = "\(to.code) has not recorded \(reference): post the missing counterpart in \(to.code)"
            lines = counterpart(amount, on: date)
        }
        return InjectedFault(id: id, kind: kind, entity: from.code, partner: to.code, rows: rows, expected: expectation, expectedEntries: lines)
    }

    /// A new customer invoice dated in the prior month, to be paid on `paid`.
    private mutating func openInvoice(_ index: Int, customer: Counterparty, dated: CalendarDate, paid: CalendarDate,
                                      random: inout Sampler) -> OpenItem {
        let plan = plans[index]
        let gross = rates.fromGroup(random.amount(floorMinor: 10_000, decadeWeights: [40, 45, 15]), to: plan.currency)
        let id = number("SI", plan.code, dated.period)
        let invoice = "INV-" + id.dropFirst(3)
        post(id, plan.code, dated, [line("1100", plan.currency, gross, reference: invoice, "Invoice \(invoice) \(customer.name)"),
                                    line("4000", plan.currency, -gross, reference: invoice, random.pick(Names.products))])
        return OpenItem(plan: index, counterparty: customer, invoice: invoice, entryID: id, date: dated,
                        currency: plan.currency, grossMinor: gross, paymentDate: paid)
    }

    /// A random movement of the entity on the period's statement that no fault touches yet.
    private func pickMovement(_ random: inout Sampler, entity: String, where matches: (BankMovement) -> Bool) -> Int? {
        let candidates = movements.indices.filter { index in
            let movement = movements[index]
            guard movement.entity == entity, movement.fault == nil, !movement.entryIDs.isEmpty,
                  let date = movement.bankDate, date.period == period else { return false }
            return matches(movement)
        }
        return candidates.isEmpty ? nil : candidates[random.int(0...(candidates.count - 1))]
    }

    /// A typing error: two neighbouring characters swapped, or one dropped.
    static func typo(_ text: String, _ random: inout Sampler) -> String {
        var characters = Array(text)
        guard characters.count >= 3 else { return text + "X" }
        let position = random.int(1...(characters.count - 2))
        if random.chance(percent: 50), characters[position] != characters[position + 1] {
            characters.swapAt(position, position + 1)
        } else {
            characters.remove(at: position)
        }
        return String(characters)
    }
}
