import Foundation
import Governance
import LedgerCore
import LedgerStore

/// A close run as `close status` shows it: every task, its state, who must decide it or
/// what it waits for, and whether an approved step was decertified since.
public struct CloseStatus: Sendable, Equatable {
    public struct Row: Sendable, Equatable, Encodable {
        public var task: String
        public var kind: String
        public var state: String
        public var version: Int?
        /// Who may decide it (proposed), what it is blocked on (pending), or nothing.
        public var waitingFor: String
        public var doneAtHour: Int?
        /// For a done step whose books changed after its approval: what changed.
        public var decertified: String?
        /// For a pending task: the tasks it waits for that are not done yet.
        public var blockedOn: [String] = []

        enum CodingKeys: String, CodingKey {
            case task, kind, state, version, decertified
            case waitingFor = "waiting_for", doneAtHour = "done_at_hour", blockedOn = "blocked_on"
        }
    }

    public var period: PeriodID
    public var isClosed: Bool
    /// The policy version the run pinned when it started.
    public var policyVersion: Int
    public var tasks: [Row]
    /// Earlier closes' entries reversed when this close started (document numbers).
    public var scheduledReversals: [String]
}

/// The latest proposal of a task, with its stored record and route.
public struct TaskProposal: Sendable {
    public var proposal: Proposal
    public var version: Int
    public var preparedBy: String
    public var hashHex: String
    public var route: Route
}

extension CloseSession {
    public func status(period: PeriodID) throws -> CloseStatus {
        let run = try run(of: period)
        let runner = CloseRunner(store: store, period: period)
        let tasks = try store.tasks(of: run)
        let proposals = try store.proposals(of: run)
        let states = Dictionary(uniqueKeysWithValues: tasks.map { ($0.task, $0.state) })
        let decertified = run.isClosed ? [:] : try runner.decertified(run)
        let rows = try tasks.map { task -> CloseStatus.Row in
            let latest = proposals.filter { $0.task == task.task }.max { $0.version < $1.version }
            var waiting = ""
            var open: [String] = []
            switch task.state {
            case .proposed: waiting = try latest.map { try ProposalCodec.decodeRoute($0.route).description } ?? ""
            case .pending:
                open = task.dependsOn.filter { states[$0] != .done }
                waiting = open.isEmpty ? "ready: prepared at the next `close run`" : "blocked on " + open.joined(separator: ", ")
            default: break
            }
            return CloseStatus.Row(task: task.task, kind: task.kind, state: task.state.rawValue, version: latest?.version,
                                   waitingFor: waiting, doneAtHour: task.doneAtHour, decertified: decertified[task.task], blockedOn: open)
        }
        return CloseStatus(period: period, isClosed: run.isClosed, policyVersion: run.policyVersion, tasks: rows,
                           scheduledReversals: try runner.scheduledReversals().map(\.ref.document))
    }

    /// A proposal's size in the group currency, the amount the policy routes it by.
    public func size(of proposal: Proposal) throws -> Int64 {
        try GroupAmount(store: store).of(proposal)
    }

    public func show(task: String, period: PeriodID) throws -> TaskProposal {
        let run = try run(of: period)
        guard let latest = try store.proposals(of: run).filter({ $0.task == task }).max(by: { $0.version < $1.version }) else {
            let tasks = try store.tasks(of: run)
            guard let record = tasks.first(where: { $0.task == task }) else {
                throw LedgerError(.unknownEntry, "the close of \(period) has no task '\(SafeText.excerpt(task, limit: 80))'\(NearestName.hint(for: task, in: tasks.map(\.task))); `close status --period \(period)` lists them",
                                  at: SourceLocation(field: "TASK"))
            }
            throw LedgerError(.unknownEntry, "task '\(task)' has no proposal yet in the close of \(period) (it is \(record.state.rawValue)); `close status --period \(period)` says what it waits for",
                              at: SourceLocation(field: "TASK"))
        }
        return TaskProposal(proposal: try ProposalCodec.decode(latest.payload), version: latest.version, preparedBy: latest.preparedBy,
                            hashHex: latest.hashHex, route: try ProposalCodec.decodeRoute(latest.route))
    }
}
