import LedgerCore

/// Turns bank movements into the period's statements, the way a bank presents them:
/// booked on the bank's date, some receipts of a day batched into one line, some references
/// reformatted, every line with the bank's own reference. Also writes down the truth about
/// every line, and the ledger items the statement does not show.
extension BooksBuilder {
    func statements(accounts: [BankAccount], entryDates: [String: CalendarDate])
        -> (statements: [BankStatement], truth: [BankTruth], faultLines: [String: [FaultRow]]) {
        var statements: [BankStatement] = []
        var truth: [BankTruth] = []
        var faultLines: [String: [FaultRow]] = [:]
        for (accountIndex, account) in accounts.enumerated() {
            let mine = movements.indices.filter { movements[$0].entity == account.entity && movements[$0].account == account.account }
            var opening = bankOpening["\(account.entity)/\(account.account)"] ?? 0
            var inPeriod: [Int] = []
            for index in mine {
                guard let date = movements[index].bankDate else { continue }
                if date < period.firstDay { opening += movements[index].amountMinor }
                else if date.period == period { inPeriod.append(index) }
            }
            inPeriod.sort { (movements[$0].bankDate!, $0) < (movements[$1].bankDate!, $1) }
            let statementID = "\(account.entity)-\(account.account)-\(period)"
            var random = sampler(Stream.bank.rawValue, UInt64(accountIndex))
            var lines: [BankLine] = []
            let prefix = String((account.bic ?? "BANK").prefix(4))
            func bankReference() -> String {
                let date = Self.padded(period.year % 100, 2) + Self.padded(period.month, 2)
                return "\(prefix)\(date)\(Self.padded(accountIndex, 2))\(Self.padded(lines.count + 1, 6))"
            }
            for group in batches(inPeriod, &random) {
                let first = movements[group[0]]
                let amount = group.reduce(Int64(0)) { $0 + movements[$1].amountMinor }
                let batched = group.count > 1
                var reference = batched ? "BATCH \(first.bankDate!) \(group.count) ITEMS" : first.reference
                if !batched, first.fault == nil, random.chance(percent: scenario.bank.referenceNoisePercent) {
                    reference = Self.noisy(reference, &random)
                }
                let line = BankLine(bookingDate: first.bankDate!, valueDate: first.bankDate!, amountMinor: amount,
                                    reference: reference, bankReference: bankReference(),
                                    counterparty: batched ? "Multiple payers" : first.counterparty,
                                    description: batched ? "BATCHED CREDIT TRANSFERS " + group.map { movements[$0].reference }.joined(separator: " ")
                                        : first.description, kind: first.kind)
                lines.append(line)
                let ids = group.flatMap { movements[$0].entryIDs }
                let recordedInTime = !ids.isEmpty && ids.allSatisfy { (entryDates[$0] ?? next.lastDay) <= period.lastDay }
                let status: BankTruth.Status = first.isBankDuplicate ? .bankDuplicate : (recordedInTime ? .matched : .bankOnly)
                truth.append(BankTruth(entity: account.entity, account: account.account, statement: statementID,
                                       bankReference: line.bankReference, entryIDs: ids, status: status, fault: first.fault))
                if let fault = first.fault {
                    faultLines[fault, default: []].append(.bankLine(statement: statementID, bankReference: line.bankReference))
                }
            }
            // Recorded in the period, not yet through the bank: in transit.
            for index in mine where movements[index].bankDate.map({ $0 > period.lastDay }) ?? true {
                let ids = movements[index].entryIDs.filter { entryDates[$0].map { $0.period == period } ?? false }
                guard !ids.isEmpty else { continue }
                truth.append(BankTruth(entity: account.entity, account: account.account, statement: nil, bankReference: nil,
                                       entryIDs: ids, status: .ledgerOnly, fault: movements[index].fault))
            }
            let closing = opening + lines.reduce(0) { $0 + $1.amountMinor }
            statements.append(BankStatement(id: statementID, entity: account.entity, account: account.account, iban: account.iban,
                                            bic: account.bic, currency: account.currency, openingDate: period.firstDay,
                                            openingMinor: opening, closingDate: period.lastDay, closingMinor: closing,
                                            createdAt: "\(next.firstDay)T06:00:00Z", lines: lines))
        }
        return (statements, truth, faultLines)
    }

    /// Where the bank batches receipts, it books 2 to 6 of the same day's customer receipts
    /// as one line; `batchedReceiptsPercent` is the chance that a receipt starts a batch.
    private func batches(_ indexes: [Int], _ random: inout Sampler) -> [[Int]] {
        var groups: [[Int]] = []
        var position = 0
        while position < indexes.count {
            let movement = movements[indexes[position]]
            var group = [indexes[position]]
            position += 1
            if movement.isBatchable, movement.fault == nil, random.chance(percent: scenario.bank.batchedReceiptsPercent) {
                let size = random.int(2...6)
                while group.count < size, position < indexes.count {
                    let next = movements[indexes[position]]
                    guard next.isBatchable, next.fault == nil, next.bankDate == movement.bankDate else { break }
                    group.append(indexes[position])
                    position += 1
                }
            }
            groups.append(group)
        }
        return groups
    }

    /// A harmless change a bank makes to a reference: case, spacing, or a prefix.
    static func noisy(_ reference: String, _ random: inout Sampler) -> String {
        switch random.int(0...2) {
        case 0: reference.lowercased()
        case 1: reference.split(separator: "-", omittingEmptySubsequences: false).joined(separator: " ")
        default: "RF " + reference
        }
    }
}
