import LedgerCore

/// What an agent prepared for one task of a close: entries to post (possibly none), period
/// changes, findings for a human, the evidence it used, and the task's impact on the trial
/// balance. Versioned: an override makes a new version. Codable with sorted keys, so the
/// same proposal always encodes, and hashes, to the same bytes.
public struct Proposal: Sendable, Hashable, Codable {
    /// The task, e.g. "cut-off" or "bank-reconciliation/DE01/1000".
    public var task: String
    public var taskKind: String
    /// Who prepared this version: "agent:<name>" for an agent, a user name for an override.
    public var preparedBy: String
    public var version: Int
    /// Plain-language explanation of what the proposal does and why.
    public var summary: String
    public var entries: [ProposedEntry]
    public var periodActions: [PeriodAction]
    public var findings: [Finding]
    /// Ids of the rows the agent used (entries, statement lines, rates...).
    public var evidence: [Evidence]
    public var impact: [ImpactRow]
    /// What the agent read, as the engine recorded it when the proposal was prepared: each
    /// scope of the books (an entity's entries, a bank account's statements, the rates...)
    /// with its state then. An approval is bound to it: if a scope changed before the
    /// approval commits, the approval is stale; if after, the step is decertified.
    /// Set by the engine, never by an agent or an override; nil in proposals stored before.
    public var inputs: [InputRead]?

    public init(task: String, taskKind: String, preparedBy: String, version: Int = 1, summary: String,
                entries: [ProposedEntry] = [], periodActions: [PeriodAction] = [], findings: [Finding] = [],
                evidence: [Evidence] = [], impact: [ImpactRow] = []) {
        self.task = task
        self.taskKind = taskKind
        self.preparedBy = preparedBy
        self.version = version
        self.summary = summary
        self.entries = entries
        self.periodActions = periodActions
        self.findings = findings
        self.evidence = evidence
        self.impact = impact
    }

    /// True when approving it changes nothing in the books.
    public var isEmpty: Bool { entries.isEmpty && periodActions.isEmpty }
}

/// One entry an agent proposes, with the rule that produced it and how sure the rule is.
public struct ProposedEntry: Sendable, Hashable, Codable {
    public var entity: String
    public var date: String
    public var description: String
    /// Unique per proposal task and version, so a replayed commit never posts twice.
    public var key: String
    public var lines: [ProposedLine]
    public var rule: String
    /// 0 ... 1000 (per mille): an integer, so the hash never depends on float formatting.
    public var confidence: Int
    public var explanation: String
    /// Set on entries that undo themselves: the day (YYYY-MM-DD, the first of the next
    /// period) on which the engine posts their reversal, when that period's close starts.
    public var reverseOn: String?

    public init(entity: String, date: String, description: String, key: String, lines: [ProposedLine],
                rule: String, confidence: Int, explanation: String, reverseOn: String? = nil) {
        self.reverseOn = reverseOn
        self.entity = entity
        self.date = date
        self.description = description
        self.key = key
        self.lines = lines
        self.rule = rule
        self.confidence = confidence
        self.explanation = explanation
    }
}

public struct ProposedLine: Sendable, Hashable, Codable {
    public var account: String
    public var currency: String
    /// Signed minor units: positive is a debit.
    public var amount: Int64
    public var functionalAmount: Int64?
    public var partner: String?
    public var reference: String
    public var description: String

    public init(account: String, currency: String, amount: Int64, functionalAmount: Int64? = nil,
                partner: String? = nil, reference: String = "", description: String = "") {
        self.account = account
        self.currency = currency
        self.amount = amount
        self.functionalAmount = functionalAmount
        self.partner = partner
        self.reference = reference
        self.description = description
    }
}

/// A change of period state the proposal asks for (cut-off soft-closes, lock closes).
public struct PeriodAction: Sendable, Hashable, Codable {
    public var entity: String
    public var period: String
    public var target: String

    public init(entity: String, period: String, target: PeriodState) {
        self.entity = entity
        self.period = period
        self.target = target.rawValue
    }
}

/// An exception a human should see.
public struct Finding: Sendable, Hashable, Codable {
    public enum Severity: String, Sendable, Codable { case info, warning, error }
    public var id: String
    public var severity: Severity
    public var message: String
    public var evidence: [Evidence]

    public init(id: String, severity: Severity, message: String, evidence: [Evidence] = []) {
        self.id = id
        self.severity = severity
        self.message = message
        self.evidence = evidence
    }
}

/// A row an agent looked at: its kind ("entry", "period", "statement-line", ...) and id.
public struct Evidence: Sendable, Hashable, Codable {
    public var kind: String
    public var id: String

    public init(kind: String, id: String) {
        self.kind = kind
        self.id = id
    }
}

/// How the task changes one trial-balance row: balance before and after, in the entity's
/// functional currency (signed minor units, debit positive).
public struct ImpactRow: Sendable, Hashable, Codable {
    public var entity: String
    public var account: String
    public var currency: String
    public var before: Int64
    public var after: Int64

    public init(entity: String, account: String, currency: String, before: Int64, after: Int64) {
        self.entity = entity
        self.account = account
        self.currency = currency
        self.before = before
        self.after = after
    }
}

/// One scope of the books a proposal read, and its state when it was read ("count/last id").
public struct InputRead: Sendable, Hashable, Codable {
    public var scope: String
    public var state: String

    public init(scope: String, state: String) {
        self.scope = scope
        self.state = state
    }
}
