import LedgerCore

/// Synthetic statement and ledger lines for `close bench reconcile`: as many of each, most
/// with the ledger's reference, some with the bank's noise or a typo, some with none (left to
/// amount and date), some batched, some bank charges and some payments in transit, spread
/// over one month. Seeded: the same lines on every run.
public enum ReconcileBenchmark {
    public static func lines(count: Int, seed: UInt64) -> (bank: [BankLine], ledger: [LedgerItem]) {
        var random = SeededRandom(seed: seed)
        var bank: [BankLine] = []
        var ledger: [LedgerItem] = []
        bank.reserveCapacity(count)
        ledger.reserveCapacity(count)
        let first = try! CalendarDate(year: 2026, month: 5, day: 1)
        var batch: [LedgerItem] = []
        while ledger.count < count {
            let number = ledger.count
            let reference = "INV-\(number)"
            // Amounts unique enough that amount and date decide where references do not.
            let amount = Int64.random(in: 1_000...10_000_000, using: &random) * (Bool.random(using: &random) ? 1 : -1)
            let date = first.adding(days: Int.random(in: 0...29, using: &random))
            let item = LedgerItem(entryKey: "E\(number)", document: "D\(number)", date: date, amountMinor: amount,
                                  reference: reference, description: "")
            ledger.append(item)
            let kind = Int.random(in: 0..<100, using: &random)
            let bankDate = date.adding(days: Int.random(in: 0...2, using: &random))
            func line(_ reference: String, _ amount: Int64, _ description: String = "") -> BankLine {
                BankLine(bookingDate: bankDate, valueDate: bankDate, amountMinor: amount, reference: reference,
                         bankReference: "B\(bank.count)", counterparty: "", description: description)
            }
            switch kind {
            case 0..<80: bank.append(line(reference, amount))
            case 80..<88: bank.append(line("rf " + reference.lowercased(), amount))
            case 88..<92: bank.append(line("", amount))
            case 92..<94: bank.append(line(String(reference.dropLast()), amount))
            case 94..<98 where amount > 0:
                batch.append(item)
                if batch.count == 3 {
                    // Three amounts of at most 10^7: the sum cannot overflow.
                    bank.append(line("BATCH", batch.reduce(0) { $0 + $1.amountMinor }, batch.map(\.reference).joined(separator: " ")))
                    batch.removeAll()
                }
            case 98: bank.append(BankLine(bookingDate: bankDate, valueDate: bankDate, amountMinor: -Int64.random(in: 100...5_000, using: &random),
                                          reference: "FEE", bankReference: "B\(bank.count)", counterparty: "Bank", description: "", kind: .fee))
                     bank.append(line(reference, amount))
            default: break  // in transit: in the ledger only
            }
        }
        return (bank, ledger)
    }
}
