import LedgerCore

/// Intra-group business, always in the group currency (the group's invoicing policy), so
/// both sides record the same transaction amount and only their functional amounts differ.
extension BooksBuilder {
    var groupCurrency: Currency { scenario.group.currency }

    /// Partners of an entity, in group order, for round-robin charging.
    func partners(of index: Int) -> [Int] { plans.indices.filter { $0 != index } }

    /// Charges (management fees, goods, services) this entity invoices to the others; the
    /// receiver books the same amount on the same day.
    mutating func intercompanyCharges(_ issuer: Int, _ month: PeriodID) {
        let partners = partners(of: issuer)
        guard !partners.isEmpty else { return }
        var random = sampler(.charges, issuer, month)
        let calendar = MonthCalendar(month)
        for count in 0..<plans[issuer].volumes.intercompanyCharges {
            let receiver = partners[count % partners.count]
            let amount = random.amount(floorMinor: 50_000, decadeWeights: [45, 40, 15])
            let date = calendar.businessDay(&random)
            let reference = recordCharge(issuer: issuer, receiver: receiver, amount: amount, date: date, month: month,
                                         receiverAmount: amount, receiverDate: date)
            if month == prior { unsettledCharges.append((issuer, receiver, reference, amount)) }
        }
    }

    /// Both sides of one charge; the receiver's side may differ (a fault) or be missing (nil).
    @discardableResult
    mutating func recordCharge(issuer: Int, receiver: Int, amount: Int64, date: CalendarDate, month: PeriodID,
                               receiverAmount: Int64?, receiverDate: CalendarDate) -> String {
        let from = plans[issuer].code, to = plans[receiver].code
        let id = number("IC", from, month)
        let reference = "ICC-\(from)-\(to)-\(id.suffix(6))"
        let what = "Intercompany charge \(from) to \(to)"
        post(id, from, date, [line("1150", groupCurrency, amount, partner: to, reference: reference, what),
                              line("4100", groupCurrency, -amount, partner: to, reference: reference, what)])
        if let receiverAmount {
            let receiverID = number("IR", to, receiverDate.period)
            post(receiverID, to, receiverDate, [line("6500", groupCurrency, receiverAmount, partner: from, reference: reference, what),
                                                line("2150", groupCurrency, -receiverAmount, partner: from, reference: reference, what)])
        }
        intercompanyPairs += 1
        return reference
    }

    /// Last month's charges are paid on the 20th from the receiver's group-currency account.
    mutating func settleIntercompany() {
        let date = MonthCalendar(period).weekday(onOrBefore: 20)
        for charge in unsettledCharges {
            let issuer = plans[charge.issuer], receiver = plans[charge.receiver]
            let payID = number("IP", receiver.code, period)
            let what = "Settlement \(charge.reference)"
            post(payID, receiver.code, date, [line("2150", groupCurrency, charge.amountMinor, partner: issuer.code, reference: charge.reference, what),
                                              line(receiver.groupAccount.account, groupCurrency, -charge.amountMinor, reference: charge.reference, what)])
            move(receiver, on: receiver.groupAccount, amount: -charge.amountMinor, bankDate: date, entryIDs: [payID],
                 reference: charge.reference, counterparty: issuer.entity.name, description: "INTERCOMPANY SETTLEMENT")
            let receiptID = number("IS", issuer.code, period)
            post(receiptID, issuer.code, date, [line(issuer.groupAccount.account, groupCurrency, charge.amountMinor, reference: charge.reference, what),
                                                line("1150", groupCurrency, -charge.amountMinor, partner: receiver.code, reference: charge.reference, what)])
            move(issuer, on: issuer.groupAccount, amount: charge.amountMinor, bankDate: date, entryIDs: [receiptID],
                 reference: charge.reference, counterparty: receiver.entity.name, description: "INTERCOMPANY SETTLEMENT")
        }
    }

    /// New loans this entity grants to the others, paid out in the group currency, and the
    /// month-end interest on every loan outstanding.
    mutating func intercompanyLoans(_ lender: Int, _ month: PeriodID) {
        let partners = partners(of: lender)
        guard !partners.isEmpty else { return }
        var random = sampler(.loans, lender, month)
        for count in 0..<plans[lender].volumes.intercompanyLoans {
            let borrower = partners[count % partners.count]
            let principal = random.int64(10_000_000...200_000_000)
            let date = MonthCalendar(month).weekday(onOrBefore: random.int(3...12))
            grantLoan(lender: lender, borrower: borrower, principal: principal, date: date, month: month)
        }
    }

    mutating func grantLoan(lender: Int, borrower: Int, principal: Int64, date: CalendarDate, month: PeriodID) {
        let from = plans[lender], to = plans[borrower]
        let lenderID = number("LN", from.code, month)
        let reference = "LOAN-\(from.code)-\(to.code)-\(lenderID.suffix(6))"
        let what = "Intercompany loan \(from.code) to \(to.code)"
        post(lenderID, from.code, date, [line("1150", groupCurrency, principal, partner: to.code, reference: reference, what),
                                         line(from.groupAccount.account, groupCurrency, -principal, reference: reference, what)])
        move(from, on: from.groupAccount, amount: -principal, bankDate: date, entryIDs: [lenderID], reference: reference,
             counterparty: to.entity.name, description: "LOAN DISBURSEMENT")
        let borrowerID = number("LB", to.code, month)
        post(borrowerID, to.code, date, [line(to.groupAccount.account, groupCurrency, principal, reference: reference, what),
                                         line("2500", groupCurrency, -principal, partner: from.code, reference: reference, what)])
        move(to, on: to.groupAccount, amount: principal, bankDate: date, entryIDs: [borrowerID], reference: reference,
             counterparty: from.entity.name, description: "LOAN RECEIVED")
        loans.append((lender, borrower, reference, principal, date))
        intercompanyPairs += 1
    }

    /// Interest at 0.5% a month on every loan granted before the month's last day, accrued
    /// by both sides on that day.
    mutating func loanInterest(_ month: PeriodID) {
        for loan in loans where loan.date < month.lastDay {
            let from = plans[loan.lender], to = plans[loan.borrower]
            let interest = max(1, Self.percent(loan.principal, 1) / 2)
            let reference = "\(loan.reference)-INT-\(month)"
            post(number("LI", from.code, month), from.code, month.lastDay,
                 [line("1150", groupCurrency, interest, partner: to.code, reference: reference, "Loan interest receivable"),
                  line("4200", groupCurrency, -interest, reference: reference, "Loan interest income")])
            post(number("LE", to.code, month), to.code, month.lastDay,
                 [line("7000", groupCurrency, interest, reference: reference, "Loan interest expense"),
                  line("2150", groupCurrency, -interest, partner: from.code, reference: reference, "Loan interest payable")])
            intercompanyPairs += 1
        }
    }
}
