import Governance
import LedgerCore

/// Expenses booked to the wrong entity, by the counterparty rule: a supplier invoice (a credit
/// on trade payables with an expense line) whose counterparty this entity has never dealt with
/// while exactly one other entity has. "Dealt with" is read by supplier from the control
/// accounts (trade receivables and payables) of every operating entity over the year to the
/// period's end (`historyMonths`). In this entity, the period's supplier invoices and their
/// payments are left out, so that two misbooked invoices cannot vouch for each other; in the
/// other entities every line counts, so a supplier whose first invoices arrive this month is
/// still known where it belongs, provided the invoice is in that entity's currency and not in
/// this one's. A supplier nobody has dealt with, invoicing in a currency foreign here that is
/// exactly one other entity's, is raised for a human, without a correction. Invoice numbers
/// play no part: suppliers number as they like.
/// Cost-centre rules would need cost centres on the lines; the ledger has none, so this is
/// the only rule.
///
/// The correction is two entries: the reversal in this entity and the re-posting in the right
/// one. When this entity already paid the invoice, the cash stays where it went: the reversal
/// turns the payable into an intercompany receivable from the right entity and the re-posting
/// books an intercompany payable to this one, each with its partner, so both entities balance
/// and the intercompany matching sees the pair.
struct WrongEntityExpenses {
    static let rule = "wrong-entity-counterparty"
    /// How far back the history of a supplier reaches: the period and the eleven months before.
    static let historyMonths = 12

    func detect(_ scope: ErrorScope, snapshot: any LedgerSnapshot) throws -> ErrorResult {
        let payables = scope.accounts.tradePayables
        let invoices = scope.uncorrected.filter { isSupplierInvoice($0, scope) }
        // Other entities' books are read only when an invoice names someone this one never dealt with.
        let own = try counterpartyHomes(scope, entities: [scope.entity], snapshot: snapshot).history
        guard invoices.contains(where: { $0.counterparty.map { own[$0] == nil } ?? false }) else {
            return ErrorResult(notes: ["no expense of another entity's counterparty"])
        }
        let otherEntities = scope.group.operatingEntities.filter { $0.code != scope.entity.code }
        let others = try counterpartyHomes(scope, entities: otherEntities, snapshot: snapshot)
        var result = ErrorResult()
        var flagged = 0
        for invoice in invoices {
            guard let name = invoice.counterparty, own[name] == nil else { continue }
            // Where the supplier belongs, strongest evidence first: another entity's history
            // with it; else, for an invoice in a currency foreign to this entity, another
            // entity of that currency with invoices of it this period; else only the currency.
            let currency = invoice.lines.first { $0.account == payables }?.currency ?? scope.entity.currency
            let foreign = currency != scope.entity.currency
            var known = others.history[name, default: []]
            if known.isEmpty && foreign {
                known = others.all[name, default: []].filter { scope.group.entity($0)?.currency == currency }
            }
            guard !known.isEmpty else {
                let ofCurrency = otherEntities.filter { $0.currency == currency }
                if foreign, ofCurrency.count == 1 {
                    flagged += 1
                    result.evidence.append(.entry(invoice))
                    result.findings.append(Finding(id: "\(scope.task.id)/wrong-entity/\(invoice.key)", severity: .warning,
                                                   message: "\(invoice.document) (\(invoice.key)) is an invoice in \(currency) of '\(name)', whom no entity of the group has dealt with; \(currency) is the currency of \(ofCurrency[0].code), not of \(scope.entity.code): a human checks whether it belongs to \(ofCurrency[0].code)",
                                                   evidence: [.entry(invoice)]))
                }
                continue
            }
            flagged += 1
            result.evidence.append(.entry(invoice))
            guard known.count == 1, let right = known.first, let entity = scope.group.entity(right) else {
                result.findings.append(Finding(id: "\(scope.task.id)/wrong-entity/\(invoice.key)", severity: .warning,
                                               message: "\(invoice.document) (\(invoice.key)) is an invoice of '\(name)', whom \(scope.entity.code) has never dealt with; \(known.sorted().joined(separator: " and ")) have: a human decides where it belongs",
                                               evidence: [.entry(invoice)]))
                continue
            }
            let paid = try paidAmount(of: invoice, name: name, scope: scope, snapshot: snapshot)
            let gross = try Checked.negate(try Checked.sum(invoice.lines.filter { $0.account == payables }.map(\.amountMinor),
                                                           "the payables lines of \(invoice.document)"))
            guard paid == 0 || paid == gross else {
                result.findings.append(Finding(id: "\(scope.task.id)/wrong-entity/\(invoice.key)", severity: .warning,
                                               message: "\(invoice.document) (\(invoice.key)) of '\(name)' belongs to \(right) but \(scope.entity.code) paid part of it; a human splits the correction",
                                               evidence: [.entry(invoice)]))
                continue
            }
            result.entries += try correction(invoice, name: name, right: entity, paid: paid != 0, scope: scope)
        }
        result.notes.append(flagged == 0 ? "no expense of another entity's counterparty" : "\(flagged) expense(s) booked to the wrong entity")
        return result
    }

    /// A credit on trade payables and a line on an expense account.
    private func isSupplierInvoice(_ entry: BookedEntry, _ scope: ErrorScope) -> Bool {
        entry.lines.contains { $0.account == scope.accounts.tradePayables && $0.amountMinor < 0 }
            && entry.lines.contains { scope.group.account($0.account)?.type == .expense }
    }

    /// Every counterparty name, with the operating entities whose control accounts name it:
    /// `all` from every line, `history` leaving out the period's supplier invoices and their
    /// payments.
    private func counterpartyHomes(_ scope: ErrorScope, entities: [Entity],
                                   snapshot: any LedgerSnapshot) throws -> (all: [String: Set<String>], history: [String: Set<String>]) {
        var all: [String: Set<String>] = [:], history: [String: Set<String>] = [:]
        let accounts = [scope.accounts.tradeReceivables, scope.accounts.tradePayables]
        var first = scope.period
        for _ in 1..<Self.historyMonths { first = first.previous }
        for entity in entities {
            let lines = try scope.controlLines(of: entity.code, accounts, from: first.firstDay, snapshot: snapshot)
            // The period's supplier invoices, found line by line (a line carries its entry's
            // date, source and reversal) rather than by grouping a year of lines into entries,
            // which copied every line, for every entity, in every entity's task.
            let invoices = Set(lines.lazy.filter { $0.account == scope.accounts.tradePayables && $0.amountMinor < 0 && $0.date.period == scope.period
                && BookedEntry.isBusiness(source: $0.source, reverses: $0.reverses) }.map(\.entryID))
            let names = lines.map(CounterpartyName.of)
            var documents = Set<String>()
            for (line, name) in zip(lines, names) where invoices.contains(line.entryID) {
                if let name { documents.insert("\(line.reference)|\(name)") }
            }
            for (line, name) in zip(lines, names) {
                guard let name else { continue }
                all[name, default: []].insert(entity.code)
                if !documents.contains("\(line.reference)|\(name)") { history[name, default: []].insert(entity.code) }
            }
        }
        return (all, history)
    }

    /// What this entity paid against the invoice: debits on trade payables with its reference
    /// and counterparty, from other entries, up to the period's end.
    private func paidAmount(of invoice: BookedEntry, name: String, scope: ErrorScope, snapshot: any LedgerSnapshot) throws -> Int64 {
        let references = Set(invoice.lines.filter { $0.account == scope.accounts.tradePayables }.map(\.reference))
        // One read of the control accounts serves every invoice (the snapshot keeps it).
        return try scope.controlLines(of: scope.entity.code, [scope.accounts.tradePayables], from: scope.period.firstDay, snapshot: snapshot)
            .filter { $0.date >= invoice.date && $0.entryID != invoice.id && $0.amountMinor > 0 && references.contains($0.reference) && CounterpartyName.of($0) == name }
            .reduce(Int64(0)) { try Checked.add($0, $1.amountMinor) }
    }

    private func correction(_ invoice: BookedEntry, name: String, right: Entity, paid: Bool, scope: ErrorScope) throws -> [ProposedEntry] {
        let wrong = scope.entity
        let payables = scope.accounts.tradePayables
        let date = scope.correctionDate(for: invoice.date).description
        let confidence = invoice.lines.allSatisfy { $0.currency == right.currency } && right.currency != wrong.currency ? 900 : 800
        var reversal = try invoice.lines.filter { !paid || $0.account != payables }.map { try Correction.mirrored($0, functional: wrong.currency) }
        var reposting = invoice.lines.filter { !paid || $0.account != payables }.map { Correction.reposted($0) }
        var how = "the invoice is unpaid, so the reversal mirrors every line of it and the re-posting books the same lines in \(right.code)"
        if paid {
            // The payable was settled from this entity's bank: it becomes what the right entity owes it.
            for line in invoice.lines where line.account == payables {
                let functional = try Checked.negate(try Checked.sum(reversal.map { $0.functionalAmount ?? $0.amount }))
                reversal.append(ProposedLine(account: scope.accounts.intercompanyReceivable, currency: line.currency.code,
                                             amount: try Checked.negate(line.amountMinor),
                                             functionalAmount: line.currency == wrong.currency ? nil : functional,
                                             partner: right.code, reference: line.reference, description: line.description))
                reposting.append(Correction.reposted(line, account: scope.accounts.intercompanyPayable, partner: wrong.code))
            }
            how = "\(wrong.code) already paid it, so the cash stays paid: the reversal moves the payable to an intercompany receivable from \(right.code) (\(scope.accounts.intercompanyReceivable)) and the re-posting books an intercompany payable to \(wrong.code) (\(scope.accounts.intercompanyPayable)); both entities balance and the intercompany matching sees the pair"
        }
        let because = "counterparty '\(name)' appears only in the books of \(right.code) and never in those of \(wrong.code)"
            + (confidence == 900 ? ", and the invoice is in \(right.code)'s currency \(right.currency)" : "")
        let explanation = "\(invoice.document) (\(invoice.key)), \(Correction.amounts(invoice.lines, scope: scope)), is an expense of \(right.code) booked in \(wrong.code): \(because). Two entries: \(how)."
        return [
            ProposedEntry(entity: wrong.code, date: date, description: "\(BookedEntry.reversalDescription(of: invoice.document)): expense of \(right.code)",
                          key: "wrong-entity-\(invoice.key)-reversal", lines: reversal, rule: Self.rule, confidence: confidence, explanation: explanation),
            ProposedEntry(entity: right.code, date: date, description: "\(invoice.description) (booked in \(wrong.code) as \(invoice.document))",
                          key: "wrong-entity-\(invoice.key)-reposting", lines: reposting, rule: Self.rule, confidence: confidence, explanation: explanation),
        ]
    }
}
