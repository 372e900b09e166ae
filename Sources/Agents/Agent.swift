import Governance
import LedgerCore

/// A close agent: a pure function of a read-only ledger snapshot, the task and a context,
/// returning a proposal. It never writes and never approves: the engine commits what a
/// human approved. Same inputs, same proposal, byte for byte.
public protocol CloseAgent: Sendable {
    /// The name in `agent:<name>` and in the close template.
    var name: String { get }
    func prepare(_ task: AgentTask, snapshot: any LedgerSnapshot, context: AgentContext) throws -> Proposal
}

/// The task an agent prepares: its id, kind and scope.
public struct AgentTask: Sendable, Hashable {
    public var id: String
    public var kind: String
    /// Set for tasks scoped to an entity, a bank account or an entity pair.
    public var entity: String?
    public var account: String?
    public var partner: String?

    public init(id: String, kind: String, entity: String? = nil, account: String? = nil, partner: String? = nil) {
        self.id = id
        self.kind = kind
        self.entity = entity
        self.account = account
        self.partner = partner
    }
}

/// What an agent may know besides the books: the period, the policy, the other tasks'
/// states, seeded randomness and the run's clock. All injected, so a replay is identical.
public struct AgentContext: Sendable {
    public var period: PeriodID
    /// The policy in force for the run (thresholds an agent may use, e.g. for materiality).
    public var policy: Policy
    /// Every task of the run with its state ("pending", "proposed", "done", "rejected").
    public var taskStates: [String: String]
    public var seed: UInt64
    /// The run's simulated hour when the agent starts.
    public var hour: Int
    /// Done tasks whose inputs changed after their approval (decertified): the lock waits.
    public var decertified: [String]
    /// The findings of the approved version of each done task, by task id: what the lock
    /// checks for holes (an error finding is something a step could not do).
    public var approvedFindings: [String: [Finding]]

    public init(period: PeriodID, policy: Policy, taskStates: [String: String], seed: UInt64, hour: Int,
                decertified: [String] = [], approvedFindings: [String: [Finding]] = [:]) {
        self.period = period
        self.policy = policy
        self.taskStates = taskStates
        self.seed = seed
        self.hour = hour
        self.decertified = decertified
        self.approvedFindings = approvedFindings
    }
}

/// The read-only view of the ledger an agent works from.
public protocol LedgerSnapshot: Sendable {
    var group: GroupDefinition { get }
    func periodState(entity: String, period: PeriodID) throws -> PeriodState
    func trialBalance(entity: String, period: PeriodID) throws -> TrialBalance
    /// Imported statements of a bank account whose closing date falls in the period.
    func bankStatements(entity: String, account: String, period: PeriodID) throws -> [BankStatement]
    /// Posted lines on a bank account in the account's currency, dated in the range.
    func ledgerItems(entity: String, account: String, currency: Currency, from: CalendarDate, through: CalendarDate) throws -> [LedgerItem]
    /// The ledger balance of a bank account in its currency at the end of a day.
    func bankAccountBalance(entity: String, account: String, currency: Currency, through: CalendarDate) throws -> Int64
    /// Posted lines of an entity dated in the range, on `accounts` when given, in date order.
    func postedLines(entity: String, from: CalendarDate, through: CalendarDate, accounts: [String]?) throws -> [LedgerLine]
    /// An entity's balances at the end of a period per account and transaction currency, with
    /// their functional amounts (balance sheet since inception, revenue and expense year to date).
    func currencyBalances(entity: String, period: PeriodID) throws -> [CurrencyBalance]
    /// The rate of a type for a pair in the period (closing and average rates are dated on
    /// its last day): stored, inverse or cross via the group currency, and how it was found
    /// (`ConversionRate.derivation`); nil when the ledger has none of them.
    func rate(from: Currency, to: Currency, type: RateType, period: PeriodID) throws -> ConversionRate?
    /// The imported goods receipts of an entity dated in the period, by date and id.
    func goodsReceipts(entity: String, period: PeriodID) throws -> [GoodsReceipt]
}

/// The agents this build knows, by name.
public enum AgentRegistry {
    public static let all: [any CloseAgent] = [
        CutOffAgent(), BankReconciliationAgent(), AccrualsAgent(), ErrorResolutionAgent(), IntercompanyMatchingAgent(),
        FXRevaluationAgent(), ConsolidationAgent(), FluxReviewAgent(), FinalReviewAgent(), LockAgent(),
    ]

    public static func agent(named name: String) -> (any CloseAgent)? {
        all.first { $0.name == name }
    }
}
