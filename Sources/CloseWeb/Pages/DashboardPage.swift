import CloseEngine
import LedgerCore

/// The close at a glance: every entity's every step, the figures a controller reads first,
/// and the timeline with its legend.
enum DashboardPage {
    static func render(session: WebSession, dashboard: CloseDashboard?) -> String {
        guard let dashboard else {
            return Layout.page("Dashboard", session: session, body: "<p>No close has started yet.</p>")
        }
        var body = "<p>Close of \(h(dashboard.period.description)): <b id=\"close-state\">\(h(dashboard.summary.state))</b>, "
            + "\(dashboard.summary.tasks.filter { $0.state == "done" }.count) of \(dashboard.summary.tasks.count) tasks done.</p>\n"
        body += "<h2>Steps by entity</h2>\n<table id=\"grid\"><tr><th>entity</th>" + dashboard.kinds.map { "<th>\(h($0))</th>" }.joined() + "</tr>\n"
        for entity in dashboard.entities {
            body += "<tr><th>\(h(entity))</th>"
            for kind in dashboard.kinds {
                let cells = dashboard.grid[entity]?[kind] ?? []
                body += "<td>" + cells.map { cell in
                    let link = "/task?period=\(query(dashboard.period.description))&task=\(query(cell.task))"
                    return "<a href=\"\(h(link))\" class=\"state state-\(h(cell.state))\" title=\"\(h(cell.task))\" data-task=\"\(h(cell.task))\">\(h(cell.state))\(cell.decertified ? ", decertified" : "")</a>"
                }.joined(separator: " ") + "</td>"
            }
            body += "</tr>\n"
        }
        body += "</table>\n<p class=\"legend\"><span class=\"state state-pending\">pending</span><span class=\"state state-proposed\">waiting for a decision</span>"
            + "<span class=\"state state-done\">done</span><span class=\"state state-rejected\">rejected</span></p>\n"
        let ages = dashboard.openItemsByAge
        let days = dashboard.businessDaysTenths
        let against = CloseDashboard.apqcBenchmarks.sorted { $0.value < $1.value }
            .map { "\($0.key) \($0.value / 10).\($0.value % 10)" }.joined(separator: ", ")
        body += """
            <h2>Figures</h2>
            <table class="figures" id="figures">
            <tr><td>accounts reconciled (certified)</td><td class="n" id="fig-reconciled">\(dashboard.accountsReconciled) of \(dashboard.accounts)</td></tr>
            <tr><td>statement lines auto-matched</td><td class="n" id="fig-matched">\(dashboard.linesAutoMatched) of \(dashboard.statementLines)</td></tr>
            <tr><td>open items by age: 0-30 / 31-60 / 61-90 / over 90 days</td><td class="n" id="fig-ages">\(ages[0]) / \(ages[1]) / \(ages[2]) / \(ages[3])</td></tr>
            <tr><td>flux items without an accepted explanation</td><td class="n" id="fig-flux">\(dashboard.fluxWithoutExplanation)</td></tr>
            <tr><td>findings open</td><td class="n" id="fig-findings">\(dashboard.findingsOpen)</td></tr>
            <tr><td>decertified steps</td><td class="n" id="fig-decertified">\(dashboard.decertifiedSteps)</td></tr>
            <tr><td>days to close (simulated business days) against APQC: \(h(against))</td><td class="n" id="fig-days">\(days / 10).\(days % 10)</td></tr>
            </table>

            """
        body += dashboard.summary.timeline()
        return Layout.page("Dashboard", session: session, body: body)
    }
}
