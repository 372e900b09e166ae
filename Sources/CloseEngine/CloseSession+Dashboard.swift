import Agents
import Foundation
import Governance
import LedgerCore
import LedgerStore

/// What a controller reads first about a close: the state of every entity's every step, the
/// timeline, and the figures of its health.
public struct CloseDashboard: Sendable {
    public struct Cell: Sendable, Equatable {
        public var task: String
        public var state: String
        public var decertified: Bool
    }

    public var period: PeriodID
    public var entities: [String]
    public var kinds: [String]
    /// By entity ("group" for group-wide steps) and kind: the tasks of that cell.
    public var grid: [String: [String: [Cell]]]
    public var summary: CloseSummary
    public var accountsReconciled: Int
    public var accounts: Int
    public var linesAutoMatched: Int
    public var statementLines: Int
    /// Open reconciling items by age in days at the period's end: 0-30, 31-60, 61-90, over 90.
    public var openItemsByAge: [Int]
    public var fluxWithoutExplanation: Int
    public var findingsOpen: Int
    public var decertifiedSteps: Int
    /// Simulated business days to close, in tenths, against APQC's 4.8 / 6.4 / 10 days.
    public var businessDaysTenths: Int
    public static let apqcBenchmarks = ["top performers": 48, "median": 64, "bottom performers": 100]
}

extension CloseSession {
    public func dashboard(period: PeriodID) throws -> CloseDashboard {
        let run = try run(of: period)
        let status = try status(period: period)
        let runner = CloseRunner(store: store, period: period)
        var grid: [String: [String: [CloseDashboard.Cell]]] = [:]
        var kinds: [String] = []
        for (task, row) in zip(try store.tasks(of: run), status.tasks) {
            let entity = runner.agentTask(task).entity ?? "group"
            if !kinds.contains(task.kind) { kinds.append(task.kind) }
            grid[entity, default: [:]][task.kind, default: []].append(
                CloseDashboard.Cell(task: task.task, state: row.state, decertified: row.decertified != nil))
        }
        var reconciled = 0, accounts = 0, matched = 0, lines = 0
        var ages = [0, 0, 0, 0]
        for record in try store.tasks(of: run) where record.kind == "bank-reconciliation" {
            accounts += 1
            guard let form = try ReconciliationFigures.build(store: store, task: runner.agentTask(record), period: period) else { continue }
            if form.differenceMinor == 0 { reconciled += 1 }
            matched += form.matches.reduce(0) { $0 + $1.bank.count }
            lines += form.matches.reduce(0) { $0 + $1.bank.count } + form.bankOnlyLines.count
            for (index, bucket) in form.aging(asOf: period.lastDay).enumerated() { ages[index] += bucket.count }
        }
        var flux = 0, findings = 0
        for row in status.tasks where row.state != "done" && row.version != nil {
            let proposal = try show(task: row.task, period: period).proposal
            let open = proposal.findings.filter { $0.severity != .info }
            findings += open.count
            if proposal.taskKind == "flux-review" { flux += open.count }
        }
        let summary = try summary(period: period)
        return CloseDashboard(period: period, entities: store.group.entities.map(\.code).filter { grid[$0] != nil } + (grid["group"] == nil ? [] : ["group"]),
                              kinds: kinds, grid: grid, summary: summary, accountsReconciled: reconciled, accounts: accounts,
                              linesAutoMatched: matched, statementLines: lines, openItemsByAge: ages, fluxWithoutExplanation: flux,
                              findingsOpen: findings, decertifiedSteps: status.tasks.filter { $0.decertified != nil }.count,
                              businessDaysTenths: summary.businessDaysTenths)
    }
}
