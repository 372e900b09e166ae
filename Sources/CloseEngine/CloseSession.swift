import Foundation
import Governance
import LedgerCore
import LedgerStore

/// The engine's one front door, opened on a ledger: everything a person does to a close
/// (run it, decide a step, look at it, change the policy or a period) goes through here, so
/// the CLI and the web only parse, call and render. It checks who acts before anything is
/// written; the store below checks again what must hold whatever the caller.
public struct CloseSession {
    public let store: LedgerStore

    public init(store: LedgerStore) {
        self.store = store
    }

    /// A new ledger for `group` (`close init`), refused when the group's users could not
    /// satisfy the default policy (a close of it could never be approved to the end) or its
    /// chart lacks an account the default policy books to; every problem is listed at once.
    public static func create(at path: String?, group: GroupDefinition, clock: LedgerClock) throws -> CloseSession {
        let policy = PolicyFile.defaultPolicy(currency: group.currency)
        let problems = policyProblems(policy, group: group)
        guard problems.isEmpty else {
            throw LedgerError(.notPermitted, "the default policy cannot govern a close of this group: \(problems.joined(separator: " Also: "))")
        }
        return CloseSession(store: try LedgerStore.create(at: path, group: group, clock: clock))
    }

    /// What keeps `policy` from governing a close of `group`: bands its users cannot approve
    /// (`PolicySatisfiability`) and accounts its chart cannot provide (`PolicyAccounts`).
    static func policyProblems(_ policy: Policy, group: GroupDefinition) -> [String] {
        let kinds = CloseTemplateFile.defaultTemplate().expand(for: group).map(\.kind)
        return [PolicySatisfiability.problem(policy, group: group, taskKinds: kinds), PolicyAccounts.problem(policy, group: group)]
            .compactMap { $0 }
    }

    // MARK: Who acts

    /// The named user of the group who changes something, refused when unknown, the auditor,
    /// or "system", which is the engine's own name and never a person's.
    public func writer(_ name: String, field: String = "--as") throws -> User {
        guard let user = store.group.user(name) else {
            let known = store.group.users.map { "\($0.name) (\($0.role.rawValue))" }.joined(separator: ", ")
            let why = name == "system" ? "'system' is the engine's own name, not a user"
                : "unknown user '\(SafeText.excerpt(name, limit: 40))'\(NearestName.hint(for: name, in: store.group.users.map(\.name)))"
            throw LedgerError(.unknownUser, "\(why); act as a user of the group: \(known)", at: SourceLocation(field: field))
        }
        guard user.role.mayWrite else {
            throw LedgerError(.notPermitted, "\(name) is the auditor and reads everything but changes nothing", at: SourceLocation(field: field))
        }
        return user
    }

    // MARK: Policy

    /// The policy in force: the newest stored version, or the default before any is stored.
    public func policyInForce() throws -> (version: Int?, text: String, policy: Policy) {
        guard let current = try store.currentPolicy() else {
            return (nil, PolicyFile.defaultText, PolicyFile.defaultPolicy(currency: store.group.currency))
        }
        return (current.version, current.text,
                try PolicyFile.parse(current.text, file: "policy v\(current.version)", currency: store.group.currency))
    }

    /// Stores a new policy version: read in full, checked satisfiable by the group's users
    /// (for every task kind of the default template too) and its accounts in the chart, then stored by the CFO with a
    /// reason (the store refuses anyone else). A run already started keeps its version.
    @discardableResult
    public func setPolicy(_ text: String, file: String, user: String, reason: String) throws -> Int {
        _ = try writer(user)
        try Self.checkReason(reason)
        let policy = try PolicyFile.parse(text, file: file, currency: store.group.currency)
        let problems = Self.policyProblems(policy, group: store.group)
        guard problems.isEmpty else {
            throw LedgerError(.notPermitted, problems.joined(separator: " Also: "), at: SourceLocation(file: file))
        }
        return try store.setPolicy(text, actor: user, reason: reason, signaturesRequired: policy.signaturesRequired)
    }

    // MARK: Periods

    /// Soft-closes or closes a period outside a close: only the roles the policy in force
    /// gives the lock task, and never while the period's close runs (the store refuses that).
    @discardableResult
    public func changePeriod(_ period: PeriodID, to target: PeriodState, entity: String?, user: String,
                             reason: String?) throws -> [PeriodTransition] {
        _ = try writer(user)
        try Self.checkReason(reason ?? "")
        let roles = Set(try policyInForce().policy.rule(for: "lock").approvers.map(\.role))
        return try store.setPeriodState(period, to: target, entity: entity, actor: user, reason: reason, allowedRoles: roles)
    }

    /// The governed reopening: a controller asks, the CFO confirms (or the other way round).
    public func reopenPeriod(_ period: PeriodID, entity: String?, user: String, reason: String) throws -> ReopenOutcome {
        _ = try writer(user)
        try Self.checkReason(reason)
        return try store.reopenPeriod(period, entity: entity, actor: user, reason: reason)
    }

    // MARK: The close

    /// Everything the close of `period` needs and the ledger lacks, under the policy in force
    /// (`close check`); reads only.
    public func check(period: PeriodID, template: CloseTemplate = CloseTemplateFile.defaultTemplate()) throws -> CloseReadiness {
        let current = try policyInForce()
        return try CloseReadiness.check(store: store, period: period, policy: current.policy, policyVersion: current.version, template: template)
    }

    /// The run of `period`, started by `user` with `template` if none exists yet, held by
    /// `owner` (a process) until `release`. The engine starts demo and bench runs as "system".
    /// A new run starts only when `check` finds nothing missing (unless `requireReady` is
    /// false: a simulation whose faults are the point); a run already started resumes as it is,
    /// since its own steps report what went missing since.
    public func open(period: PeriodID, template: CloseTemplate, user: String, owner: String, seed: UInt64 = 0,
                     requireReady: Bool = true, isAlive: (String) -> Bool = { _ in false },
                     events: @escaping (CloseEvent) -> Void = { _ in },
                     preparing: @escaping (String) -> Void = { _ in }) throws -> OpenClose {
        if user != "system" { _ = try writer(user) }
        if requireReady, try store.closeRun(period: period) == nil {
            let readiness = try check(period: period, template: template)
            guard readiness.isReady else { throw readiness.refusal }
        }
        var runner = CloseRunner(store: store, period: period, seed: seed, events: events)
        runner.preparing = preparing
        let run = try runner.prepareRun(template: template, actor: user, owner: owner)
        try store.claimRun(run, owner: owner, isAlive: isAlive)
        return OpenClose(runner: runner, run: run, owner: owner)
    }

    /// A reason is stored, audited and shown to others later: no control characters in it.
    public static func checkReason(_ reason: String) throws {
        try SafeText.check(reason, field: "--reason")
    }

    /// A decision taken outside a run (`close approve|reject|defer|override`).
    /// `signer`: the decider's key (`--key FILE`, or the web's session); where the policy
    /// requires signatures, nothing is decided without it.
    /// `requireEvidence`: an approval only by someone who opened the evidence of the version
    /// (the web: nobody signs off a task they never opened).
    /// `seenVersion`: the version the person looked at; another version now is a conflict.
    public func decide(period: PeriodID, task: String, choice: HumanChoice, signer: DecisionSigner? = nil,
                       requireEvidence: Bool = false, seenVersion: Int? = nil) throws -> String {
        if let seenVersion {
            let latest = try show(task: task, period: period).version
            guard latest == seenVersion else {
                throw LedgerError(.conflict, "\(task) changed while you looked at it: v\(seenVersion) was replaced by v\(latest); nothing was recorded, look at the new version",
                                  at: SourceLocation(field: "TASK"))
            }
        }
        if requireEvidence, case let .decide(.approve, user, _, _, _) = choice {
            let shown = try show(task: task, period: period)
            guard try evidenceOpened(period: period, task: task, version: shown.version, user: user) else {
                throw LedgerError(.notPermitted, "\(user) has not opened the evidence of \(task) v\(shown.version): open it before approving",
                                  at: SourceLocation(field: "TASK"))
            }
        }
        switch choice {
        case let .decide(_, user, reason, hours, _), let .override(user, reason, _, hours):
            _ = try writer(user)
            try Self.checkReason(reason)
            guard DecisionScriptFile.afterHoursRange.contains(hours) else {
                throw LedgerError(.invalidEntry, "a decision takes 0 to \(DecisionScriptFile.afterHoursRange.upperBound) simulated hours, not \(hours)",
                                  at: SourceLocation(field: "--after-hours"))
            }
        case .wait, .quit: break
        }
        var runner = CloseRunner(store: store, period: period)
        runner.signer = signer
        return try runner.decide(task: task, choice: choice)
    }

    public func run(of period: PeriodID) throws -> CloseRunRecord {
        guard let run = try store.closeRun(period: period) else {
            throw LedgerError(.unknownEntry, "no close of \(period) has started; run `close run --period \(period) --as USER`",
                              at: SourceLocation(field: "--period"))
        }
        return run
    }

    public func summary(period: PeriodID) throws -> CloseSummary {
        try CloseSummary.of(try run(of: period), store: store)
    }
}

/// A run held by this process: run it, then release it (also after an error).
public struct OpenClose {
    public let runner: CloseRunner
    public let run: CloseRunRecord
    let owner: String

    public func run(decider: inout some DecisionSource) throws -> RunOutcome {
        try runner.run(run, decider: &decider)
    }

    public func release() {
        try? runner.store.releaseRun(run, owner: owner)
    }
}
