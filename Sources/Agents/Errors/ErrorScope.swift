import Governance
import LedgerCore

/// What every error rule works from: the task, its entity and period, the accounts the
/// policy names, and the period's entries of the entity.
struct ErrorScope: Sendable {
    let task: AgentTask
    let entity: Entity
    let period: PeriodID
    let accounts: CloseAccounts
    let group: GroupDefinition
    /// The period's posted entries of the entity, in date order.
    let entries: [BookedEntry]
    let corrected: CorrectedEntries

    init(task: AgentTask, entity: Entity, period: PeriodID, accounts: CloseAccounts, group: GroupDefinition, entries: [BookedEntry]) {
        self.task = task
        self.entity = entity
        self.period = period
        self.accounts = accounts
        self.group = group
        self.entries = entries
        corrected = CorrectedEntries(entries)
    }

    /// Business entries of the period no earlier correction took care of: what the rules judge.
    var uncorrected: [BookedEntry] { entries.filter { $0.isBusiness && !corrected.contains($0) } }

    /// Corrections are dated in the period: on the day of what they correct when that day is
    /// in it (the books are right from that day on), else on the period's last day.
    func correctionDate(for date: CalendarDate) -> CalendarDate {
        date.period == period ? date : period.lastDay
    }

    /// Trade receivables, trade payables and suspense: the accounts the rules read beyond the
    /// period's entries (each once, in this order, whatever the policy names).
    var controlAccounts: [String] {
        var seen = Set<String>()
        return [accounts.tradeReceivables, accounts.tradePayables, accounts.suspense].filter { seen.insert($0).inserted }
    }

    /// The lines of `entity` on `wanted` (some of `controlAccounts`) dated from `from` through the
    /// period's end, in date order. Every rule takes them from one read of the entity's control
    /// accounts since the origin, which the snapshot keeps: the same lines in the same order as
    /// a read of their own, but read, and held, once for all the rules of the task and every
    /// task of the batch, instead of once per question.
    func controlLines(of entity: String, _ wanted: [String], from: CalendarDate = ErrorScope.origin,
                      snapshot: any LedgerSnapshot) throws -> [LedgerLine] {
        let all = try snapshot.postedLines(entity: entity, from: Self.origin, through: period.lastDay, accounts: controlAccounts)
        let wanted = Set(wanted)
        return all.filter { wanted.contains($0.account) && $0.date >= from }
    }

    func money(_ amount: Int64, _ currency: Currency) -> String {
        "\(Decimal10.format(amount, scale: currency.exponent)) \(currency)"
    }

    /// The earliest day the rules look back to: everything the ledger holds.
    static let origin = try! CalendarDate(year: 1, month: 1, day: 1)  // a valid date: cannot throw
}

/// What one rule found: entries to propose, findings for a human, the rows it used.
struct ErrorResult: Sendable {
    var entries: [ProposedEntry] = []
    var findings: [Finding] = []
    var evidence: [Evidence] = []
    /// One line per check for the proposal's summary.
    var notes: [String] = []

    mutating func add(_ other: ErrorResult) {
        entries += other.entries
        findings += other.findings
        evidence += other.evidence
        notes += other.notes
    }
}

extension Evidence {
    static func entry(_ entry: BookedEntry) -> Evidence { Evidence(kind: "entry", id: "\(entry.document) \(entry.key)") }
    static func line(_ line: LedgerLine) -> Evidence { Evidence(kind: "line", id: "\(line.document) \(line.account) \(line.reference)") }
}
