import CloseEngine
import Governance
import LedgerCore

/// The decision forms of a task: for a person who decides (never the auditor) and a task that
/// waits. Approve is disabled until the evidence was opened; reject needs a reason; override
/// edits the entries, which the engine checks as it checks every posting.
enum TaskForms {
    static func render(session: WebSession, period: PeriodID, view: TaskView, evidenceOpened: Bool) -> String {
        guard session.person.user.role.mayWrite, view.state == "proposed" else { return "" }
        let hidden = Layout.csrfField(session)
            + "<input type=\"hidden\" name=\"period\" value=\"\(h(period.description))\">"
            + "<input type=\"hidden\" name=\"task\" value=\"\(h(view.task))\">"
            + "<input type=\"hidden\" name=\"version\" value=\"\(view.latest.version)\">"
        let signing = session.person.signer == nil
            ? "<p class=\"muted\">Your decisions are not signed: you have no signing key sealed with your password (<code>close users keygen \(h(session.person.user.name))</code>).</p>"
            : "<p class=\"muted\">Each decision is signed with your key \(session.person.signer!.keyID).</p>"
        return """
            <h2>Decide</h2>
            \(signing)
            <form method="post" action="/task/decide" id="approve-form">\(hidden)<input type="hidden" name="verdict" value="approve">
            <label>Reason (optional) <input type="text" name="reason" maxlength="500"></label>
            <button type="submit" id="approve"\(evidenceOpened ? "" : " disabled title=\"open the evidence first\"")>Approve</button>\(evidenceOpened ? "" : " <span class=\"muted\">open the evidence first</span>")</form>
            <form method="post" action="/task/decide" id="reject-form">\(hidden)<input type="hidden" name="verdict" value="reject">
            <label>Reason <input type="text" name="reason" id="reject-reason" required maxlength="500"></label>
            <button type="submit" id="reject">Reject</button></form>
            <form method="post" action="/task/decide" id="defer-form">\(hidden)<input type="hidden" name="verdict" value="defer">
            <label>Reason <input type="text" name="reason" maxlength="500"></label>
            <button type="submit" id="defer">Defer</button></form>
            <details id="override-section"><summary>Override the entries</summary>
            <form method="post" action="/task/override" id="override-form">\(hidden)
            <p class="muted">One line per posting: <code>entry,entity,date,account,debit,credit,currency,description</code>; the lines of one entry share its first field.
            Checked as every posting is: balanced, known accounts, the task's entities and period.</p>
            <textarea name="entries" id="override-entries" rows="10" cols="110">\(h(OverrideForm.text(of: view.latest.proposal)))</textarea>
            <p><label>Reason <input type="text" name="reason" id="override-reason" required maxlength="500"></label>
            <button type="submit" id="override">Override</button></p></form></details>

            """
    }
}
