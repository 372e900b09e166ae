import Agents
import Governance
import LedgerCore
import LedgerStore

/// How a run of `close run` ended.
public enum RunOutcome: Sendable, Equatable {
    /// The lock task is done: the period is closed for every entity.
    case closed
    /// Stopped at steps that wait for a human decision (listed).
    case waiting([WaitingTask])
    /// A rejected step stops the tasks after it; the period stays open.
    case blocked(rejected: [String])
}

/// A step waiting for a human: who may decide it.
public struct WaitingTask: Sendable, Equatable {
    public var task: String
    public var version: Int
    public var route: String
    public var summary: String
}

/// One line of progress, shown live on a terminal or printed as JSON (one per line).
public struct CloseEvent: Sendable, Codable, Equatable {
    public var event: String
    public var task: String?
    public var version: Int?
    public var user: String?
    public var hour: Int
    public var message: String
}

/// What a human (or a script standing in for one) does with a proposal.
public enum HumanChoice: Sendable {
    case decide(DecisionKind, user: String, reason: String, afterHours: Int, secondUser: String?)
    /// Edits the proposal: `edited` becomes the next version, prepared by `user`.
    case override(user: String, reason: String, edited: Proposal, afterHours: Int)
    /// Nobody decides now: the step waits.
    case wait
    /// Stop asking: the run pauses here.
    case quit
}

/// A proposal waiting for a decision, with everything a decider needs to see.
public struct PendingDecision: Sendable {
    public var task: CloseTaskRecord
    public var proposal: Proposal
    public var record: ProposalRecord
    public var route: Route
    public var amountMinor: Int64
    public var currency: Currency
    public var approvals: [DecisionRecord]
    /// Every decision of this version when it was read (a decision landing since is a conflict).
    public var decisionsSeen: Int = 0
}

public protocol DecisionSource {
    mutating func choose(_ pending: PendingDecision) throws -> HumanChoice
    /// After a refused decision: true to ask again (a person can correct it), false to stop.
    mutating func mayRetry(after error: LedgerError) -> Bool
}

extension DecisionSource {
    public mutating func mayRetry(after error: LedgerError) -> Bool { false }
}

/// Asks nobody: every step waits (a run without a terminal and without a decisions file).
public struct NoDecisions: DecisionSource {
    public init() {}
    public mutating func choose(_ pending: PendingDecision) throws -> HumanChoice { .wait }
}

/// Runs the close of one period: expands the template, has agents prepare every task
/// whose dependencies are done, routes each proposal, takes decisions, and commits what
/// was approved through the store, one transaction per step. Every step is stored, so a
/// run started again resumes where the last one stopped and never commits twice.
public struct CloseRunner {
    public let store: LedgerStore
    public let period: PeriodID
    public let seed: UInt64
    public var events: (CloseEvent) -> Void
    /// Called with a task's id as its agent starts preparing it: progress for a person waiting
    /// on a long preparation. Not an event: nothing is recorded or printed on standard output.
    public var preparing: (String) -> Void = { _ in }
    /// Signs the decisions of this runner's person (`decide` with a key); nil: unsigned.
    public var signer: DecisionSigner?
    /// The latest proposal of each task as decoded, reused while its stored payload is unchanged.
    let decoded = DecodedProposals()

    public init(store: LedgerStore, period: PeriodID, seed: UInt64 = 0, events: @escaping (CloseEvent) -> Void = { _ in }) {
        self.store = store
        self.period = period
        self.seed = seed
        self.events = events
    }

    /// The run of the period, started with `template` if there is none yet. Before a new run
    /// starts, the entries earlier closes scheduled to reverse in this period are reversed
    /// (`ScheduledReversals`), while the period is still open; a crash in between repeats only
    /// what is missing, because the run does not exist until they are all posted.
    public func prepareRun(template: CloseTemplate, actor: String, owner: String) throws -> CloseRunRecord {
        if let run = try store.closeRun(period: period) { return run }
        let reversals = try ScheduledReversals(store: store, period: period).post(actor: actor)
        if !reversals.isEmpty {
            emit("entries.reversed", user: actor,
                 message: "\(reversals.count) scheduled reversal(s) of earlier closes' entries posted: \(reversals.map(\.document).joined(separator: ", "))")
        }
        let policyVersion = try store.storeDefaultPolicy(PolicyFile.defaultText)
        let tasks = try template.expand(for: store.group)
        let pinned = try Self.policy(version: policyVersion, store: store)
        // A run that could never be approved to the end is refused before it starts.
        if let problem = PolicySatisfiability.problem(pinned, group: store.group, taskKinds: tasks.map(\.kind)) {
            throw LedgerError(.notPermitted, "the close of \(period) cannot start under policy v\(policyVersion): \(problem)")
        }
        let run = try store.startRun(period: period, template: template.text, tasks: tasks,
                                     policyVersion: policyVersion, actor: actor, owner: owner)
        emit("run.started", message: "close of \(period) started: \(try store.tasks(of: run).count) tasks, policy v\(policyVersion)")
        return run
    }

    /// The policy the run pinned when it started: it decides the whole run, whatever
    /// versions are stored later (a later version applies to the next close).
    public func policy(of run: CloseRunRecord) throws -> Policy {
        try Self.policy(version: run.policyVersion, store: store)
    }

    static func policy(version: Int, store: LedgerStore) throws -> Policy {
        try PolicyFile.parse(try store.policy(version: version), file: "policy v\(version)", currency: store.group.currency)
    }

    /// Runs until the period is locked, every remaining step waits for a human, or a
    /// rejection blocks the rest.
    public func run(_ run: CloseRunRecord, decider: inout some DecisionSource) throws -> RunOutcome {
        let policy = try policy(of: run)
        var quit = false
        while true {
            // Approvals stay bound to what they read: steps whose books changed go back.
            var progress = try recertify(run, policy: policy)
            // The tasks ready together read the books once: preparing writes no entry.
            let books = MemoizedSnapshot(StoreSnapshot(store: store), keepsWholeBooks: false)
            for task in try readyTasks(run) {
                try prepare(task, run: run, policy: policy, books: books)
                progress = true
            }
            if !quit {
                for task in try store.tasks(of: run) where task.state == .proposed {
                    let pending = try pendingDecision(task, run: run, policy: policy)
                    if try postWithinLimits(pending, run: run, policy: policy) {
                        progress = true
                        continue
                    }
                    // A refused decision (not permitted, no reason...) goes back to a decider
                    // that can try again, such as a person at the terminal; a script stops.
                    while true {
                        do {
                            switch try decider.choose(try pendingDecision(task, run: run, policy: policy)) {
                            case .wait: break
                            case .quit: quit = true
                            case let .decide(kind, user, reason, afterHours, secondUser):
                                let current = try pendingDecision(task, run: run, policy: policy)
                                if kind == .approve, let notReady = Self.notReadyLock(current) {
                                    // Nobody can approve a lock over holes: it waits for the holes
                                    // to be fixed (then it is prepared again) or for an override.
                                    emit("lock.not-ready", task: task.task, version: current.record.version, user: user,
                                         message: notReady)
                                    break
                                }
                                progress = try apply(kind, user: user, reason: reason, afterHours: afterHours, current, run: run, policy: policy)
                                    || progress
                                if let secondUser, try store.tasks(of: run).first(where: { $0.task == task.task })?.state == .proposed {
                                    let again = try pendingDecision(task, run: run, policy: policy)
                                    progress = try apply(kind, user: secondUser, reason: reason, afterHours: afterHours, again, run: run, policy: policy)
                                        || progress
                                }
                            case let .override(user, reason, edited, afterHours):
                                try override(try pendingDecision(task, run: run, policy: policy), user: user, reason: reason, edited: edited,
                                             afterHours: afterHours, run: run, policy: policy)
                                progress = true
                            }
                            break
                        } catch let error as LedgerError where decider.mayRetry(after: error) {
                            continue
                        }
                    }
                    if quit { break }
                }
            }
            if !progress { break }
        }
        return try outcome(run)
    }

    /// The run's state now, closing it when the lock is done.
    public func outcome(_ run: CloseRunRecord) throws -> RunOutcome {
        let tasks = try store.tasks(of: run)
        if tasks.allSatisfy({ $0.state == .done }) {
            if try store.closeRun(period: period)?.isClosed == false {
                try store.finishRun(run, actor: "system")
                emit("run.closed", hour: tasks.compactMap(\.doneAtHour).max() ?? 0,
                     message: "the close of \(period) is done: every task approved, the period locked")
            }
            return .closed
        }
        let rejected = tasks.filter { $0.state == .rejected }.map(\.task)
        let waiting = try tasks.filter { $0.state == .proposed }.map { task in
            let record = try latestProposal(task.task, run: run)
            return WaitingTask(task: task.task, version: record.version, route: try ProposalCodec.decodeRoute(record.route).description,
                               summary: try decoded.proposal(record).summary)
        }
        if !waiting.isEmpty { return .waiting(waiting) }
        return .blocked(rejected: rejected)
    }

    // MARK: Steps

    private func readyTasks(_ run: CloseRunRecord) throws -> [CloseTaskRecord] {
        let tasks = try store.tasks(of: run)
        let done = Set(tasks.filter { $0.state == .done }.map(\.task))
        return tasks.filter { $0.state == .pending && $0.dependsOn.allSatisfy(done.contains) }
    }

    /// The agent prepares version 1; the router names who may decide it.
    /// The agent prepares the next version (1, or the one after a stale or decertified
    /// one), reading through a recorder so the proposal carries the state of what it read.
    private func prepare(_ task: CloseTaskRecord, run: CloseRunRecord, policy: Policy, books: any LedgerSnapshot) throws {
        guard let agent = AgentRegistry.agent(named: task.agent) else {
            throw LedgerError(.databaseState, "task \(task.task) names agent '\(task.agent)', which this build does not have")
        }
        preparing(task.task)
        let tasks = try store.tasks(of: run)
        let ready = max(readyHour(task, tasks: tasks), try lastHour(of: task.task, run: run))
        var context = AgentContext(period: period, policy: policy, taskStates: Dictionary(uniqueKeysWithValues: tasks.map { ($0.task, $0.state.rawValue) }),
                                   seed: seed, hour: ready)
        if task.kind == "lock" {
            context.decertified = try decertified(run).keys.sorted()
            context.approvedFindings = try approvedFindings(run, tasks: tasks)
        }
        let recorder = RecordingSnapshot(books)
        var proposal = try agent.prepare(agentTask(task), snapshot: recorder, context: context)
        proposal.version = (try store.proposals(of: run, task: task.task).map(\.version).max() ?? 0) + 1
        proposal.inputs = try InputBinding(store: store, period: period).reads(recorder.read)
        if policy.rule(for: task.kind).autonomy == .observe, !proposal.isEmpty {
            // Observe: the agent reports; what it would have changed stays out of the proposal.
            proposal.summary = "[observe: \(proposal.entries.count) entries and \(proposal.periodActions.count) period changes not proposed] " + proposal.summary
            proposal.entries = []
            proposal.periodActions = []
        }
        try save(proposal, run: run, policy: policy, readyAtHour: ready)
        emit("task.prepared", task: task.task, version: proposal.version, hour: ready, message: proposal.summary)
    }

    /// The latest simulated hour of anything decided on a task (0 when nothing was): a task
    /// prepared again is ready no earlier than that.
    private func lastHour(of task: String, run: CloseRunRecord) throws -> Int {
        let decided = try store.decisions(of: run).filter { $0.task == task }.map(\.atHour).max() ?? 0
        let prepared = try store.proposals(of: run, task: task).map(\.readyAtHour).max() ?? 0
        return max(decided, prepared)
    }

    private func save(_ proposal: Proposal, run: CloseRunRecord, policy: Policy, readyAtHour: Int) throws {
        try store.saveProposal(try record(proposal, policy: policy, readyAtHour: readyAtHour), of: run)
    }

    /// The stored form of a proposal: sized in the group currency, routed, encoded.
    private func record(_ proposal: Proposal, policy: Policy, readyAtHour: Int) throws -> ProposalRecord {
        let amount = try GroupAmount(store: store).of(proposal)
        let route = ApprovalRouter.route(proposal, amountMinor: amount, currency: store.group.currency, policy: policy, group: store.group)
        return ProposalRecord(task: proposal.task, version: proposal.version, preparedBy: proposal.preparedBy,
                              payload: try ProposalCodec.encode(proposal), route: try ProposalCodec.encode(route), readyAtHour: readyAtHour)
    }

    /// A task is ready when its last dependency is done, plus its own preparation hours.
    private func readyHour(_ task: CloseTaskRecord, tasks: [CloseTaskRecord]) -> Int {
        let after = tasks.filter { task.dependsOn.contains($0.task) }.compactMap(\.doneAtHour).max() ?? 0
        return after + task.hours
    }

    func agentTask(_ task: CloseTaskRecord) -> AgentTask {
        let parts = task.task.split(separator: "/").map(String.init)
        switch parts.count {
        case 2 where parts[1].contains("-") && store.group.entity(parts[1]) == nil:
            let pair = parts[1].split(separator: "-").map(String.init)
            return AgentTask(id: task.task, kind: task.kind, entity: pair.first, partner: pair.last)
        case 2: return AgentTask(id: task.task, kind: task.kind, entity: parts[1])
        case 3: return AgentTask(id: task.task, kind: task.kind, entity: parts[1], account: parts[2])
        default: return AgentTask(id: task.task, kind: task.kind)
        }
    }

    func latestProposal(_ task: String, run: CloseRunRecord) throws -> ProposalRecord {
        guard let record = try store.proposals(of: run, task: task).max(by: { $0.version < $1.version }) else {
            throw LedgerError(.unknownEntry, "task \(task) has no proposal yet", at: SourceLocation(field: "TASK"))
        }
        return record
    }

    func pendingDecision(_ task: CloseTaskRecord, run: CloseRunRecord, policy: Policy) throws -> PendingDecision {
        let record = try latestProposal(task.task, run: run)
        let proposal = try decoded.proposal(record)
        let decided = try store.decisions(of: run).filter { $0.task == task.task && $0.version == record.version }
        let approvals = decided.filter { $0.kind == "approve" }
        return PendingDecision(task: task, proposal: proposal, record: record, route: try ProposalCodec.decodeRoute(record.route),
                               amountMinor: try GroupAmount(store: store).of(proposal), currency: store.group.currency, approvals: approvals,
                               decisionsSeen: decided.count)
    }

    /// Checks a decision against the policy and records or commits it. True when the
    /// task moved on (done or rejected).
    @discardableResult
    func apply(_ kind: DecisionKind, user: String, reason: String, afterHours: Int, _ pending: PendingDecision,
               run: CloseRunRecord, policy: Policy) throws -> Bool {
        try CloseSession.checkReason(reason)  // typed at a terminal, or read from a script
        try requireSealedBasis(pending, user: user, run: run)
        if kind == .approve {
            if let changes = try staleness(pending.task, run: run) {
                throw LedgerError(.invalidTransition, "\(pending.task.task) v\(pending.record.version) is stale: the books it read changed since it was prepared (\(changes)); it is prepared again before anyone approves it",
                                  at: SourceLocation(field: "TASK"))
            }
            try Self.refuseNotReadyLock(pending)
        }
        let decision = Decision(task: pending.task.task, version: pending.record.version, kind: kind, user: user, reason: reason)
        let earlier = pending.approvals.map { Decision(task: $0.task, version: $0.version, kind: .approve, user: $0.user, reason: $0.reason) }
        let hour = max(pending.record.readyAtHour, pending.approvals.map(\.atHour).max() ?? 0) + max(0, afterHours)
        let escalated = ApprovalRouter.escalate(pending.route, elapsedHours: hour - pending.record.readyAtHour, group: store.group)
        let escalation = escalated != pending.route ? try ProposalCodec.encode(escalated) : nil
        let outcome = try Authorization.check(decision, user: store.group.user(user), userName: user, proposal: pending.proposal,
                                              amountMinor: pending.amountMinor, earlierApprovals: earlier,
                                              policy: Self.policy(policy, escalatedTo: escalated.escalations, kind: pending.task.kind))
        let record = try signed(DecisionRecord(task: pending.task.task, version: pending.record.version, kind: kind.rawValue, user: user,
                                               reason: reason, atHour: hour, decisionsSeen: pending.decisionsSeen), pending, policy: policy)
        if escalation != nil {
            emit("task.escalated", task: pending.task.task, version: pending.record.version, hour: hour, message: escalated.description)
        }
        switch outcome {
        case .approved:
            let summary = try store.commitProposal(record, of: run, entries: try ProposalCodec.drafts(pending.proposal, period: period),
                                                   periodChanges: try ProposalCodec.periodChanges(pending.proposal),
                                                   escalation: escalation)
            emit("task.done", task: record.task, version: record.version, user: user, hour: hour,
                 message: "approved by \(user); \(summary.entriesPosted) entries posted, \(pending.proposal.periodActions.count) period changes")
            return true
        case .needsSecondApprover:
            try store.recordDecision(record, of: run, escalation: escalation)
            emit("decision.recorded", task: record.task, version: record.version, user: user, hour: hour,
                 message: "first approval by \(user); a second, distinct approver is needed")
            return false
        case .rejected:
            try store.recordDecision(record, of: run, escalation: escalation)
            emit("task.rejected", task: record.task, version: record.version, user: user, hour: hour, message: "rejected by \(user): \(reason)")
            return true
        case .deferred:
            try store.recordDecision(record, of: run, escalation: escalation)
            emit("decision.recorded", task: record.task, version: record.version, user: user, hour: hour, message: "deferred by \(user): \(reason)")
            return false
        case .overridden:
            throw LedgerError(.invalidEntry, "an override needs the edited proposal; use `close override`", at: SourceLocation(field: "decision"))
        }
    }

    /// The policy as it stands for an overdue decision: each role the router escalated to may
    /// decide this task kind, without a limit (the escalation exists because nobody lower did).
    static func policy(_ policy: Policy, escalatedTo roles: [String], kind: String) -> Policy {
        guard !roles.isEmpty else { return policy }
        var rule = policy.rule(for: kind)
        for name in roles {
            guard let role = Role(rawValue: name), !rule.approvers.contains(where: { $0.role == role }) else { continue }
            rule.approvers.append(ApproverLimit(role: role))
        }
        var effective = policy
        effective.tasks[kind] = rule
        return effective
    }

    /// An agent's own version within the policy's post-within-limits amount is committed
    /// without a human, audited as such and listed in the close summary for review.
    func postWithinLimits(_ pending: PendingDecision, run: CloseRunRecord, policy: Policy) throws -> Bool {
        guard pending.proposal.preparedBy.hasPrefix("agent:"), pending.approvals.isEmpty,
              Authorization.mayPostWithoutHuman(amountMinor: pending.amountMinor, policy: policy, taskKind: pending.task.kind) else {
            return false
        }
        try requireSealedBasis(pending, user: nil, run: run)
        let limit = Decimal10.format(policy.rule(for: pending.task.kind).postWithinMinor, scale: store.group.currency.exponent)
        let record = DecisionRecord(task: pending.task.task, version: pending.record.version, kind: LedgerStore.autonomousKind,
                                    user: pending.proposal.preparedBy,
                                    reason: "posted without a human within \(limit) \(store.group.currency) (autonomy post-within-limits); for review",
                                    atHour: pending.record.readyAtHour)
        let summary = try store.commitProposal(record, of: run, entries: try ProposalCodec.drafts(pending.proposal, period: period),
                                               periodChanges: try ProposalCodec.periodChanges(pending.proposal))
        emit("task.done", task: record.task, version: record.version, user: record.user, hour: record.atHour,
             message: "posted by \(record.user) within the policy's limit (\(summary.entriesPosted) entries); listed for after-the-fact review")
        return true
    }

    /// Records the override and stores the edited proposal as the next version, prepared
    /// by the overrider (who therefore cannot approve it).
    func override(_ pending: PendingDecision, user: String, reason: String, edited: Proposal, afterHours: Int,
                  run: CloseRunRecord, policy: Policy) throws {
        try CloseSession.checkReason(reason)
        try requireSealedBasis(pending, user: user, run: run)
        let decision = Decision(task: pending.task.task, version: pending.record.version, kind: .override, user: user, reason: reason)
        _ = try Authorization.check(decision, user: store.group.user(user), userName: user, proposal: pending.proposal,
                                    amountMinor: pending.amountMinor, earlierApprovals: [], policy: policy)
        try OverrideScope(period: period, group: store.group)
            .check(edited, task: agentTask(pending.task), agentVersion: try agentVersion(pending.task.task, run: run), reason: reason)
        let hour = pending.record.readyAtHour + max(0, afterHours)
        var next = edited
        next.task = pending.proposal.task
        next.taskKind = pending.proposal.taskKind
        next.version = pending.record.version + 1
        next.preparedBy = user
        // An override reads nothing new: it stays bound to what the version it edits read.
        next.inputs = pending.proposal.inputs
        // Everything that can refuse the edit runs before anything is written (its text, its
        // amounts, its entries and period changes, its size in the group currency), and the
        // decision and the new version are stored in one transaction.
        try next.checkLimits()
        // The same rules as every posting (balanced, known accounts, partners, rates), now.
        try store.checkEntries(try ProposalCodec.drafts(next, period: period))
        _ = try ProposalCodec.periodChanges(next)
        let record = try signed(DecisionRecord(task: pending.task.task, version: pending.record.version, kind: "override", user: user,
                                               reason: reason + " | " + ProposalDiff.describe(pending.proposal, edited), atHour: hour,
                                               decisionsSeen: pending.decisionsSeen), pending, policy: policy)
        try store.recordOverride(record, proposal: try self.record(next, policy: policy, readyAtHour: hour), of: run)
        emit("task.overridden", task: next.task, version: next.version, user: user, hour: hour,
             message: "overridden by \(user): \(reason); version \(next.version) waits for another approver")
    }

    /// The decision with its decider's signature over exactly what is stored, or unsigned when
    /// nobody holds a key here; refused unsigned where the run's policy or the policy in force
    /// says `signatures: required` (the store checks the pinned one again, in the transaction).
    func signed(_ record: DecisionRecord, _ pending: PendingDecision, policy: Policy) throws -> DecisionRecord {
        if let signer, signer.user != record.user {
            throw LedgerError(.notPermitted, "a key of \(signer.user) cannot sign a decision of \(record.user)", at: SourceLocation(field: "--key"))
        }
        guard let signer else {
            let inForce = try CloseSession(store: store).policyInForce().policy
            if policy.signaturesRequired || inForce.signaturesRequired {
                throw LedgerError(.notPermitted, "the policy requires signed decisions (signatures: required): \(record.user) must sign with their registered key (`--key FILE`, from `close users keygen \(record.user)`); `--as` alone decides nothing here",
                                  at: SourceLocation(field: "--key"))
            }
            return record
        }
        var signed = record
        signed.signature = try signer.sign(record, proposalHashHex: pending.record.hashHex, at: store.now)
        return signed
    }

    func emit(_ event: String, task: String? = nil, version: Int? = nil, user: String? = nil, hour: Int = 0, message: String) {
        events(CloseEvent(event: event, task: task, version: version, user: user, hour: hour, message: message))
    }
}

extension CloseRunner {
    /// A decision taken outside a run (`close approve|reject|defer|override TASK`): checked,
    /// recorded, and committed when it completes the approval. The next `close run` goes on.
    @discardableResult
    public func decide(task: String, choice: HumanChoice) throws -> String {
        guard let run = try store.closeRun(period: period) else {
            throw LedgerError(.unknownEntry, "no close of \(period) has started; run `close run --period \(period)` first", at: SourceLocation(field: "--period"))
        }
        let tasks = try store.tasks(of: run)
        guard let record = tasks.first(where: { $0.task == task }) else {
            throw LedgerError(.unknownEntry, "the close of \(period) has no task '\(SafeText.excerpt(task, limit: 80))'\(NearestName.hint(for: task, in: tasks.map(\.task))); `close status --period \(period)` lists them",
                              at: SourceLocation(field: "TASK"))
        }
        guard record.state == .proposed else {
            throw LedgerError(.invalidTransition, "task \(task) is \(record.state.rawValue), not waiting for a decision", at: SourceLocation(field: "TASK"))
        }
        let policy = try policy(of: run)
        if let changes = try staleness(record, run: run) {
            throw LedgerError(.invalidTransition, "\(task) v\(try latestProposal(task, run: run).version) is stale: the books it read changed since it was prepared (\(changes)); `close run --period \(period)` prepares it again, then decide the new version",
                              at: SourceLocation(field: "TASK"))
        }
        let pending = try pendingDecision(record, run: run, policy: policy)
        switch choice {
        case let .decide(kind, user, reason, afterHours, _):
            try apply(kind, user: user, reason: reason, afterHours: afterHours, pending, run: run, policy: policy)
            let state = try store.tasks(of: run).first { $0.task == task }?.state ?? .pending
            return "\(kind.rawValue) by \(user) recorded for \(task) v\(pending.record.version); the task is \(state.rawValue)"
        case let .override(user, reason, edited, afterHours):
            try override(pending, user: user, reason: reason, edited: edited, afterHours: afterHours, run: run, policy: policy)
            return "override by \(user) recorded; \(task) v\(pending.record.version + 1) waits for another approver"
        case .wait, .quit:
            return "nothing decided"
        }
    }
}
