import LedgerCore

extension MatchState {
    /// After the exact rule: a statement line with the amount and reference of a line the
    /// exact rule matched has no open ledger line of its own (the exact rule would have taken
    /// it); the ledger line its reference names is spent. It is the bank's duplicate, or a
    /// payment the ledger lacks, and the weaker rules (amount and date, sums, fuzzy
    /// references) must not pair it with another ledger line of the same amount, such as
    /// last month's rent, which would hide the duplicate and bend the reconciliation.
    /// The lines left open are few, so they are sorted and each matched line is looked up.
    mutating func setAsideSpent() {
        var open: [(key: UInt64, amount: Int64, index: Int)] = []
        for index in bank.indices where !bankDone[index] && bankPacked[index] != PackedReference.empty {
            open.append((Self.referenceKey(packed: bankPacked[index], bankReferences[index]), bankAmounts[index], index))
        }
        guard !open.isEmpty else { return }
        open.sort { ($0.key, $0.amount, $0.index) < ($1.key, $1.amount, $1.index) }
        for match in matches {
            for matched in match.bank where bankPacked[matched] != PackedReference.empty {
                let key = Self.referenceKey(packed: bankPacked[matched], bankReferences[matched])
                var low = 0, high = open.count
                while low < high {
                    let middle = (low + high) / 2
                    if (open[middle].key, open[middle].amount) < (key, bankAmounts[matched]) { low = middle + 1 } else { high = middle }
                }
                // A hashed key is confirmed on the text: two long references may share a hash.
                while low < open.count, open[low].key == key, open[low].amount == bankAmounts[matched] {
                    if bankReferences[open[low].index] == bankReferences[matched] { spentBank.insert(open[low].index) }
                    low += 1
                }
            }
        }
    }
}
