import LedgerCore

/// A journal line on a bank account, as the matcher sees it.
public struct LedgerItem: Sendable, Hashable {
    public var entryKey: String
    public var document: String
    public var date: CalendarDate
    /// Signed: positive is money in.
    public var amountMinor: Int64
    public var reference: String
    public var description: String
    /// The entry books its other side, at least in part, to a balance-sheet account (a
    /// receivable, a payable, another bank account): a settlement or a transfer. The bank's
    /// own charges and interest have their other side in profit and loss, so the rules that
    /// go by amount alone never pair such a statement line with such an item.
    public var balanceSheetCounterpart: Bool

    public init(entryKey: String, document: String, date: CalendarDate, amountMinor: Int64, reference: String, description: String,
                balanceSheetCounterpart: Bool = false) {
        self.entryKey = entryKey
        self.document = document
        self.date = date
        self.amountMinor = amountMinor
        self.reference = reference
        self.description = description
        self.balanceSheetCounterpart = balanceSheetCounterpart
    }
}

/// One match: statement lines and ledger lines that are the same money, with the rule that
/// found it and how sure it is (per mille).
public struct BankMatch: Sendable, Hashable {
    public var bank: MatchedLines
    public var ledger: MatchedLines
    public var rule: String
    public var confidence: Int
}

/// Candidates a rule could not choose between: never matched silently.
public struct AmbiguousMatch: Sendable, Hashable {
    public var bank: Int
    public var candidates: [Int]
    public var rule: String
}

/// The cascade of matching rules, each with an id shown in the evidence. Rules run in
/// order; each sees only what the earlier ones left unmatched. Pure and deterministic.
public struct MatchingEngine: Sendable {
    public static let rules = ["exact", "batch-references", "amount-date", "many-to-one", "one-to-many", "fuzzy-reference", "amount-tolerance"]

    /// Days between a bank date and a ledger date that still count as the same movement.
    public var dateWindowDays = 5
    /// The most lines one side of a many-to-one or one-to-many match may have.
    public var maxGroupSize = 6
    /// The most candidates a subset-sum search looks at (the nearest by date).
    public var maxCandidates = 16
    /// Largest edit distance of normalised references for a fuzzy match.
    public var maxEditDistance = 2
    /// Amount tolerance in per mille of the amount (with a matching reference).
    public var tolerancePerMille: Int64 = 10

    public init() {}

    public struct Result: Sendable {
        public var matches: [BankMatch] = []
        public var ambiguous: [AmbiguousMatch] = []
        public var unmatchedBank: [Int] = []
        public var unmatchedLedger: [Int] = []
    }

    /// `finished` is told the name of each step as it ends ("index", then each rule, then
    /// "result"): the benchmark times the steps with it.
    public func match(bank: [BankLine], ledger: [LedgerItem], finished: (String) -> Void = { _ in }) -> Result {
        var state = MatchState(bank: bank, ledger: ledger, engine: self)
        finished("index")
        state.exact()
        state.setAsideSpent()
        finished("exact")
        // Strongest evidence first: a batch that names every invoice it pays takes its lines
        // before a lone line of the same amount and a different reference can (at scale, two
        // receipts of 162.55 within five days are common).
        state.batchReferences()
        finished("batch-references")
        state.amountAndDate()
        finished("amount-date")
        state.groups(manyLedger: true)
        finished("many-to-one")
        state.groups(manyLedger: false)
        finished("one-to-many")
        state.fuzzyReference()
        finished("fuzzy-reference")
        state.tolerance()
        finished("amount-tolerance")
        defer { finished("result") }
        var result = Result()
        result.matches = state.matches
        // A line a later rule matched is no longer ambiguous.
        result.ambiguous = state.ambiguous.filter { state.isAmbiguous($0.bank) && !state.bankDone[$0.bank] }
        result.unmatchedBank = bank.indices.filter { !state.bankDone[$0] && !state.isAmbiguous($0) }
        result.unmatchedLedger = ledger.indices.filter { !state.ledgerDone[$0] }
        return result
    }
}
