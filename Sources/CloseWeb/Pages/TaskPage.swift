import CloseEngine
import Governance
import LedgerCore
import LedgerStore

/// A task as a person decides it: the proposal, its effect on the trial balance, its entries,
/// the evidence (opened on request, which is recorded and enables approval), the findings,
/// the earlier versions and decisions, and the decision forms.
enum TaskPage {
    static func render(session: WebSession, period: PeriodID, view: TaskView, evidenceOpened: Bool, store: LedgerStore,
                       message: String? = nil, error: String? = nil) -> String {
        let proposal = view.latest.proposal
        let currency = view.groupCurrency
        var body = """
            <p>\(h(view.kind)) &middot; state <span class="state state-\(h(view.state))" id="task-state">\(h(view.state))</span> &middot; \
            version \(view.latest.version) prepared by \(h(view.latest.preparedBy)) &middot; size \(h(money(view.amountMinor, currency)))</p>
            <p class="muted">proposal hash \(h(view.latest.hashHex))<br>route: \(h(view.latest.route.description))</p>
            <p id="summary">\(h(proposal.summary))</p>

            """
        body += "<h2>Effect on the trial balance</h2>\n"
        if view.trialBalanceDiff.isEmpty {
            body += "<p>No entries: the trial balance does not change.</p>\n"
        } else {
            body += "<table id=\"tb-diff\"><tr><th>entity</th><th>account</th><th>currency</th><th class=\"n\">now</th><th class=\"n\">change</th><th class=\"n\">after</th></tr>\n"
            for row in view.trialBalanceDiff {
                let lineCurrency = (try? Currency(row.currency)) ?? currency
                let change = row.after &- row.before
                body += "<tr><td>\(h(row.entity))</td><td>\(h(row.account)) \(h(store.group.account(row.account)?.name ?? ""))</td><td>\(h(row.currency))</td>"
                    + "<td class=\"n\">\(h(money(row.before, lineCurrency)))</td><td class=\"n\">\(h(money(change, lineCurrency)))</td><td class=\"n\">\(h(money(row.after, lineCurrency)))</td></tr>\n"
            }
            body += "</table>\n"
        }
        body += entries(proposal, store: store)
        body += evidence(session: session, period: period, view: view, opened: evidenceOpened)
        body += "<h2>Findings</h2>\n" + (proposal.findings.isEmpty ? "<p>None.</p>\n" : "<ul id=\"findings\">"
            + proposal.findings.map { "<li class=\"\($0.severity == .info ? "" : "bad")\">\(h($0.severity.rawValue)): \(h($0.message))</li>" }.joined(separator: "\n") + "</ul>\n")
        body += history(view)
        body += TaskForms.render(session: session, period: period, view: view, evidenceOpened: evidenceOpened)
        return Layout.page(view.task, session: session, body: body, message: message, error: error)
    }

    static func entries(_ proposal: Proposal, store: LedgerStore) -> String {
        guard !proposal.entries.isEmpty else { return "<h2>Entries</h2>\n<p>None proposed.</p>\n" }
        var html = "<h2>Entries</h2>\n<table id=\"entries\"><tr><th>account</th><th class=\"n\">debit</th><th class=\"n\">credit</th><th>partner</th><th>reference</th></tr>\n"
        for entry in proposal.entries {
            html += "<tr class=\"head\"><th colspan=\"5\">\(h(entry.entity)) \(h(entry.date)) \(h(entry.description)) <span class=\"muted\">[\(h(entry.rule)), confidence \(percent(perMille: entry.confidence))]</span></th></tr>\n"
            for line in entry.lines {
                let currency = (try? Currency(line.currency)) ?? store.group.currency
                let amount = money(line.amount.magnitude > UInt64(Int64.max) ? 0 : abs(line.amount), currency)
                html += "<tr><td>\(h(line.account)) \(h(store.group.account(line.account)?.name ?? ""))</td>"
                    + "<td class=\"n\">\(line.amount > 0 ? h(amount) : "")</td><td class=\"n\">\(line.amount < 0 ? h(amount) : "")</td>"
                    + "<td>\(h(line.partner ?? ""))</td><td>\(h(line.reference))</td></tr>\n"
            }
        }
        return html + "</table>\n"
    }

    static func evidence(session: WebSession, period: PeriodID, view: TaskView, opened: Bool) -> String {
        var html = "<h2 id=\"evidence\">Evidence</h2>\n"
        guard opened else {
            return html + """
                <form method="post" action="/task/evidence">\(Layout.csrfField(session))\
                <input type="hidden" name="period" value="\(h(period.description))"><input type="hidden" name="task" value="\(h(view.task))">\
                <button type="submit" id="open-evidence">Open the evidence</button> <span class="muted">recorded in the audit trail; approving waits for it</span></form>

                """
        }
        if let form = view.reconciliation {
            html += ReconciliationSection.render(form, asOf: period.lastDay)
        }
        let items = view.latest.proposal.evidence
        if !items.isEmpty {
            html += "<details><summary>\(items.count) evidence item(s) the agent cited</summary><ul>"
                + items.prefix(500).map { "<li>\(h($0.kind)): \(h($0.id))</li>" }.joined() + "</ul></details>\n"
        }
        return html
    }

    static func history(_ view: TaskView) -> String {
        var html = "<h2>Versions</h2>\n<table id=\"versions\"><tr><th>version</th><th>prepared by</th><th>summary</th><th>hash</th></tr>\n"
        for version in view.versions {
            html += "<tr><td>v\(version.version)</td><td>\(h(version.preparedBy))</td><td>\(h(version.summary))</td><td class=\"muted\">\(h(String(version.hashHex.prefix(16))))...</td></tr>\n"
        }
        html += "</table>\n<h2>Decisions</h2>\n"
        guard !view.decisions.isEmpty else { return html + "<p id=\"decisions\">None yet.</p>\n" }
        html += "<table id=\"decisions\"><tr><th>version</th><th>decision</th><th>by</th><th>reason</th><th>hour</th><th>signature</th></tr>\n"
        for decision in view.decisions {
            html += "<tr><td>v\(decision.version)</td><td>\(h(decision.kind))</td><td>\(h(decision.user))</td><td>\(h(decision.reason))</td>"
                + "<td class=\"n\">\(decision.atHour)</td><td>\(decision.signature.map { "signed with key \($0.keyID) at \(h($0.signedAt))" } ?? "unsigned")</td></tr>\n"
        }
        return html + "</table>\n"
    }
}
