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

    /// One self-contained HTML page.
    public static func html(_ accounts: [Account], period: PeriodID) -> String {
        func escape(_ text: String) -> String { HTMLPage.escape(text) }
        var rows = ""
        for account in accounts {
            rows += "<tr class=\"\(account.certified ? "ok" : "open")\"><td>\(escape(account.entity))</td><td>\(escape(account.account))</td><td>\(escape(account.iban))</td>"
            rows += "<td>\(account.matchedLines)/\(account.statementLines)</td><td>\(account.proposedEntries.count)</td><td>\(account.outstanding.count)</td><td>\(account.bankOnly.count)</td>"
            rows += "<td>\(escape(account.certification))</td></tr>\n"
            for item in account.proposedEntries + account.outstanding + account.bankOnly + account.other {
                rows += "<tr class=\"item\"><td colspan=\"8\">\(escape(item))</td></tr>\n"
            }
        }
        return HTMLPage.document(title: "Bank reconciliation \(period)", body: """
        <h1>Bank reconciliation \(period)</h1>
        <table><tr><th>entity</th><th>account</th><th>IBAN</th><th>matched</th><th>entries proposed</th><th>outstanding</th><th>bank only</th><th>certification</th></tr>
        \(rows)</table>
        """)
    }
}
