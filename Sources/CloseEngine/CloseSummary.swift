import Foundation
import Governance
import LedgerCore
import LedgerStore

/// What a close run did: per task its final version, who decided what at which simulated
/// hour, entries posted and findings raised; the simulated duration of the whole close.
public struct CloseSummary: Sendable, Codable, Equatable {
    public struct Task: Sendable, Codable, Equatable {
        public var task: String
        public var state: String
        public var version: Int?
        public var preparedBy: String?
        public var decisions: [String]
        public var entries: Int
        public var findings: Int
        public var doneAtHour: Int?
    }

    public var period: String
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

    public static func of(_ run: CloseRunRecord, store: LedgerStore) throws -> CloseSummary {
        let proposals = try store.proposals(of: run)
        let decisions = try store.decisions(of: run)
        var tasks: [Task] = []
        for task in try store.tasks(of: run) {
            let latest = proposals.filter { $0.task == task.task }.max { $0.version < $1.version }
            let proposal = try latest.map { try JSONDecoder().decode(Proposal.self, from: Data($0.payload.utf8)) }
            tasks.append(Task(task: task.task, state: task.state.rawValue, version: latest?.version, preparedBy: latest?.preparedBy,
                              decisions: decisions.filter { $0.task == task.task }.map { "v\($0.version) \($0.kind) by \($0.user) at hour \($0.atHour)" },
                              entries: task.state == .done ? proposal?.entries.count ?? 0 : 0,
                              findings: proposal?.findings.count ?? 0, doneAtHour: task.doneAtHour))
        }
        let hours = max(tasks.compactMap(\.doneAtHour).max() ?? 0, decisions.map(\.atHour).max() ?? 0)
        return CloseSummary(period: run.period.description, tasks: tasks, decisions: decisions.count,
                            postedWithoutHuman: decisions.filter { $0.kind == LedgerStore.autonomousKind }.map(\.task),
                            entriesPosted: tasks.reduce(0) { $0 + $1.entries }, findings: tasks.reduce(0) { $0 + $1.findings },
                            findingsClosed: tasks.filter { $0.state == "done" || $0.state == "rejected" }.reduce(0) { $0 + $1.findings },
                            auditEvents: try store.verifyAudit().eventsChecked, hours: hours,
                            businessDaysTenths: Int(Rounding.divideHalfEven(Int128(hours) * 10, by: 8)))
    }

    public var durationText: String { "\(businessDaysTenths / 10).\(businessDaysTenths % 10) business days (\(hours) simulated hours)" }

    public func text() -> String {
        var out = "close summary for \(period)\n"
        for task in tasks {
            let decided = task.decisions.isEmpty ? "no decision" : task.decisions.joined(separator: "; ")
            out += "  \(task.task): \(task.state)\(task.version.map { " v\($0)" } ?? "") by \(task.preparedBy ?? "-"); \(decided); \(task.entries) entries, \(task.findings) findings\n"
        }
        out += "tasks: \(tasks.count), decisions: \(decisions), entries posted: \(entriesPosted), findings: \(findings) raised, \(findingsClosed) closed, audit events: \(auditEvents)\n"
        if !postedWithoutHuman.isEmpty {
            out += "posted by agents without a human (review them): \(postedWithoutHuman.joined(separator: ", "))\n"
        }
        out += "simulated duration: \(durationText) (APQC's median monthly close: 6.4 days)\n"
        return out
    }
}
