import LedgerCore

/// The matching rules at work: what is matched so far, and each rule in turn.
struct MatchState {
    let bank: [BankLine]
    let ledger: [LedgerItem]
    let engine: MatchingEngine
    var bankDone: [Bool]
    var ledgerDone: [Bool]
    var matches: [BankMatch] = []
    var ambiguous: [AmbiguousMatch] = []
    var ambiguousBank = Set<Int>()
    /// Statement lines whose reference names a ledger line already matched (`setAsideSpent`).
    var spentBank = Set<Int>()
    /// The document references an open statement line lists, for those that list two or
    /// more (a batch, a remittance advice), normalised (`batchReferences` notes them).
    var listedReferences: [Int: Set<String>] = [:]
    /// Ledger positions in amount order (equal amounts in position order): the one-to-one
    /// rules find a bank amount's ledger lines as a range of this.
    private let byAmount: [Int32]
    /// The open ledger lines by reference key (`referenceKey`): sorting and bisecting integers
    /// stays in the cache where strings would not. Built when the first rule that needs it
    /// runs, over the ledger lines still open then: by that time the exact rule has
    /// matched most lines, and a matched line is never a candidate again.
    private var referenceKeys: [UInt64] = []
    private var byReference: [Int] = []
    let bankReferences: [String]
    private let ledgerReferences: [String]
    /// Packed references (`PackedReference`) in position order, and in amount order (as
    /// `bankByAmount` and `byAmount`).
    let bankPacked: [UInt64]
    private let ledgerPacked: [UInt64]
    private let bankPackedByAmount: [UInt64]
    private let ledgerPackedByAmount: [UInt64]
    /// Each line's day number and the ledger's amounts, as compact arrays: the rules look
    /// these up for candidates scattered over the whole ledger, and a million lines' structs
    /// (strings and all) do not fit in the cache where these do.
    let bankDays: [Int32]
    let ledgerDays: [Int32]
    let ledgerAmounts: [Int64]
    let bankAmounts: [Int64]
    /// Bank positions in amount order (equal amounts in position order).
    private let bankByAmount: [Int32]
    /// The positions in `byAmount` of the ledger lines with a bank line's amount, for the bank
    /// lines in amount order (`bankByAmount`) and in position order.
    private let rangesInAmountOrder: [Range<Int32>]
    private let sameAmountRanges: [Range<Int32>]

    init(bank: [BankLine], ledger: [LedgerItem], engine: MatchingEngine) {
        self.bank = bank
        self.ledger = ledger
        self.engine = engine
        bankDone = Array(repeating: false, count: bank.count)
        // Nearly every line ends up in a match: one allocation instead of a copy at every doubling.
        matches.reserveCapacity(bank.count)
        ledgerDone = Array(repeating: false, count: ledger.count)
        let bankSide = LineColumns(count: bank.count) { (bank[$0].amountMinor, bank[$0].bookingDate, bank[$0].reference) }
        let ledgerSide = LineColumns(count: ledger.count) { (ledger[$0].amountMinor, ledger[$0].date, ledger[$0].reference) }
        (bankAmounts, bankDays, bankReferences, bankPacked) = (bankSide.amounts, bankSide.days, bankSide.references, bankSide.packed)
        (ledgerAmounts, ledgerDays, ledgerReferences, ledgerPacked) = (ledgerSide.amounts, ledgerSide.days, ledgerSide.references, ledgerSide.packed)
        let ledgerSorted = RadixSort.sorted(ledgerAmounts, carrying: ledgerPacked)
        let bankSorted = RadixSort.sorted(bankAmounts, carrying: bankPacked)
        (byAmount, ledgerPackedByAmount) = (ledgerSorted.order, ledgerSorted.payload)
        (bankByAmount, bankPackedByAmount) = (bankSorted.order, bankSorted.payload)
        rangesInAmountOrder = Self.ranges(of: bankSorted.keys, in: ledgerSorted.keys)
        var ranges = [Range<Int32>](repeating: 0..<0, count: bank.count)
        for (rank, index) in bankByAmount.enumerated() { ranges[Int(index)] = rangesInAmountOrder[rank] }
        sameAmountRanges = ranges
    }

    /// For each of the sorted bank amounts, where it sits in the sorted ledger amounts (empty
    /// when no ledger line has it): one merge of the two lists, so no rule bisects a million
    /// keys a million times.
    private static func ranges(of amounts: [Int64], in keys: [Int64]) -> [Range<Int32>] {
        var ranges: [Range<Int32>] = []
        ranges.reserveCapacity(amounts.count)
        var start = 0, end = 0
        var previous: Int64?
        for amount in amounts {
            if amount != previous {
                start = end
                while start < keys.count, keys[start] < amount { start += 1 }
                end = start
                while end < keys.count, keys[end] == amount { end += 1 }
                previous = amount
            }
            ranges.append(Int32(start)..<Int32(end))
        }
        return ranges
    }

    func isAmbiguous(_ index: Int) -> Bool { ambiguousBank.contains(index) }

    private mutating func indexOpenReferences() {
        var open: [Int] = [], keys: [UInt64] = []
        for index in ledger.indices where !ledgerDone[index] && ledgerPacked[index] != PackedReference.empty {
            open.append(index)
            keys.append(Self.referenceKey(packed: ledgerPacked[index], ledgerReferences[index]))
        }
        let sorted = RadixSort.sorted(keys)
        byReference = sorted.order.map { open[Int($0)] }
        referenceKeys = sorted.keys
    }

    /// A packed reference is its own key: equal keys are equal references. One too long to
    /// pack is keyed by its FNV-1a hash with the top bit set (packed ones stay below 2^63),
    /// and a hit on it is confirmed on the string.
    static func referenceKey(packed: UInt64, _ reference: String) -> UInt64 {
        packed != PackedReference.unpacked ? packed : fnv1a(reference) | 1 << 63
    }

    /// The open ledger lines with this normalised reference (`packed` if known).
    private func withReference(_ reference: String, packed: UInt64? = nil) -> ArraySlice<Int> {
        guard !reference.isEmpty else { return [] }
        let key = Self.referenceKey(packed: packed ?? PackedReference.pack(reference), reference)
        let found = byReference[Self.equal(key, in: referenceKeys)]
        return key >> 63 == 0 ? found : found.filter { ledgerReferences[$0] == reference }[...]
    }

    static func fnv1a(_ text: String) -> UInt64 {
        var hash: UInt64 = 0xCBF2_9CE4_8422_2325
        for byte in text.utf8 { hash = (hash ^ UInt64(byte)) &* 0x0000_0100_0000_01B3 }
        return hash
    }

    /// The positions in `keys` (sorted) holding `value`.
    static func equal<Key: Comparable>(_ value: Key, in keys: [Key]) -> Range<Int> {
        var low = 0, high = keys.count
        while low < high {
            let middle = (low + high) / 2
            if keys[middle] < value { low = middle + 1 } else { high = middle }
        }
        var end = low
        while end < keys.count, keys[end] == value { end += 1 }
        return low..<end
    }

    private func days(_ bankIndex: Int, _ ledgerIndex: Int) -> Int {
        Int(abs(bankDays[bankIndex] - ledgerDays[ledgerIndex]))
    }

    /// Equal, or one of at least six characters found inside the other (the bank adds text).
    static func sameReference(_ a: String, _ b: String) -> Bool {
        guard !a.isEmpty, !b.isEmpty else { return false }
        return a == b || (b.utf8.count >= 6 && MatchingEngine.asciiContains(a, b, wholeNumbers: true))
            || (a.utf8.count >= 6 && MatchingEngine.asciiContains(b, a, wholeNumbers: true))
    }

    mutating func record(_ bank: [Int], _ ledger: [Int], rule: String, confidence: Int) {
        for index in bank { bankDone[index] = true }
        for index in ledger { ledgerDone[index] = true }
        matches.append(BankMatch(bank: MatchedLines(bank), ledger: MatchedLines(ledger), rule: rule, confidence: confidence))
    }

    /// One statement line to one ledger line, without an array for either.
    private mutating func record(bank: Int, ledger: Int, rule: String, confidence: Int) {
        bankDone[bank] = true
        ledgerDone[ledger] = true
        matches.append(BankMatch(bank: MatchedLines(one: bank), ledger: MatchedLines(one: ledger), rule: rule, confidence: confidence))
    }

    /// The ledger lines with the bank line's amount (matched or not), as positions in `byAmount`.
    private func sameAmount(as index: Int) -> Range<Int> {
        let range = sameAmountRanges[index]
        return Int(range.lowerBound)..<Int(range.upperBound)
    }

    /// Rule `exact`: same amount and the same reference; the nearest date wins. Both sides are
    /// taken in amount order, their packed references carried there by the sorts, so the
    /// ranges of same-amount ledger lines only move forward and a million lookups stream
    /// through memory instead of missing the cache at every step; dates are read only where
    /// two candidates compete, which is rare. Lines of different amounts never compete, and
    /// equal amounts keep their position order, so the matches are those of a pass in position
    /// order; they are recorded in position order.
    mutating func exact() {
        precondition(matches.isEmpty, "exact is the first rule: nothing is matched before it")
        var taken = [Bool](repeating: false, count: ledger.count)
        var chosen = [Int32](repeating: -1, count: bank.count)
        for rank in bankByAmount.indices {
            let reference = bankPackedByAmount[rank]
            guard reference != PackedReference.empty else { continue }
            let index = Int(bankByAmount[rank]), range = rangesInAmountOrder[rank]
            var best: (ledger: Int, position: Int)?
            for position in Int(range.lowerBound)..<Int(range.upperBound) where !taken[position] {
                let candidate = Int(byAmount[position])
                guard PackedReference.same(reference, ledgerPackedByAmount[position])
                        ?? Self.sameReference(bankReferences[index], ledgerReferences[candidate]) else { continue }
                // The nearest date wins, then the earlier ledger line.
                if let current = best, (days(index, current.ledger), current.ledger) < (days(index, candidate), candidate) { continue }
                best = (candidate, position)
            }
            if let best {
                taken[best.position] = true
                chosen[index] = Int32(best.ledger)
            }
        }
        for index in bank.indices where chosen[index] >= 0 {
            record(bank: index, ledger: Int(chosen[index]), rule: "exact", confidence: 990)
        }
    }

    /// Rule `amount-date`: same amount within the date window, and only one candidate.
    mutating func amountAndDate() {
        for index in bank.indices where !bankDone[index] && !spentBank.contains(index) {
            var candidates: [Int] = []
            for position in sameAmount(as: index) {
                let candidate = Int(byAmount[position])
                if !ledgerDone[candidate] && days(index, candidate) <= engine.dateWindowDays && byAmountAlone(index, candidate) {
                    candidates.append(candidate)
                }
            }
            if candidates.count == 1 {
                record([index], candidates, rule: "amount-date", confidence: 900)
            } else if candidates.count > 1 {
                ambiguous.append(AmbiguousMatch(bank: index, candidates: candidates, rule: "amount-date"))
                ambiguousBank.insert(index)
            }
        }
    }

    /// Rule `batch-references`: a bank line that lists the references it pays (a lockbox
    /// batch, a remittance advice) matches the open ledger lines with those references when
    /// they add up to it exactly.
    mutating func batchReferences() {
        indexOpenReferences()
        for index in bank.indices where !bankDone[index] {
            let text = bank[index].reference + " " + bank[index].description
            let tokens = text.split(whereSeparator: { $0 == " " || $0 == "," || $0 == ";" || $0 == "/" })
            guard tokens.count >= 2 else { continue }
            var chosen: [Int] = []
            var listed = Set<String>()
            defer { if listed.count >= 2 { listedReferences[index] = listed } }
            for token in tokens {
                let reference = MatchingEngine.normalise(String(token))
                guard reference.count >= 6 else { continue }
                if Self.isDocumentReference(reference) { listed.insert(reference) }
                let candidates = withReference(reference)
                let open = candidates.filter { !ledgerDone[$0] && !chosen.contains($0) && (ledgerAmounts[$0] > 0) == (bankAmounts[index] > 0) }
                if open.count == 1 { chosen.append(open[0]) }
            }
            // In 128 bits: a sum past 64 bits is simply not the bank amount, never a trap.
            guard chosen.count >= 2, chosen.reduce(Int128(0), { $0 + Int128(ledgerAmounts[$1]) }) == Int128(bankAmounts[index]) else { continue }
            ambiguousBank.remove(index)
            record([index], chosen, rule: "batch-references", confidence: 950)
        }
    }

    /// Whether a rule that goes by amount alone (`amount-date`, `many-to-one`, `one-to-many`)
    /// may pair this statement line with this ledger line. Not when the line is the bank's own
    /// charge or interest and the ledger line settles a receivable or payable or moves money
    /// between accounts (a fee of 85.81 is not the supplier payment of 85.81 still in
    /// transit); nor when the line lists the documents it pays and the ledger line's reference
    /// is not among them (a batch of four receipts that adds up to 4,690.93 is not a fifth
    /// receipt of 4,690.93).
    func byAmountAlone(_ bankIndex: Int, _ ledgerIndex: Int) -> Bool {
        if bank[bankIndex].kind != .transfer && ledger[ledgerIndex].balanceSheetCounterpart { return false }
        guard let listed = listedReferences[bankIndex] else { return true }
        return listed.contains(ledgerReferences[ledgerIndex])
    }

    /// A document number as a batch lists it: letters and digits both (an invoice, a credit
    /// note), not a word of the text and not a date or amount.
    static func isDocumentReference(_ normalised: String) -> Bool {
        normalised.utf8.contains { $0 >= UInt8(ascii: "0") && $0 <= UInt8(ascii: "9") }
            && normalised.utf8.contains { $0 >= UInt8(ascii: "A") && $0 <= UInt8(ascii: "Z") }
    }

    /// Rule `fuzzy-reference`: same amount, a reference within a few typing errors, within the
    /// date window. Without the window, at scale (references that differ in two digits of a
    /// sequence number, amounts that repeat) a receipt the bank credited on the 29th took last
    /// month's receipt of the same amount, dated the 29th of April and long in the opening
    /// balance, instead of being found booked on the 1st of the next month.
    mutating func fuzzyReference() {
        for index in bank.indices where !bankDone[index] && !spentBank.contains(index) && !bankReferences[index].isEmpty {
            let candidates = byAmount[sameAmount(as: index)].map(Int.init).filter {
                !ledgerDone[$0] && days(index, $0) <= engine.dateWindowDays
                    && MatchingEngine.editDistance(bankReferences[index], ledgerReferences[$0], limit: engine.maxEditDistance) <= engine.maxEditDistance
            }
            if candidates.count == 1 {
                ambiguousBank.remove(index)
                record([index], candidates, rule: "fuzzy-reference", confidence: 800)
            }
        }
    }

    /// Rule `amount-tolerance`: the same reference, an amount a little off (a bank charge
    /// deducted, a rounding): matched with low confidence; the difference is a finding.
    mutating func tolerance() {
        for index in bank.indices where !bankDone[index] && !ambiguousBank.contains(index) {
            let amount = bankAmounts[index]
            // In 128 bits: the largest amounts times the tolerance, or the difference of two
            // of them, do not fit in 64 (the trap of an Int64.max bank line).
            let allowed = max(1, UInt128(amount.magnitude) * UInt128(engine.tolerancePerMille) / 1000)
            let candidates = withReference(bankReferences[index], packed: bankPacked[index]).filter { candidate in
                !ledgerDone[candidate] && days(index, candidate) <= engine.dateWindowDays
                    && (ledgerAmounts[candidate] > 0) == (amount > 0)
                    && (Int128(ledgerAmounts[candidate]) - Int128(amount)).magnitude <= allowed
            }
            if candidates.count == 1 { record([index], candidates, rule: "amount-tolerance", confidence: 600) }
        }
    }
}
