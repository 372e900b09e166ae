import Governance
import LedgerCore
import LedgerStore
import Simulation

/// What a close run did about one injected fault, judged from what the run committed:
/// - `resolved`: what the manifest expects was committed: its expected entries were posted
///   (compared by entity, date, accounts and amounts, never by key), or, for the kinds a
///   correct close settles by a bank match and no entry, the expected agent matched exactly
///   the fault's statement line and entries; `byHuman` says whether a human approved that;
/// - `accepted`: a human approved (decision `approve`, the version committed) a proposal
///   with a finding whose id names the fault's rows; evidence and entry texts do not count;
/// - `postedWithoutHuman`: such a finding, in a proposal the agent committed alone under
///   the policy's `post-within-limits` autonomy: nobody has looked at it yet;
/// - `raised`: a proposal still waiting for a decision names it by a finding, proposes its
///   expected entries or its match;
/// - `missed`: none of these (a rejected proposal that dealt with it lists its task).
public struct FaultOutcome: Sendable, Codable, Equatable {
    public enum Outcome: String, Sendable, Codable, CaseIterable {
        case resolved, accepted
        case postedWithoutHuman = "posted-without-human"
        case raised, missed
    }

    public var id: String
    public var kind: String
    public var entity: String
    public var outcome: Outcome
    /// For resolved, accepted and posted-without-human: whether a human approved it.
    public var byHuman: Bool?
    /// The task kind that should deal with this kind of fault (`FaultKind.expectedAgent`).
    public var expectedAgent: String
    /// The task kinds of `tasks`, and whether the expected agent is one of them.
    public var handledBy: [String]
    public var byExpectedAgent: Bool
    /// The tasks whose committed, waiting or rejected proposal decided the outcome.
    public var tasks: [String]
    public var expected: String

    enum CodingKeys: String, CodingKey {
        case id, kind, entity, outcome, tasks, expected
        case byHuman = "by_human", expectedAgent = "expected_agent", handledBy = "handled_by", byExpectedAgent = "by_expected_agent"
    }

    /// Each fault of the ledger's scenario truth, judged against the run.
    public static func evaluate(_ truth: [TruthFault], run: CloseRunRecord, store: LedgerStore) throws -> [FaultOutcome] {
        let documents = try store.documents(keys: truth.flatMap { $0.rows.compactMap(\.journal_entry) })
        return evaluate(try FaultIndex(truth, documents: documents), view: try RunView(run, store: store))
    }

    static func evaluate(_ index: FaultIndex, view: RunView) -> [FaultOutcome] {
        // Per fault: the tasks whose proposal names it by a finding, proposes its entries or its match.
        func dealers(_ proposal: (RunView.Task) -> Proposal?) -> [[Int]] {
            var found = [[Int]](repeating: [], count: index.faults.count)
            for (number, task) in view.tasks.enumerated() {
                guard let proposal = proposal(task) else { continue }
                var faults = Set(proposal.findings.flatMap { index.named(byFinding: $0.id) })
                faults.formUnion(proposal.evidence.flatMap { index.settled(byMatch: $0) }.filter { index.faults[$0].expectedAgent == task.kind })
                let shapes = proposal.entries.compactMap { try? EntryShape($0) }
                for (fault, entry) in index.faults.enumerated() where EntryShape.all(entry.expected, amongst: shapes) { faults.insert(fault) }
                for fault in faults { found[fault].append(number) }
            }
            return found
        }
        let committedFindings = findingsNaming(index, view.tasks.map { $0.committedProposal })
        let committedMatches = matchesSettling(index, view)
        let pending = dealers { $0.pendingProposal }
        let rejected = dealers { $0.state == .rejected ? $0.proposals.last?.proposal : nil }
        return index.faults.enumerated().map { number, fault in
            let approved = committedFindings[number].filter { view.tasks[$0].committed?.byHuman == true }
            var (outcome, tasks, byHuman): (Outcome, [Int], Bool?) = (.missed, rejected[number], nil)
            if let posters = posters(of: fault, view: view) ?? committedMatches[number] {
                (outcome, tasks, byHuman) = (.resolved, posters, posters.allSatisfy { view.tasks[$0].committed?.byHuman == true })
            } else if !approved.isEmpty {
                (outcome, tasks, byHuman) = (.accepted, approved, true)
            } else if !committedFindings[number].isEmpty {
                (outcome, tasks, byHuman) = (.postedWithoutHuman, committedFindings[number], false)
            } else if !pending[number].isEmpty {
                (outcome, tasks) = (.raised, pending[number])
            }
            var kinds: [String] = []
            for task in tasks where !kinds.contains(view.tasks[task].kind) { kinds.append(view.tasks[task].kind) }
            return FaultOutcome(id: fault.truth.id, kind: fault.truth.kind, entity: fault.truth.entity, outcome: outcome, byHuman: byHuman,
                                expectedAgent: fault.expectedAgent, handledBy: kinds, byExpectedAgent: kinds.contains(fault.expectedAgent),
                                tasks: tasks.map { view.tasks[$0].task }, expected: fault.truth.expected)
        }
    }

    /// The tasks whose committed entries are every entry the fault expects, or nil.
    private static func posters(of fault: FaultIndex.Fault, view: RunView) -> [Int]? {
        var available = view.posted
        var tasks: [Int] = []
        for shape in fault.expected {
            guard let position = available.firstIndex(where: { shape.matches($0.shape) }) else { return nil }
            if !tasks.contains(available[position].task) { tasks.append(available[position].task) }
            available.remove(at: position)
        }
        return tasks.isEmpty ? nil : tasks
    }

    /// Per fault, the tasks whose committed version has a finding naming it.
    private static func findingsNaming(_ index: FaultIndex, _ proposals: [Proposal?]) -> [[Int]] {
        var found = [[Int]](repeating: [], count: index.faults.count)
        for (task, proposal) in proposals.enumerated() {
            for fault in Set((proposal?.findings ?? []).flatMap { index.named(byFinding: $0.id) }) { found[fault].append(task) }
        }
        return found
    }

    /// Per fault settled by a match: the expected agent's committed task that matched it.
    private static func matchesSettling(_ index: FaultIndex, _ view: RunView) -> [[Int]?] {
        var found = [[Int]?](repeating: nil, count: index.faults.count)
        for (task, record) in view.tasks.enumerated() {
            for evidence in record.committedProposal?.evidence ?? [] {
                for fault in index.settled(byMatch: evidence) where index.faults[fault].expectedAgent == record.kind {
                    found[fault] = (found[fault] ?? []) + [task]
                }
            }
        }
        return found
    }
}
