import LedgerCore

/// Who may decide which close step (docs/governance.md): per task kind, the roles that may
/// approve and up to which amount, when two distinct approvers are needed, and how much an
/// agent may do alone. Amounts are minor units of the group currency, the currency the
/// policy was read in. Read from YAML by `PolicyFile`; the engine stores each version's text.
public struct Policy: Sendable, Hashable {
    /// The group currency: every amount of the policy is in it.
    public var currency: Currency
    public var defaults: TaskPolicy
    /// By task kind; each already merged over `defaults` (a task entry overrides only the
    /// keys it gives), so a lookup never has to merge.
    public var tasks: [String: TaskPolicy]
    /// Where the bank reconciliation books bank items the ledger lacks.
    public var reconciliation: ReconciliationRules
    /// The accounts the close's agents book to (revaluation, rounding, translation...).
    public var accounts: CloseAccounts
    /// When the flux review flags a change against the prior period.
    public var flux: FluxThresholds
    /// `signatures: required`: every human decision carries a signature by the decider's
    /// registered Ed25519 key, so a claimed name (`--as`) alone decides nothing.
    public var signaturesRequired = false

    public init(currency: Currency, defaults: TaskPolicy, tasks: [String: TaskPolicy] = [:],
                reconciliation: ReconciliationRules = ReconciliationRules(), accounts: CloseAccounts = CloseAccounts(),
                flux: FluxThresholds? = nil) {
        self.accounts = accounts
        self.flux = flux ?? FluxThresholds(absoluteMinor: 50_000 * currency.minorUnitsPerMajor, percent: 20)
        self.currency = currency
        self.defaults = defaults
        self.tasks = tasks
        self.reconciliation = reconciliation
    }

    /// The rule for a task kind: its own entry, else the defaults.
    public func rule(for taskKind: String) -> TaskPolicy { tasks[taskKind] ?? defaults }
}

/// The rule for one task kind.
public struct TaskPolicy: Sendable, Hashable {
    /// Roles that may approve, each up to a limit; never the auditor (the parser refuses it).
    public var approvers: [ApproverLimit]
    /// Above this amount two distinct users must approve the same version; nil: never.
    public var twoApproversAboveMinor: Int64?
    public var autonomy: Autonomy
    /// With `.postWithinLimits`: the agent posts without a human at or below this amount.
    public var postWithinMinor: Int64
    /// Simulated hours before an undecided proposal escalates to the next role up.
    public var decideWithinHours: Int

    public init(approvers: [ApproverLimit], twoApproversAboveMinor: Int64? = nil, autonomy: Autonomy = .propose,
                postWithinMinor: Int64 = 0, decideWithinHours: Int = 24) {
        self.approvers = approvers
        self.twoApproversAboveMinor = twoApproversAboveMinor
        self.autonomy = autonomy
        self.postWithinMinor = postWithinMinor
        self.decideWithinHours = decideWithinHours
    }

    /// The role's limit for this task kind, or nil when the policy does not name the role.
    public func limit(for role: Role) -> ApproverLimit? { approvers.first { $0.role == role } }

    /// True when the role is named and its limit covers the amount.
    public func mayApprove(_ role: Role, amountMinor: Int64) -> Bool {
        limit(for: role)?.covers(amountMinor) ?? false
    }

    /// "Above" is strict: at exactly the threshold one approver is enough.
    public func needsTwoApprovers(amountMinor: Int64) -> Bool {
        twoApproversAboveMinor.map { amountMinor > $0 } ?? false
    }
}

/// One role that may approve, up to an amount (inclusive).
public struct ApproverLimit: Sendable, Hashable {
    public var role: Role
    /// nil: no limit.
    public var upToMinor: Int64?

    public init(role: Role, upToMinor: Int64? = nil) {
        self.role = role
        self.upToMinor = upToMinor
    }

    public func covers(_ amountMinor: Int64) -> Bool { upToMinor.map { amountMinor <= $0 } ?? true }
}

/// How much an agent may do without a human (SAP's Closing Assistant dial). Every agent
/// starts at `propose`: a human decides every step.
public enum Autonomy: String, Sendable, Hashable, CaseIterable {
    /// Findings only: nothing the agent proposes is posted.
    case observe
    /// Every proposal waits for a human decision.
    case propose
    /// The agent posts alone at or below the policy's `post_within`; above it, as `propose`.
    case postWithinLimits = "post-within-limits"
}

extension Role {
    /// The ladder escalation climbs; the auditor is not on it (it decides nothing).
    public static let approvalLadder: [Role] = [.accountant, .controller, .cfo]
}

/// The rules by which the bank reconciliation proposes entries for what the bank knows and
/// the ledger does not: the account each kind of bank item goes to.
public struct ReconciliationRules: Sendable, Hashable {
    /// Bank charges (a `fee` line) go to this expense account.
    public var feeAccount: String
    /// Interest the bank credits (an `interest` line) goes to this account.
    public var interestAccount: String

    public init(feeAccount: String = "6400", interestAccount: String = "4200") {
        self.feeAccount = feeAccount
        self.interestAccount = interestAccount
    }
}

/// The accounts of the group chart the close's agents book to, named in the policy's
/// `accounts` section so a group with another chart can point them elsewhere.
public struct CloseAccounts: Sendable, Hashable {
    /// Unrealised gains and losses of the period-end revaluation.
    public var unrealisedFX = "7200"
    /// Differences left by rounding to a currency's minor unit.
    public var rounding = "7900"
    /// The cumulative translation adjustment (CTA) of the consolidation.
    public var translation = "3200"
    /// What elimination cannot clear between partners, with the reason codes of matching.
    public var intercompanyDifference = "7950"
    /// The clearing account that must be empty at the lock.
    public var suspense = "9999"
    /// Where accruals are credited until the invoice arrives.
    public var accruedLiabilities = "2100"
    /// The control accounts of the customer and supplier open items (the subledgers the
    /// error resolution ties out, and where it re-posts what was left on suspense).
    public var tradeReceivables = "1100"
    public var tradePayables = "2000"
    /// Where a correction moves what one entity paid for another (with the partner), and
    /// each other's mirror when the intercompany matching books a missing counterpart.
    public var intercompanyReceivable = "1150"
    public var intercompanyPayable = "2150"
    /// Intercompany charges: the matching books one as the mirror of the other.
    public var intercompanyRevenue = "4100"
    public var intercompanyExpense = "6500"
    /// Interest income and expense: lines on them that share an entry with an intercompany
    /// line (loan interest) are intercompany with that line's partner and are eliminated.
    public var interestIncome = "4200"
    public var interestExpense = "7000"

    public init() {}

    /// The partner's account for each intercompany account the matching may mirror: the
    /// receivable books against the payable, revenue against expense, both ways.
    public var intercompanyMirrors: [String: String] {
        [intercompanyReceivable: intercompanyPayable, intercompanyPayable: intercompanyReceivable,
         intercompanyRevenue: intercompanyExpense, intercompanyExpense: intercompanyRevenue]
    }
}

/// The flux review flags an account whose change against the prior period is at least
/// `absoluteMinor` (group currency) and at least `percent` of the prior figure.
public struct FluxThresholds: Sendable, Hashable {
    public var absoluteMinor: Int64
    public var percent: Int

    public init(absoluteMinor: Int64, percent: Int) {
        self.absoluteMinor = absoluteMinor
        self.percent = percent
    }
}
