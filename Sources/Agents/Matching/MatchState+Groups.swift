import LedgerCore

/// The rules that match several lines on one side: a bounded subset-sum over the open lines
/// near a date.
extension MatchState {
    /// Rules `many-to-one` (one bank line pays several ledger lines: a batch, a receipt for
    /// several invoices) and `one-to-many` (one ledger line the bank split): a bounded
    /// subset-sum over the open lines of the same sign inside the date window. Where more
    /// than `maxCandidates` are open there, the search is not tried: among so many, a sum
    /// is a coincidence, not evidence (and the work would grow with the square of the lines).
    mutating func groups(manyLedger: Bool) {
        let openLedger = Dictionary(grouping: ledger.indices.filter { !ledgerDone[$0] }, by: { Int(ledgerDays[$0]) })
        let openBank = Dictionary(grouping: bank.indices.filter { !bankDone[$0] && !spentBank.contains($0) }, by: { Int(bankDays[$0]) })
        if manyLedger {
            for index in bank.indices where !bankDone[index] && !spentBank.contains(index) {
                let target = bankAmounts[index]
                guard let pool = candidates(around: Int(bankDays[index]), in: openLedger, where: {
                    !ledgerDone[$0] && (ledgerAmounts[$0] > 0) == (target > 0) && ledgerAmounts[$0].magnitude < target.magnitude
                        && byAmountAlone(index, $0)
                }) else { continue }
                if let found = SubsetSum.find(target: target, values: pool.map { ledgerAmounts[$0] }, maxCount: engine.maxGroupSize) {
                    ambiguousBank.remove(index)
                    record([index], found.map { pool[$0] }, rule: "many-to-one", confidence: 850)
                }
            }
        } else {
            for index in ledger.indices where !ledgerDone[index] {
                let target = ledger[index].amountMinor
                guard let pool = candidates(around: Int(ledgerDays[index]), in: openBank, where: {
                    !bankDone[$0] && (bankAmounts[$0] > 0) == (target > 0) && bankAmounts[$0].magnitude < target.magnitude
                        && byAmountAlone($0, index)
                }) else { continue }
                if let found = SubsetSum.find(target: target, values: pool.map { bankAmounts[$0] }, maxCount: engine.maxGroupSize) {
                    let chosen = found.map { pool[$0] }
                    for bankIndex in chosen { ambiguousBank.remove(bankIndex) }
                    record(chosen, [index], rule: "one-to-many", confidence: 800)
                }
            }
        }
    }

    /// The open lines inside the date window that pass `keep`, or nil when the window holds
    /// more than `maxCandidates` of them, or four times as many open lines of any kind (the
    /// scan stops there, so its cost does not grow with the density of the month).
    private func candidates(around day: Int, in index: [Int: [Int]], where keep: (Int) -> Bool) -> [Int]? {
        var pool: [Int] = []
        var scanned = 0
        for offset in 0...engine.dateWindowDays {
            for candidateDay in offset == 0 ? [day] : [day - offset, day + offset] {
                for candidate in index[candidateDay] ?? [] {
                    scanned += 1
                    if scanned > 4 * engine.maxCandidates { return nil }
                    guard keep(candidate) else { continue }
                    pool.append(candidate)
                    if pool.count > engine.maxCandidates { return nil }
                }
            }
        }
        return pool.count >= 2 ? pool : nil
    }
}

/// The smallest set of at least two values (at most `maxCount`) that sums to `target`, by a
/// depth-first search over a short list; nil when there is none or more than one of the
/// smallest size (an ambiguous batch is not matched).
enum SubsetSum {
    static func find(target: Int64, values: [Int64], maxCount: Int) -> [Int]? {
        guard values.count >= 2 else { return nil }
        for size in 2...min(maxCount, values.count) {
            var found: [[Int]] = []
            var chosen: [Int] = []
            search(target: target, values: values, from: 0, size: size, chosen: &chosen, sum: 0, found: &found)
            if found.count == 1 { return found[0] }
            if found.count > 1 { return nil }
        }
        return nil
    }

    private static func search(target: Int64, values: [Int64], from start: Int, size: Int, chosen: inout [Int], sum: Int64,
                               found: inout [[Int]]) {
        if found.count > 1 { return }
        if chosen.count == size {
            if sum == target { found.append(chosen) }
            return
        }
        guard start < values.count else { return }
        for index in start..<values.count {
            let (next, overflow) = sum.addingReportingOverflow(values[index])
            guard !overflow else { continue }
            // Same-sign values: once past the target, larger sets only go further.
            if (target > 0 && next > target) || (target < 0 && next < target) { continue }
            chosen.append(index)
            search(target: target, values: values, from: index + 1, size: size, chosen: &chosen, sum: next, found: &found)
            chosen.removeLast()
        }
    }
}
