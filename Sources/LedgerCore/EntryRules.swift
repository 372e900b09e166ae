/// Looks up the rate to convert one currency into another on a date: stored, inverse or cross
/// (`RateResolver`).
public typealias RateLookup = (_ from: Currency, _ to: Currency, _ date: CalendarDate) throws(LedgerError) -> ConversionRate

/// The checks an entry must pass before it may be posted (DESIGN.md §3, invariants 1, 2, 3, 6),
/// and the settling of functional amounts from rates. Pure: the store supplies rates and
/// checks what needs the database (periods, numbering, idempotency).
public struct EntryRules: Sendable {
    public let group: GroupDefinition
    private let entities: [String: Entity]
    private let accounts: [String: Account]
    /// Positions in the group's lists, handed to the store so it can key its per-line
    /// bookkeeping by integers instead of hashing strings again.
    private let entityIndex: [String: Int]
    private let accountIndex: [String: Int]

    /// Idempotency keys the ledger gives its own entries (reversals) start with this, and
    /// no submitted entry may, so that no import can take a reversal's key.
    public static let reservedKeyPrefix = "@"

    public init(group: GroupDefinition) {
        self.group = group
        self.entities = Dictionary(group.entities.map { ($0.code, $0) }, uniquingKeysWith: { a, _ in a })
        self.accounts = Dictionary(group.accounts.map { ($0.code, $0) }, uniquingKeysWith: { a, _ in a })
        self.entityIndex = Dictionary(group.entities.enumerated().map { ($1.code, $0) }, uniquingKeysWith: { a, _ in a })
        self.accountIndex = Dictionary(group.accounts.enumerated().map { ($1.code, $0) }, uniquingKeysWith: { a, _ in a })
    }

    public func entity(_ code: String) -> Entity? { entities[code] }
    public func account(_ code: String) -> Account? { accounts[code] }

    /// Validates `draft` and settles every line's functional amount.
    /// Errors name the line (1-based within the entry) and the field.
    public func resolve(_ draft: JournalEntryDraft, rates: RateLookup) throws(LedgerError) -> ResolvedEntry {
        guard let entity = entities[draft.entity] else {
            throw LedgerError(.unknownEntity, "unknown entity '\(draft.entity)'", at: SourceLocation(field: "entity"))
        }
        guard !draft.idempotencyKey.isEmpty else {
            throw LedgerError(.invalidEntry, "an entry needs an idempotency key", at: SourceLocation(field: "entry_id"))
        }
        guard draft.source == .reversal || !draft.idempotencyKey.hasPrefix(EntryRules.reservedKeyPrefix) else {
            throw LedgerError(.invalidEntry, "entry_id '\(draft.idempotencyKey)' starts with '\(EntryRules.reservedKeyPrefix)', which the ledger keeps for the entries it makes itself", at: SourceLocation(field: "entry_id"))
        }
        try SafeText.check(draft.idempotencyKey, field: "entry_id")
        try SafeText.check(draft.description, field: "description")
        // Invariant 1: at least two lines, none zero.
        guard draft.lines.count >= 2 else {
            throw LedgerError(.invalidEntry, "entry '\(draft.idempotencyKey)' has \(draft.lines.count) line(s); an entry needs at least two")
        }
        var accountIndices: [Int] = []
        accountIndices.reserveCapacity(draft.lines.count)
        for (index, line) in draft.lines.enumerated() {
            accountIndices.append(try checkLine(line, index: index, entity: entity))
        }
        try Self.checkDebitTotals(draft.lines.lazy.map { ($0.currency, $0.amountMinor) }, key: draft.idempotencyKey)
        let entityIndex = self.entityIndex[entity.code] ?? -1
        if let resolved = try resolveInFunctionalCurrency(draft, entity: entity, entityIndex: entityIndex, accountIndices: accountIndices) {
            return resolved
        }
        // Invariant 2, transaction currency: each currency balances on its own.
        var totals: [Currency: Int64] = [:]
        for line in draft.lines {
            totals[line.currency] = try Checked.add(totals[line.currency, default: 0], line.amountMinor)
        }
        for (currency, total) in totals.sorted(by: { $0.key < $1.key }) where total != 0 {
            throw LedgerError(.unbalanced, "entry '\(draft.idempotencyKey)' does not balance in \(currency): debits and credits differ by \(Money(minorUnits: total, currency: currency)); currencies are never netted against each other")
        }
        let functional = try settleFunctionalAmounts(draft, functional: entity.currency, rates: rates)
        for (index, amount) in functional.enumerated() {
            do {
                try AmountLimit.check(amount, entity.currency, what: "the functional amount")
            } catch {
                throw LedgerError(error.code, "entry line \(index + 1): \(error.message)", at: SourceLocation(field: "amount"), entryLineIndex: index)
            }
        }
        try Self.checkDebitTotals(functional.lazy.map { (entity.currency, $0) }, key: draft.idempotencyKey, functional: true)
        // Invariant 2, functional currency.
        let functionalTotal = try Checked.sum(functional)
        guard functionalTotal == 0 else {
            throw LedgerError(.unbalanced, "entry '\(draft.idempotencyKey)' does not balance in functional currency \(entity.currency): off by \(Money(minorUnits: functionalTotal, currency: entity.currency))")
        }
        let lines = draft.lines.indices.map { index in
            let line = draft.lines[index]
            return ResolvedLine(account: line.account, currency: line.currency, amountMinor: line.amountMinor,
                                functionalMinor: functional[index], partner: line.partner,
                                reference: line.reference, description: line.description, accountIndex: accountIndices[index])
        }
        return ResolvedEntry(entity: entity, date: draft.date, description: draft.description,
                             source: draft.source, idempotencyKey: draft.idempotencyKey, lines: lines, entityIndex: entityIndex)
    }

    /// The common case, without dictionaries: every line in the entity's currency, so the
    /// functional amount is the amount and one sum checks invariant 2 in both currencies.
    private func resolveInFunctionalCurrency(_ draft: JournalEntryDraft, entity: Entity, entityIndex: Int,
                                             accountIndices: [Int]) throws(LedgerError) -> ResolvedEntry? {
        var total: Int64 = 0
        for line in draft.lines {
            guard line.currency == entity.currency else { return nil }
            total = try Checked.add(total, line.amountMinor)
        }
        guard total == 0 else {
            throw LedgerError(.unbalanced, "entry '\(draft.idempotencyKey)' does not balance in \(entity.currency): debits and credits differ by \(Money(minorUnits: total, currency: entity.currency))")
        }
        let lines = draft.lines.indices.map { index in
            let line = draft.lines[index]
            return ResolvedLine(account: line.account, currency: line.currency, amountMinor: line.amountMinor,
                                functionalMinor: line.amountMinor, partner: line.partner,
                                reference: line.reference, description: line.description, accountIndex: accountIndices[index])
        }
        return ResolvedEntry(entity: entity, date: draft.date, description: draft.description,
                             source: draft.source, idempotencyKey: draft.idempotencyKey, lines: lines, entityIndex: entityIndex)
    }

    /// Checks one line and returns its account's position in the chart.
    private func checkLine(_ line: EntryLine, index: Int, entity: Entity) throws(LedgerError) -> Int {
        let lineNumber = index + 1
        func fail(_ code: LedgerError.Code, _ message: String, _ field: String) -> LedgerError {
            LedgerError(code, "entry line \(lineNumber): \(message)", at: SourceLocation(field: field), entryLineIndex: index)
        }
        guard let accountIndex = accountIndex[line.account] else {
            throw fail(.unknownAccount, "unknown account '\(line.account)'", "account")
        }
        let account = group.accounts[accountIndex]
        guard !account.isClosed else { throw fail(.invalidEntry, "account \(account.code) is closed", "account") }
        guard line.amountMinor != 0 else { throw fail(.invalidAmount, "amount is zero", "amount") }
        do {
            try AmountLimit.check(line.amountMinor, line.currency)
            try SafeText.check(line.reference, field: "reference")
            try SafeText.check(line.description, field: "description")
        } catch {
            throw fail(error.code, error.message, error.location?.field ?? "amount")
        }
        if let functional = line.functionalMinor {
            do {
                try AmountLimit.check(functional, entity.currency, what: "functional amount")
            } catch {
                throw fail(error.code, error.message, "functional_amount")
            }
            guard functional != 0, (functional > 0) == (line.amountMinor > 0) else {
                throw fail(.invalidAmount, "functional amount \(functional) must be non-zero with the sign of the amount", "functional_amount")
            }
            if line.currency == entity.currency, functional != line.amountMinor {
                throw fail(.invalidAmount, "functional amount differs from the amount in the functional currency \(entity.currency)", "functional_amount")
            }
        }
        if let partner = line.partner {
            guard entities[partner] != nil else { throw fail(.unknownEntity, "unknown partner entity '\(partner)'", "partner") }
            guard partner != entity.code else {
                throw fail(.invalidEntry, "partner \(partner) is the entry's own entity", "partner")
            }
        } else if account.isIntercompany {
            throw fail(.missingPartner, "account \(account.code) is intercompany and needs a partner entity", "partner")
        }
        return accountIndex
    }

    /// An entry moves at most `AmountLimit.maximum` per currency: its debits (and so its
    /// credits, once it balances) add up to no more, so no sum over one entry can overflow.
    private static func checkDebitTotals(_ lines: some Sequence<(Currency, Int64)>, key: String,
                                         functional: Bool = false) throws(LedgerError) {
        // A short list, not a dictionary: an entry has one or two currencies, and this runs
        // for every entry of a million-line import.
        var debits: [(currency: Currency, total: Int64)] = []
        for (currency, amount) in lines where amount > 0 {
            let slot = debits.firstIndex { $0.currency == currency } ?? {
                debits.append((currency, 0))
                return debits.count - 1
            }()
            // Each amount is within the maximum, so the sum of two never overflows.
            let total = debits[slot].total + amount
            guard total <= AmountLimit.maximum else {
                let side = functional ? "functional debits" : "debits"
                throw LedgerError(.invalidAmount, "entry '\(key)': its \(side) in \(currency) add up to more than the largest amount the ledger accepts, \(AmountLimit.describe(in: currency)); split it into several entries",
                                  at: SourceLocation(field: "amount"))
            }
            debits[slot].total = total
        }
    }

    /// Lines in the functional currency keep their amount; a line with an explicit functional
    /// amount keeps it. Foreign lines without one are converted at the rate of the entry's
    /// date: per currency, the debit total and the credit total are each converted once
    /// (half-even) and spread over their lines by largest remainder, so a balanced currency
    /// group stays balanced in the functional currency without a rounding line.
    private func settleFunctionalAmounts(_ draft: JournalEntryDraft, functional: Currency,
                                         rates: RateLookup) throws(LedgerError) -> [Int64] {
        var result = draft.lines.map { $0.currency == functional ? $0.amountMinor : $0.functionalMinor ?? 0 }
        let pending = draft.lines.indices.filter { draft.lines[$0].currency != functional && draft.lines[$0].functionalMinor == nil }
        guard !pending.isEmpty else { return result }
        let byCurrency = Dictionary(grouping: pending, by: { draft.lines[$0].currency })
        for (currency, indices) in byCurrency.sorted(by: { $0.key < $1.key }) {
            let rate = try rates(currency, functional, draft.date)
            for debit in [true, false] {
                let side = indices.filter { (draft.lines[$0].amountMinor > 0) == debit }
                guard !side.isEmpty else { continue }
                let magnitudes = side.map { draft.lines[$0].amountMinor.magnitude }
                var total: Int64 = 0
                for magnitude in magnitudes {
                    guard let value = Int64(exactly: magnitude) else { throw LedgerError(.overflow, "amount overflow") }
                    total = try Checked.add(total, value)
                }
                let converted = try rate.convert(total, from: currency, to: functional)
                let parts = Rounding.allocate(converted, proportionalTo: magnitudes.map { Int64($0) })
                for (index, part) in zip(side, parts) {
                    guard part != 0 else {
                        throw LedgerError(.invalidAmount, "entry line \(index + 1): \(Money(minorUnits: draft.lines[index].amountMinor, currency: currency)) is worth less than one minor unit of \(functional) at rate \(rate); give its functional amount explicitly", at: SourceLocation(field: "amount"), entryLineIndex: index)
                    }
                    result[index] = debit ? part : -part
                }
            }
        }
        return result
    }
}
