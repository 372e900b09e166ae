import Foundation
import Governance
import LedgerCore
import LedgerStore

/// A close run as scoring reads it from the ledger: per task its proposals, which version
/// was committed and how (a human's approval or the agent alone, within the policy's
/// limit), and the entries the run posted, each with the task that posted it.
struct RunView {
    struct Task {
        let task: String
        let kind: String
        let state: CloseTaskState
        /// Every stored version, oldest first.
        let proposals: [(version: Int, preparedBy: String, proposal: Proposal)]
        /// The version whose approval committed the task, and whether a human approved it.
        let committed: (version: Int, byHuman: Bool)?

        var committedProposal: Proposal? { committed.flatMap { version in proposals.last { $0.version == version.version }?.proposal } }
        /// The version waiting for a decision, if the task waits.
        var pendingProposal: Proposal? { state == .proposed ? proposals.last?.proposal : nil }
        /// What the agent itself prepared last: scoring an agent ignores human overrides.
        var agentProposal: Proposal? { proposals.last { $0.preparedBy.hasPrefix("agent:") }?.proposal }
    }

    let tasks: [Task]
    /// The run's posted entries, with the index of the task whose commit posted them.
    let posted: [(task: Int, shape: EntryShape)]

    init(_ run: CloseRunRecord, store: LedgerStore) throws {
        let records = try store.proposals(of: run)
        let decisions = try store.decisions(of: run)
        let decoder = JSONDecoder()
        var tasks: [Task] = []
        for task in try store.tasks(of: run) {
            let versions = try records.filter { $0.task == task.task }.sorted { $0.version < $1.version }.map {
                (version: $0.version, preparedBy: $0.preparedBy, proposal: try decoder.decode(Proposal.self, from: Data($0.payload.utf8)))
            }
            // The commit is the task's last approval; only a done task has one that counted.
            let commit = task.state == .done
                ? decisions.last { $0.task == task.task && ($0.kind == DecisionKind.approve.rawValue || $0.kind == LedgerStore.autonomousKind) }
                : nil
            tasks.append(Task(task: task.task, kind: task.kind, state: task.state, proposals: versions,
                              committed: commit.map { ($0.version, $0.kind == DecisionKind.approve.rawValue) }))
        }
        // Commits post under `close-PERIOD/TASK/vN/KEY` (the engine's key for an approved entry).
        let prefixes = tasks.enumerated().compactMap { index, task in
            task.committed.map { ("close-\(run.period)/\(task.task)/v\($0.version)/", index) }
        }
        var posted: [(task: Int, shape: EntryShape)] = []
        for (key, shape) in try EntryShape.posted(try store.postedLines(keyPrefix: "close-\(run.period)/")).sorted(by: { $0.key < $1.key }) {
            guard let task = prefixes.first(where: { key.hasPrefix($0.0) })?.1 else { continue }
            posted.append((task, shape))
        }
        self.tasks = tasks
        self.posted = posted
    }
}
