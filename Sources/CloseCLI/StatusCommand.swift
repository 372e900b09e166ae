import Foundation
import ArgumentParser
import CloseEngine
import LedgerCore

/// `close status --period P`: the task graph, who must decide what, what is blocked on what.
struct StatusCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "status", abstract: "Show a close run: every task, its state, who must decide it and what it waits for.",
        discussion: HelpText.flowed("""
        The table fits the terminal ($COLUMNS, else the terminal's width, else 100
        columns): a task waiting for a decision names the roles and users who may
        decide it; a task blocked on many others names the first few and how many
        more; --format json carries the whole route and every name.
        """))
    @OptionGroup var store: StoreOptions
    @Option(help: "The period, YYYY-MM.") var period: PeriodID
    @Option(help: "table or json.") var format: TableOrJSON = .table

    func run() throws {
        let status = try CloseSession(store: try store.open()).status(period: period)
        if format == .json {
            print(try JSONOutput.encode(status.tasks))
            return
        }
        let done = status.tasks.filter { $0.state == "done" }.count
        print("close of \(period): \(status.isClosed ? "closed" : "in progress"), \(done)/\(status.tasks.count) tasks done, policy v\(status.policyVersion) (pinned when the run started)")
        if !status.scheduledReversals.isEmpty {
            print("\(status.scheduledReversals.count) scheduled reversal(s) of earlier closes' entries posted at the start: \(status.scheduledReversals.joined(separator: ", "))")
        }
        var table = TextTable(headers: ["task", "state", "version", "waiting for"])
        table.maxTotalWidth = TerminalWidth.columns
        table.colour = { column, cell in column == 1 ? TerminalColour.state(cell) : nil }
        table.rows = status.tasks.map { row in
            let state = row.decertified == nil ? row.state : "\(row.state), decertified"
            return [row.task, state, row.version.map { "v\($0)" } ?? "", Self.waiting(row)]
        }
        Terminal.write(table)
    }

    /// What a row waits for, short: a decider's route, "ready", the first tasks it is blocked
    /// on and how many more, or "—" when it waits for nothing.
    static func waiting(_ row: CloseStatus.Row) -> String {
        if let decertified = row.decertified { return "decided again: \(decertified)" }
        if !row.blockedOn.isEmpty { return "blocked on " + summary(row.blockedOn) }
        if row.state == "pending" { return "ready: prepared at the next `close run`" }
        guard !row.waitingFor.isEmpty else { return "—" }
        return deciders(row.waitingFor)
    }

    /// Who a route waits for, short: "controller (bob, erin), cfo (carol)" from
    /// "cut-off 0.00 USD -> controller (bob, erin), cfo (carol); one approver; decide within 24h",
    /// with "two approvers" when two are needed, the roles an overdue route was escalated to
    /// and a route no one can decide. `close show` and `--format json` keep the whole route.
    static func deciders(_ route: String) -> String {
        let parts = route.components(separatedBy: "; ")
        guard let arrow = parts[0].range(of: " -> ") else { return AmountText.grouped(route) }
        var short = String(parts[0][arrow.upperBound...])
        if parts.contains("two distinct approvers") { short += "; two approvers" }
        for part in parts.dropFirst() where part.hasPrefix("no eligible") || part.hasPrefix("only one") { short += "; " + part }
        for part in parts.dropFirst() where part.hasPrefix("overdue after ") {
            if let escalated = part.range(of: "escalated to ") { short += "; + " + part[escalated.upperBound...] }
        }
        return short
    }

    /// "3 tasks: bank-reconciliation/US01/1000, accruals/US01 ... +1": names while they fit
    /// in about 72 columns, then the count of the rest.
    static func summary(_ tasks: [String], columns: Int = 72) -> String {
        guard tasks.count > 1 else { return tasks.first ?? "" }
        var shown: [String] = []
        var used = 0
        for task in tasks {
            let width = DisplayWidth.of(task) + 2
            if !shown.isEmpty, used + width > columns { break }
            shown.append(task)
            used += width
        }
        let more = tasks.count - shown.count
        return "\(tasks.count) tasks: " + shown.joined(separator: ", ") + (more > 0 ? " ... +\(more)" : "")
    }
}
