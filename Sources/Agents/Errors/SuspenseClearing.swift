import Governance
import LedgerCore

/// A balance on suspense: the postings that made it (suspense lines of one reference and
/// currency that do not net to zero) and, where a rule can tell, a re-posting to the open
/// item they belong to. Money in on suspense is a customer's payment: it goes to trade
/// receivables; money out is a payment to a supplier: trade payables.
/// - `suspense-reference`: the posting's reference is an open item of exactly that amount (950).
/// - `suspense-counterparty`: one open item of that amount whose counterparty the posting
///   names (700).
/// Anything else is a finding listing the candidates.
struct SuspenseClearing {
    func detect(_ scope: ErrorScope, snapshot: any LedgerSnapshot) throws -> ErrorResult {
        let code = scope.entity.code, suspense = scope.accounts.suspense
        let postings = try OpenItems(try scope.controlLines(of: code, [suspense], snapshot: snapshot))
        var result = ErrorResult()
        // "Nothing on suspense" would be a false all-clear for an account the chart lacks.
        guard scope.group.account(suspense) != nil else {
            result.findings.append(Finding(id: "\(scope.task.id)/suspense-account-missing", severity: .error,
                                           message: "the policy's suspense account \(suspense) is not in the group's chart, so nothing on suspense could be checked; name an existing account with `close policy set` (accounts.suspense)"))
            return result
        }
        guard !postings.open.isEmpty || !postings.unreferenced.isEmpty else {
            result.notes.append("nothing on suspense (\(suspense))")
            return result
        }
        let receivables = try OpenItems(try scope.controlLines(of: code, [scope.accounts.tradeReceivables], snapshot: snapshot))
        let payables = try OpenItems(try scope.controlLines(of: code, [scope.accounts.tradePayables], snapshot: snapshot))
        for posting in postings.open {
            // A credit on suspense is money in: it pays a receivable (an open debit).
            let isReceipt = posting.amountMinor < 0
            let control = isReceipt ? scope.accounts.tradeReceivables : scope.accounts.tradePayables
            let items = isReceipt ? receivables : payables
            result.evidence += posting.lines.map(Evidence.line)
            let what = "\(scope.money(posting.amountMinor, posting.currency)) on suspense (\(suspense)) with reference \(posting.reference) from \(documents(posting))"
            if let item = items.item(posting.currency, posting.reference), item.amountMinor == -posting.amountMinor {
                result.entries.append(try reposting(posting, to: item, control: control, rule: "suspense-reference", confidence: 950, scope: scope,
                                                    why: "its reference \(posting.reference) is the open item on \(control) of exactly that amount"))
                continue
            }
            if let item = items.item(posting.currency, posting.reference), item.amountMinor != 0 {
                result.findings.append(finding(posting, scope, "\(what): the open item \(item.reference) on \(control) is \(scope.money(item.amountMinor, item.currency)), not the same amount; a part payment or a wrong reference? a human decides", [item]))
                continue
            }
            let sameAmount = items.open.filter { $0.currency == posting.currency && $0.amountMinor == -posting.amountMinor }
            let named = sameAmount.filter { item in item.counterparties.contains { name in posting.lines.contains { $0.description.contains(name) } } }
            if named.count == 1 {
                result.entries.append(try reposting(posting, to: named[0], control: control, rule: "suspense-counterparty", confidence: 700, scope: scope,
                                                    why: "the only open item on \(control) of that amount, \(named[0].reference), is of the counterparty the posting names"))
            } else {
                let candidates = named.isEmpty ? sameAmount : named
                result.findings.append(finding(posting, scope, candidates.isEmpty
                    ? "\(what): no open item on \(control) explains it; find the document and re-post it"
                    : "\(what): \(candidates.count) open items on \(control) could be it (\(candidates.map(\.reference).joined(separator: ", "))); a human chooses", candidates))
            }
        }
        for line in postings.unreferenced {
            result.evidence.append(.line(line))
            result.findings.append(Finding(id: "\(scope.task.id)/suspense/\(line.document)", severity: .warning,
                                           message: "\(scope.money(line.amountMinor, line.currency)) on suspense (\(suspense)) from \(line.document) (\(line.entryKey)) has no reference; no rule can tell where it belongs",
                                           evidence: [.line(line)]))
        }
        result.notes.append("\(postings.open.count + postings.unreferenced.count) posting(s) on suspense")
        return result
    }

    /// Takes the amount off suspense and onto the open item, in the posting's currency; a
    /// foreign posting leaves suspense at the functional amount it was booked at.
    private func reposting(_ posting: OpenItems.Item, to item: OpenItems.Item, control: String, rule: String, confidence: Int,
                           scope: ErrorScope, why: String) throws -> ProposedEntry {
        let foreign = posting.currency != scope.entity.currency
        let last = posting.lines.map(\.date).max() ?? scope.period.lastDay
        let description = "Re-post \(posting.reference) from suspense to \(control)"
        return ProposedEntry(
            entity: scope.entity.code, date: scope.correctionDate(for: last).description, description: description,
            key: "suspense-\(posting.currency)-\(posting.reference)",
            lines: [ProposedLine(account: scope.accounts.suspense, currency: posting.currency.code, amount: try Checked.negate(posting.amountMinor),
                                 functionalAmount: foreign ? try Checked.negate(posting.functionalMinor) : nil,
                                 reference: posting.reference, description: description),
                    ProposedLine(account: control, currency: posting.currency.code, amount: posting.amountMinor,
                                 functionalAmount: foreign ? posting.functionalMinor : nil,
                                 reference: item.reference, description: description)],
            rule: rule, confidence: confidence,
            explanation: "\(scope.money(posting.amountMinor, posting.currency)) was posted to suspense (\(scope.accounts.suspense)) by \(documents(posting)); \(why) (\(item.counterparties.joined(separator: ", "))). The re-posting clears suspense and settles \(item.reference) on \(control); the original postings stay as they are.")
    }

    private func finding(_ posting: OpenItems.Item, _ scope: ErrorScope, _ message: String, _ candidates: [OpenItems.Item]) -> Finding {
        Finding(id: "\(scope.task.id)/suspense/\(posting.currency)/\(posting.reference)", severity: .warning, message: message,
                evidence: posting.lines.map(Evidence.line) + candidates.flatMap { $0.lines.map(Evidence.line) })
    }

    private func documents(_ posting: OpenItems.Item) -> String {
        Array(Set(posting.lines.map { "\($0.document) (\($0.entryKey))" })).sorted().joined(separator: ", ")
    }
}
