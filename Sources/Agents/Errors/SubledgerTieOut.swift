import Governance
import LedgerCore

/// Subledger totals against their control accounts. The ledger keeps no subledger tables, so
/// the subledger is rebuilt from what exists: the open items of trade receivables and trade
/// payables by reference (`OpenItems`, every line from the first to the period's last day).
/// Per control account and currency it compares
///   subledger = the sum of the open items' balances, with
///   control   = the account's balance at the period's end as the ledger's balance table keeps it.
/// A difference is a finding naming what makes it: lines posted to the control account without
/// a reference (belonging to no customer's or supplier's item), or, when there are none, a
/// balance table that no longer agrees with the lines. Posts nothing.
struct SubledgerTieOut {
    func detect(_ scope: ErrorScope, snapshot: any LedgerSnapshot) throws -> ErrorResult {
        let code = scope.entity.code
        let balances = try snapshot.currencyBalances(entity: code, period: scope.period)
        var result = ErrorResult()
        var tied: [String] = []
        for (name, account) in [("receivables", scope.accounts.tradeReceivables), ("payables", scope.accounts.tradePayables)] {
            let items = try OpenItems(try scope.controlLines(of: code, [account], snapshot: snapshot))
            let subledger = try items.totals()
            var control: [Currency: Int64] = [:]
            for balance in balances where balance.account == account { control[balance.currency] = balance.amountMinor }
            for currency in Set(subledger.keys).union(control.keys).sorted() {
                let open = subledger[currency] ?? 0, booked = control[currency] ?? 0
                let difference = try Checked.add(booked, try Checked.negate(open))
                guard difference != 0 else {
                    tied.append("\(account) \(currency)")
                    continue
                }
                let loose = items.unreferenced.filter { $0.currency == currency }
                let cause = loose.isEmpty
                    ? "no line lacks a reference: the balance table disagrees with the lines; run `close audit verify`"
                    : "\(loose.count) line(s) posted to \(account) without a reference belong to no open item: \(loose.map { "\($0.document) \(scope.money($0.amountMinor, $0.currency))" }.joined(separator: ", "))"
                result.findings.append(Finding(
                    id: "\(scope.task.id)/subledger/\(account)/\(currency)", severity: .warning,
                    message: "the \(name) subledger of \(code) does not tie to \(account) in \(currency): open items \(scope.money(open, currency)), control account \(scope.money(booked, currency)), difference \(scope.money(difference, currency)); \(cause)",
                    evidence: loose.map(Evidence.line) + [Evidence(kind: "account", id: "\(code)/\(account)/\(currency)")]))
            }
        }
        let note = tied.isEmpty ? "no open items on \(scope.accounts.tradeReceivables) or \(scope.accounts.tradePayables): nothing to tie"
            : "subledgers tie to their control accounts (\(tied.joined(separator: ", ")))"
        result.notes.append(result.findings.isEmpty ? note : "\(result.findings.count) subledger difference(s)")
        return result
    }
}
