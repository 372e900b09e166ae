import CloseEngine
import LedgerCore

/// The tasks waiting for the signed-in person, filterable by entity and task kind, with the
/// ready ones (evidence opened, theirs to approve) selectable for a bulk approval.
enum InboxPage {
    static func render(session: WebSession, period: PeriodID?, items: [InboxItem], all: [InboxItem], entity: String?, kind: String?,
                       currency: Currency, message: String? = nil, error: String? = nil) -> String {
        guard let period else {
            return Layout.page("Inbox", session: session, body: "<p>No close has started yet: <code>close run --period YYYY-MM --as USER</code> starts one.</p>",
                               message: message, error: error)
        }
        let decides = session.person.user.role.mayWrite
        func options(_ values: [String], selected: String?) -> String {
            (["<option value=\"\">all</option>"] + Array(Set(values)).sorted().map {
                "<option value=\"\(h($0))\"\($0 == selected ? " selected" : "")>\(h($0))</option>"
            }).joined()
        }
        var body = """
            <p>Close of \(h(period.description)): \(items.count) task\(items.count == 1 ? "" : "s") waiting for you\(entity != nil || kind != nil ? " (filtered)" : "").</p>
            <form method="get" action="/inbox" id="filters">
            <label>Entity <select name="entity">\(options(all.map(\.entity), selected: entity))</select></label>
            <label>Task kind <select name="kind">\(options(all.map(\.kind), selected: kind))</select></label>
            <button type="submit">Filter</button></form>

            """
        guard !items.isEmpty else { return Layout.page("Inbox", session: session, body: body + "<p>Nothing waits for you.</p>", message: message, error: error) }
        body += decides ? "<form method=\"post\" action=\"/bulk-approve\" id=\"bulk\">\(Layout.csrfField(session))<input type=\"hidden\" name=\"period\" value=\"\(h(period.description))\">\n" : ""
        body += "<table id=\"inbox\"><tr>\(decides ? "<th></th>" : "")<th>task</th><th>entity</th><th>kind</th><th class=\"n\">amount</th><th>policy band</th><th class=\"n\">age (h)</th><th>due</th><th>evidence</th></tr>\n"
        for item in items {
            let link = "/task?period=\(query(period.description))&task=\(query(item.task))"
            let box = item.isReady ? "<input type=\"checkbox\" name=\"task\" value=\"\(h(item.task))\" aria-label=\"select \(h(item.task))\">" : ""
            body += "<tr>\(decides ? "<td>\(box)</td>" : "")<td><a href=\"\(h(link))\">\(h(item.task))</a> v\(item.version)</td><td>\(h(item.entity))</td><td>\(h(item.kind))</td>"
                + "<td class=\"n\">\(h(money(item.amountMinor, currency)))</td><td>\(h(item.band))</td><td class=\"n\">\(item.ageHours)</td>"
                + "<td>business day \(item.dueBusinessDay)</td><td>\(item.evidenceOpened ? "opened" : "not opened")\(item.mayApprove ? "" : "; you may reject or defer only")</td></tr>\n"
        }
        body += "</table>\n"
        if decides {
            body += "<p><button type=\"submit\" id=\"bulk-approve\">Approve the selected tasks</button> <span class=\"muted\">each is its own signed decision; only tasks whose evidence you opened can be selected</span></p></form>\n"
        }
        return Layout.page("Inbox", session: session, body: body, message: message, error: error)
    }
}
