/// Where an entry came from. Soft-closed periods accept close-process (agent) postings only.
public enum EntrySource: Sendable, Hashable, CustomStringConvertible {
    case fileImport
    case manual
    case reversal
    case agent(String)

    public init(parsing text: String) throws(LedgerError) {
        switch text {
        case "import": self = .fileImport
        case "manual": self = .manual
        case "reversal": self = .reversal
        default:
            guard text.hasPrefix("agent:"), text.count > 6 else {
                throw LedgerError(.invalidEntry, "unknown entry source '\(SafeText.excerpt(text, limit: 40))' (import, manual, reversal or agent:<name>)")
            }
            self = .agent(String(text.dropFirst(6)))
        }
    }

    public var description: String {
        switch self {
        case .fileImport: "import"
        case .manual: "manual"
        case .reversal: "reversal"
        case .agent(let name): "agent:\(name)"
        }
    }

    public var isCloseProcess: Bool {
        if case .agent = self { return true }
        return false
    }
}

/// One line of an entry as submitted: a signed amount (positive = debit) in its
/// transaction currency, and optionally the functional amount when the caller knows it.
public struct EntryLine: Sendable, Hashable {
    public var account: String
    public var currency: Currency
    public var amountMinor: Int64
    public var functionalMinor: Int64?
    public var partner: String?
    public var reference: String
    public var description: String

    public init(account: String, currency: Currency, amountMinor: Int64, functionalMinor: Int64? = nil,
                partner: String? = nil, reference: String = "", description: String = "") {
        self.account = account
        self.currency = currency
        self.amountMinor = amountMinor
        self.functionalMinor = functionalMinor
        self.partner = partner
        self.reference = reference
        self.description = description
    }
}

/// An entry before posting: it has no document number yet.
public struct JournalEntryDraft: Sendable, Hashable {
    public var entity: String
    public var date: CalendarDate
    public var description: String
    public var source: EntrySource
    /// Posts at most once; the same key with a different payload is refused.
    public var idempotencyKey: String
    public var lines: [EntryLine]

    public init(entity: String, date: CalendarDate, description: String, source: EntrySource,
                idempotencyKey: String, lines: [EntryLine]) {
        self.entity = entity
        self.date = date
        self.description = description
        self.source = source
        self.idempotencyKey = idempotencyKey
        self.lines = lines
    }
}

/// A line whose functional amount is settled: what the store writes.
public struct ResolvedLine: Sendable, Hashable {
    public var account: String
    public var currency: Currency
    public var amountMinor: Int64
    public var functionalMinor: Int64
    public var partner: String?
    public var reference: String
    public var description: String
    /// The account's position in the group's chart (-1 when unknown).
    public var accountIndex: Int

    public init(account: String, currency: Currency, amountMinor: Int64, functionalMinor: Int64,
                partner: String?, reference: String, description: String, accountIndex: Int = -1) {
        self.accountIndex = accountIndex
        self.account = account
        self.currency = currency
        self.amountMinor = amountMinor
        self.functionalMinor = functionalMinor
        self.partner = partner
        self.reference = reference
        self.description = description
    }
}

/// An entry that satisfies invariants 1-3 and 6: ready to post.
public struct ResolvedEntry: Sendable, Hashable {
    public var entity: Entity
    public var date: CalendarDate
    public var description: String
    public var source: EntrySource
    public var idempotencyKey: String
    public var lines: [ResolvedLine]
    /// The entity's position in the group's list of entities.
    public var entityIndex: Int
}
