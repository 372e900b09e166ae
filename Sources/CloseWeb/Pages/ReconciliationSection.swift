import Agents
import CloseEngine
import LedgerCore

/// A bank reconciliation in the standard form, its open items by age, then the matched lines
/// side by side: the same HTML as the reconciliation report (`ReconciliationFormHTML`).
enum ReconciliationSection {
    static func render(_ form: ReconciliationForm, asOf: CalendarDate) -> String {
        "<h3>Bank reconciliation (standard form)</h3>\n" + ReconciliationFormHTML.form(form)
            + "<h3>Open items by age</h3>\n" + ReconciliationFormHTML.aging(form, asOf: asOf)
            + "<h3>Matched lines</h3>\n" + ReconciliationFormHTML.matches(form)
    }
}
