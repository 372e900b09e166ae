import Agents
import Foundation
import Governance
import LedgerCore
import LedgerStore

/// `close report reconciliation`: the bank reconciliation agent run now, read-only, over
/// every bank account (of one entity or all): matches, proposed entries, reconciling items
/// and the certification.
public enum ReconciliationReport {
    public struct Account: Sendable, Codable, Equatable {
        public var entity: String
        public var account: String
        public var iban: String
        public var currency: String
        public var statementLines: Int
        public var matchedLines: Int
        public var proposedEntries: [String]
        public var outstanding: [String]
        public var bankOnly: [String]
        public var other: [String]
        public var certified: Bool
        public var certification: String
    }

    public static func build(store: LedgerStore, period: PeriodID, entity: String?) throws -> [Account] {
        let snapshot = StoreSnapshot(store: store)
        let policy = try store.currentPolicy().map { try PolicyFile.parse($0.text, file: "policy v\($0.version)", currency: store.group.currency) }
            ?? PolicyFile.defaultPolicy(currency: store.group.currency)
        let agent = BankReconciliationAgent()
        return try store.group.bankAccounts.filter { entity == nil || $0.entity == entity }.map { bank in
            let task = AgentTask(id: "bank-reconciliation/\(bank.entity)/\(bank.account)", kind: "bank-reconciliation",
                                 entity: bank.entity, account: bank.account)
            let proposal = try agent.prepare(task, snapshot: snapshot,
                                             context: AgentContext(period: period, policy: policy, taskStates: [:], seed: 0, hour: 0))
            let lines = try snapshot.bankStatements(entity: bank.entity, account: bank.account, period: period).reduce(0) { $0 + $1.lines.count }
            let matched = proposal.evidence.filter { $0.kind == "match" }
                .reduce(0) { $0 + ($1.id.split(separator: " = ").first?.split(separator: "+").count ?? 0) }
            func messages(_ marker: String) -> [String] { proposal.findings.filter { $0.id.contains(marker) }.map(\.message) }
            let certification = proposal.findings.first { $0.id.hasSuffix("/certification") || $0.id.hasSuffix("/no-statement") }
            return Account(entity: bank.entity, account: bank.account, iban: bank.iban, currency: bank.currency.code,
                           statementLines: lines, matchedLines: matched,
                           proposedEntries: proposal.entries.map { "\($0.date) \($0.description) [\($0.rule)]" },
                           outstanding: messages("/outstanding/"), bankOnly: messages("/bank-only/"),
                           other: messages("/ambiguous/") + messages("/difference/"),
                           certified: certification?.severity == .info, certification: certification?.message ?? "")
        }
    }

    /// The standard-form figures of each account of `build` (same order; nil without a
    /// statement), recomputed by the agent's own computation.
    public static func forms(store: LedgerStore, period: PeriodID, entity: String?) throws -> [ReconciliationForm?] {
        try store.group.bankAccounts.filter { entity == nil || $0.entity == entity }.map { bank in
            try ReconciliationForm.build(store: store, task: AgentTask(id: "bank-reconciliation/\(bank.entity)/\(bank.account)", kind: "bank-reconciliation",
                                                                        entity: bank.entity, account: bank.account), period: period)
        }
    }

    /// One self-contained HTML page: a summary table grouped by entity with a subtotal row
    /// each, then per account the standard form, its open items by age, the entries proposed
    /// and the matched lines (detail folded past the page's limit). `forms` in `accounts` order.
    public static func html(_ accounts: [Account], forms: [ReconciliationForm?] = [], period: PeriodID) -> String {
        func escape(_ text: String) -> String { HTMLPage.escape(text) }
        func form(_ index: Int) -> ReconciliationForm? { index < forms.count ? forms[index] : nil }
        let certified = accounts.filter(\.certified).count
        var body = "<h1>Bank reconciliation \(period)</h1>\n"
        body += HTMLPage.figures([("\(certified) of \(accounts.count)", "accounts certified"),
                                  ("\(HTMLPage.count(accounts.reduce(0) { $0 + $1.matchedLines })) of \(HTMLPage.count(accounts.reduce(0) { $0 + $1.statementLines }))", "statement lines matched"),
                                  ("\(accounts.reduce(0) { $0 + $1.proposedEntries.count })", "entries proposed"),
                                  (HTMLPage.count(accounts.reduce(0) { $0 + $1.outstanding.count + $1.bankOnly.count }), "open items")])
        body += "<table id=\"accounts\"><tr><th>entity / account</th><th>IBAN</th><th class=\"n\">matched</th><th class=\"n\">proposed</th>"
            + "<th class=\"n\">outstanding</th><th class=\"n\">bank only</th><th class=\"n\">difference</th><th>certification</th></tr>\n"
        var entities: [String] = []
        for account in accounts where !entities.contains(account.entity) { entities.append(account.entity) }
        for entity in entities {
            let indices = accounts.indices.filter { accounts[$0].entity == entity }
            body += "<tr class=\"group\"><th colspan=\"8\">\(escape(entity))</th></tr>\n"
            for index in indices {
                let account = accounts[index]
                let difference = form(index).map { "\(HTMLPage.amount($0.differenceMinor, $0.currency)) \($0.currency)" } ?? "-"
                body += "<tr class=\"\(account.certified ? "ok" : "open")\"><td><a href=\"#\(anchor(account))\">\(escape(account.account))</a></td><td>\(escape(account.iban))</td>"
                    + "<td class=\"n\">\(HTMLPage.count(account.matchedLines))/\(HTMLPage.count(account.statementLines))</td><td class=\"n\">\(account.proposedEntries.count)</td>"
                    + "<td class=\"n\">\(account.outstanding.count)</td><td class=\"n\">\(account.bankOnly.count)</td><td class=\"n\">\(escape(difference))</td>"
                    + "<td class=\"status\">\(escape(AmountText.grouped(account.certification)))</td></tr>\n"
            }
            let group = indices.map { accounts[$0] }
            body += "<tr class=\"subtotal\"><td>\(escape(entity)) subtotal</td><td>\(group.filter(\.certified).count) of \(group.count) certified</td>"
                + "<td class=\"n\">\(HTMLPage.count(group.reduce(0) { $0 + $1.matchedLines }))/\(HTMLPage.count(group.reduce(0) { $0 + $1.statementLines }))</td>"
                + "<td class=\"n\">\(HTMLPage.count(group.reduce(0) { $0 + $1.proposedEntries.count }))</td><td class=\"n\">\(HTMLPage.count(group.reduce(0) { $0 + $1.outstanding.count }))</td>"
                + "<td class=\"n\">\(group.reduce(0) { $0 + $1.bankOnly.count })</td><td></td><td></td></tr>\n"
        }
        body += "</table>\n"
        for (index, account) in accounts.enumerated() {
            let prefix = anchor(account) + "-"
            body += "<h2 id=\"\(anchor(account))\">\(escape(account.entity)) \(escape(account.account)) (\(escape(account.currency)))</h2>\n"
            guard let form = form(index) else {
                body += "<p class=\"muted\">\(escape(account.certification.isEmpty ? "No statement for the period." : AmountText.grouped(account.certification)))</p>\n"
                continue
            }
            body += "<h3>Standard form</h3>\n" + ReconciliationFormHTML.form(form, idPrefix: prefix)
            body += "<h3>Open items by age</h3>\n" + ReconciliationFormHTML.aging(form, asOf: period.lastDay, idPrefix: prefix)
            let notes = account.proposedEntries.map { "entry proposed: " + $0 } + account.other
            if !notes.isEmpty {
                body += "<h3>Entries proposed and other findings</h3>\n<ul>" + notes.prefix(HTMLPage.openRowsMax).map { "<li>\(escape(AmountText.grouped($0)))</li>" }.joined() + "</ul>\n"
                if notes.count > HTMLPage.openRowsMax {
                    body += "<details><summary>\(min(notes.count, HTMLPage.rowsMax) - HTMLPage.openRowsMax) more</summary><ul>"
                        + notes[HTMLPage.openRowsMax..<min(notes.count, HTMLPage.rowsMax)].map { "<li>\(escape(AmountText.grouped($0)))</li>" }.joined() + "</ul></details>\n"
                    if notes.count > HTMLPage.rowsMax {
                        body += "<p class=\"muted\">\(notes.count - HTMLPage.rowsMax) further not shown here: see close report reconciliation --format json</p>\n"
                    }
                }
            }
            body += "<h3>Matched lines</h3>\n" + ReconciliationFormHTML.matches(
                form, idPrefix: prefix, elsewhere: "close show bank-reconciliation/\(account.entity)/\(account.account) --format json, once the close has prepared it")
        }
        return HTMLPage.document(title: "Bank reconciliation \(period)", body: body)
    }

    static func anchor(_ account: Account) -> String { HTMLPage.escape("account-\(account.entity)-\(account.account)") }
}
