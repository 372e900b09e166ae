import Agents
import Foundation
import Governance
import LedgerCore
import LedgerStore

/// What a close run did: per task who prepared it, who decided what at which simulated hour
/// and why, entries posted and findings raised; the simulated duration of the whole close
/// against a manual one; where the run stopped and why. It knows nothing of simulated
/// faults: the Scoring module adds what the close did about them (`ScoredCloseSummary`)
/// through the `subtitle` and `sections` of `text` and `html`.
public struct CloseSummary: Sendable, Codable, Equatable {
    public struct Task: Sendable, Codable, Equatable {
        public var task: String
        public var state: String
        public var version: Int?
        public var preparedBy: String?
        /// Simulated hours: when the agent started preparing, when the proposal was ready,
        /// when the task was done (nil while it is not).
        public var startedAtHour: Int?
        public var readyAtHour: Int?
        public var doneAtHour: Int?
        public var decisions: [Decision]
        public var entries: Int
        public var findings: Int

        enum CodingKeys: String, CodingKey {
            case task, state, version, decisions, entries, findings
            case preparedBy = "prepared_by", startedAtHour = "started_at_hour", readyAtHour = "ready_at_hour", doneAtHour = "done_at_hour"
        }
    }

    public struct Decision: Sendable, Codable, Equatable {
        public var version: Int
        public var kind: String
        public var user: String
        public var atHour: Int
        public var reason: String

        public var text: String { "v\(version) \(kind) by \(user) at hour \(atHour)" }

        enum CodingKeys: String, CodingKey {
            case version, kind, user, reason
            case atHour = "at_hour"
        }
    }

    public var period: String
    public var state: String
    public var tasks: [Task]
    public var decisions: Int
    /// Steps an agent committed alone within the policy's limit: to review after the fact.
    public var postedWithoutHuman: [String]
    public var entriesPosted: Int
    public var findings: Int
    /// Findings of tasks a human (or the policy) has decided: seen and dealt with.
    public var findingsClosed: Int
    public var auditEvents: Int
    /// Simulated hours from the start of the close to the last decision.
    public var hours: Int
    /// `hours` in business days of 8 hours, in tenths (21 = 2.1 days): no float in the output.
    public var businessDaysTenths: Int
    /// Each entity's state of the period at the end.
    public var periods: [String: String]
    /// Why the period is not closed: rejected and unfinished tasks, with the reasons given.
    public var blockers: [String]
    /// The policy version the run pinned when it started.
    public var policyVersion: Int
    /// Approved steps whose books changed after their approval, with what changed: each
    /// must be decided again before the lock (empty once the run is closed).
    public var decertified: [String]
    /// The lock's exceptions a human locked over by an override naming each, and why.
    public var lockedOver: [String]

    /// JSON keys in snake_case, as every JSON output of the project.
    enum CodingKeys: String, CodingKey {
        case period, state, tasks, decisions, findings, hours, periods, blockers, decertified
        case policyVersion = "policy_version", lockedOver = "locked_over"
        case postedWithoutHuman = "posted_without_human", entriesPosted = "entries_posted", findingsClosed = "findings_closed"
        case auditEvents = "audit_events", businessDaysTenths = "business_days_tenths"
    }

    /// APQC's median monthly close, in tenths of days: the manual baseline.
    public static let manualBaselineTenths = 64

    public var durationText: String { "\(businessDaysTenths / 10).\(businessDaysTenths % 10) business days (\(hours) simulated hours)" }

    public static func of(_ run: CloseRunRecord, store: LedgerStore) throws -> CloseSummary {
        // The summary is the close's proof: it shows no decision, task or run that does not
        // match its seal (a forged approver is refused here, not printed).
        let taskRecords = try store.tasks(of: run)
        try store.requireSealed([.run(run.id), .policyVersion(run.policyVersion)]
            + taskRecords.flatMap { [SealedRow.task(run: run.id, task: $0.task), .decisions(run: run.id, task: $0.task)] })
        let proposals = try store.proposals(of: run)
        let records = try store.decisions(of: run)
        var tasks: [Task] = []
        for task in taskRecords {
            let latest = proposals.filter { $0.task == task.task }.max { $0.version < $1.version }
            let proposal = try latest.map { try ProposalCodec.decode($0.payload) }
            let first = proposals.filter { $0.task == task.task }.min { $0.version < $1.version }
            tasks.append(Task(task: task.task, state: task.state.rawValue, version: latest?.version, preparedBy: latest?.preparedBy,
                              startedAtHour: first.map { max(0, $0.readyAtHour - task.hours) }, readyAtHour: first?.readyAtHour,
                              doneAtHour: task.doneAtHour,
                              decisions: records.filter { $0.task == task.task }.map {
                                  Decision(version: $0.version, kind: $0.kind, user: $0.user, atHour: $0.atHour, reason: $0.reason)
                              },
                              entries: task.state == .done ? proposal?.entries.count ?? 0 : 0,
                              findings: proposal?.findings.count ?? 0))
        }
        let hours = max(tasks.compactMap(\.doneAtHour).max() ?? 0, records.map(\.atHour).max() ?? 0)
        var periods: [String: String] = [:]
        for status in try store.periodStatus(run.period) { periods[status.entity] = status.state.rawValue }
        return CloseSummary(
            period: run.period.description, state: run.isClosed ? "closed" : "open", tasks: tasks, decisions: records.count,
            postedWithoutHuman: records.filter { $0.kind == LedgerStore.autonomousKind }.map(\.task),
            entriesPosted: tasks.reduce(0) { $0 + $1.entries }, findings: tasks.reduce(0) { $0 + $1.findings },
            findingsClosed: tasks.filter { $0.state == "done" || $0.state == "rejected" }.reduce(0) { $0 + $1.findings },
            auditEvents: try store.auditEventCount(), hours: hours,
            businessDaysTenths: Int(Rounding.divideHalfEven(Int128(hours) * 10, by: 8)), periods: periods,
            blockers: blockers(tasks), policyVersion: run.policyVersion,
            decertified: run.isClosed ? [] : try CloseRunner(store: store, period: run.period).decertified(run)
                .sorted { $0.key < $1.key }.map { "\($0.key): \($0.value)" },
            lockedOver: try lockedOver(run, tasks: tasks, store: store))
    }

    /// When the lock was done on a version a human prepared over its agent's exceptions:
    /// each exception, with the override's reason.
    private static func lockedOver(_ run: CloseRunRecord, tasks: [Task], store: LedgerStore) throws -> [String] {
        guard let lock = tasks.first(where: { $0.task == "lock" && $0.state == "done" }),
              let preparer = lock.preparedBy, !preparer.hasPrefix("agent:") else { return [] }
        let runner = CloseRunner(store: store, period: run.period)
        let exceptions = try runner.agentVersion("lock", run: run).findings.filter { $0.id.hasPrefix(LockAgent.exceptionPrefix) }
        let reason = lock.decisions.last { $0.kind == "override" }?.reason ?? ""
        return exceptions.map { "\($0.id): \($0.message) (locked over by \(preparer): \(reason))" }
    }

    private static func blockers(_ tasks: [Task]) -> [String] {
        tasks.compactMap { task in
            switch task.state {
            case "done": return nil
            case "rejected":
                let rejection = task.decisions.last { $0.kind == "reject" }
                return "\(task.task) rejected\(rejection.map { " by \($0.user) at hour \($0.atHour): \($0.reason)" } ?? "")"
            default: return "\(task.task) \(task.state)"
            }
        }
    }

    /// The summary as text; `subtitle` goes in brackets after the title, `sections` (whole
    /// lines) before the duration.
    public func text(subtitle: String? = nil, sections: String = "") -> String {
        var out = "close summary for \(period)\(subtitle.map { " (\($0))" } ?? "")\n"
        for task in tasks {
            let decided = task.decisions.isEmpty ? "no decision" : task.decisions.map(\.text).joined(separator: "; ")
            out += "  \(task.task): \(task.state)\(task.version.map { " v\($0)" } ?? "") by \(task.preparedBy ?? "-"); \(decided); \(task.entries) entries, \(task.findings) findings\n"
        }
        out += "tasks: \(tasks.count), decisions: \(decisions), entries posted: \(entriesPosted), findings: \(findings) raised, \(findingsClosed) closed, audit events: \(auditEvents)\n"
        if !postedWithoutHuman.isEmpty {
            out += "posted by agents without a human (review them): \(postedWithoutHuman.joined(separator: ", "))\n"
        }
        if !blockers.isEmpty {
            out += "the period is not closed: \(blockers.joined(separator: "; "))\n"
        }
        for step in decertified { out += "decertified (decide again before the lock): \(step)\n" }
        for exception in lockedOver { out += "locked over: \(exception)\n" }
        out += sections
        out += "simulated duration: \(durationText) (APQC's median monthly close: 6.4 days)\n"
        return out
    }
}
