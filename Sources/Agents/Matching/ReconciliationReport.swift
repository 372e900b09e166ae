import Governance
import LedgerCore

extension BankReconciliationAgent {
    /// The findings and evidence of one reconciliation, worded for the reviewer.
    struct Report {
        let task: AgentTask
        let period: PeriodID
        let currency: Currency
        let bank: [BankLine]
        let ledger: [LedgerItem]
        private(set) var findings: [Finding] = []
        private(set) var outstandingCount = 0
        private(set) var bankOnlyCount = 0

        init(task: AgentTask, period: PeriodID, currency: Currency, bank: [BankLine], ledger: [LedgerItem]) {
            self.task = task
            self.period = period
            self.currency = currency
            self.bank = bank
            self.ledger = ledger
        }

        func money(_ amount: Int64) -> String { "\(Decimal10.format(amount, scale: currency.exponent)) \(currency)" }

        /// Days from a date to the end of the period.
        private func age(_ date: CalendarDate) -> Int { period.lastDay.dayNumber - date.dayNumber }

        /// `twin`: a matched statement line identical to this one, when there is one.
        mutating func bankOnly(_ index: Int, twin: Int? = nil) {
            let line = bank[index]
            bankOnlyCount += 1
            if let twin {
                // Both lines named: either may be the copy.
                let other = bank[twin]
                findings.append(Finding(id: "\(task.id)/bank-duplicate/\(line.bankReference)/\(other.bankReference)", severity: .warning,
                                        message: "on the statement twice: \(line.bookingDate) \(money(line.amountMinor)) '\(line.reference)' \(line.counterparty) as \(line.bankReference) and \(other.bankReference); one is matched to the ledger, the other is not in it: query the bank about the duplicate",
                                        evidence: [Evidence(kind: "statement-line", id: line.bankReference), Evidence(kind: "statement-line", id: other.bankReference)]))
                return
            }
            findings.append(Finding(id: "\(task.id)/bank-only/\(line.bankReference)", severity: .warning,
                                    message: "on the statement, not in the ledger: \(line.bookingDate) \(money(line.amountMinor)) '\(line.reference)' \(line.counterparty), \(age(line.bookingDate)) days old; find the entry, record it, or query the bank",
                                    evidence: [Evidence(kind: "statement-line", id: line.bankReference)]))
        }

        /// On the statement in the period, booked in the ledger just after it: a timing difference.
        mutating func bookedAfter(_ index: Int, later: [LedgerItem], within: [LedgerItem]) {
            let line = bank[index]
            bankOnlyCount += 1
            let booked = later.map { "\($0.document) of \($0.date)" }.joined(separator: " and ")
            let batch = within.isEmpty ? "" : " (with \(within.map { "\($0.document) of \($0.date)" }.joined(separator: " and ")) in the period, in the same batch)"
            findings.append(Finding(id: "\(task.id)/booked-after/\(line.bankReference)", severity: .info,
                                    message: "on the statement on \(line.bookingDate), booked in the ledger after the period: \(money(line.amountMinor)) '\(line.reference)' \(line.counterparty) is \(booked)\(batch); a reconciling item at the period's end that clears itself",
                                    evidence: [Evidence(kind: "statement-line", id: line.bankReference)]
                                        + (within + later).map { Evidence(kind: "entry", id: $0.entryKey) }))
        }

        mutating func outstanding(_ index: Int) {
            let item = ledger[index]
            outstandingCount += 1
            findings.append(Finding(id: "\(task.id)/outstanding/\(item.entryKey)", severity: .info,
                                    message: "in the ledger, not yet on the statement: \(item.document) \(item.date) \(money(item.amountMinor)) '\(item.reference)', \(age(item.date)) days old (in transit)",
                                    evidence: [Evidence(kind: "entry", id: item.entryKey)]))
        }

        /// A ledger item of the period already in the statement's opening balance: not outstanding.
        mutating func clearedBefore(_ index: Int) {
            let item = ledger[index]
            findings.append(Finding(id: "\(task.id)/cleared-before/\(item.entryKey)", severity: .info,
                                    message: "in the ledger on \(item.date), but already in the statement's opening balance: \(item.document) \(money(item.amountMinor)) '\(item.reference)' cleared the bank before the period",
                                    evidence: [Evidence(kind: "entry", id: item.entryKey)]))
        }

        mutating func tolerance(_ match: BankMatch, difference: Int64) {
            findings.append(Finding(id: "\(task.id)/difference/\(bank[match.bank[0]].bankReference)", severity: .warning,
                                    message: "matched by reference with a difference of \(money(difference)): statement \(bank[match.bank[0]].bankReference), ledger \(match.ledger.map { ledger[$0].document }.joined(separator: ", "))",
                                    evidence: [Evidence(kind: "statement-line", id: bank[match.bank[0]].bankReference)]))
        }

        mutating func ambiguous(_ item: AmbiguousMatch) {
            let line = bank[item.bank]
            findings.append(Finding(id: "\(task.id)/ambiguous/\(line.bankReference)", severity: .warning,
                                    message: "\(line.bookingDate) \(money(line.amountMinor)) '\(line.reference)' could be any of \(item.candidates.map { "\(ledger[$0].document) (\(ledger[$0].date))" }.joined(separator: ", ")): not matched; a human chooses",
                                    evidence: [Evidence(kind: "statement-line", id: line.bankReference)]
                                        + item.candidates.map { Evidence(kind: "entry", id: ledger[$0].entryKey) }))
        }

        /// `reconciled` is ledger + proposed - outstanding + bank-only, summed (checked) by the caller.
        mutating func certify(ledger balance: Int64, proposed: Int64, outstanding: Int64, bankOnly: Int64, reconciled: Int64,
                              closing: Int64, difference: Int64) {
            let equation = "ledger \(money(balance)) + proposed entries \(money(proposed)) - outstanding \(money(outstanding)) + bank-only items \(money(bankOnly)) = \(money(reconciled)); statement closing \(money(closing))"
            findings.append(Finding(id: "\(task.id)/certification", severity: difference == 0 ? .info : .error,
                                    message: difference == 0 ? "certified: \(equation)" : "difference of \(money(difference)): \(equation)"))
        }

        func evidence(_ match: BankMatch) -> Evidence {
            let bankRefs = match.bank.map { bank[$0].bankReference }.joined(separator: "+")
            let entries = match.ledger.map { ledger[$0].entryKey }.joined(separator: "+")
            return Evidence(kind: "match", id: "\(bankRefs) = \(entries) [\(match.rule) \(match.confidence)]")
        }
    }
}
