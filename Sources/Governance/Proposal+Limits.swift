import LedgerCore

extension Proposal {
    /// What any proposal keeps before it is stored, and an edited one (an override) before
    /// anything is written: every text free of control characters (it is shown to the
    /// approver on a terminal) and every line amount within `AmountLimit.maximum`. The
    /// error names the field (`entries[0].lines[1].description`).
    public func checkLimits() throws(LedgerError) {
        var texts: [(String, String)] = [("task", task), ("taskKind", taskKind), ("preparedBy", preparedBy), ("summary", summary)]
        for (e, entry) in entries.enumerated() {
            let path = "entries[\(e)]"
            texts += [("\(path).entity", entry.entity), ("\(path).date", entry.date), ("\(path).description", entry.description),
                      ("\(path).key", entry.key), ("\(path).rule", entry.rule), ("\(path).explanation", entry.explanation),
                      ("\(path).reverseOn", entry.reverseOn ?? "")]
            for (l, line) in entry.lines.enumerated() {
                let linePath = "\(path).lines[\(l)]"
                texts += [("\(linePath).account", line.account), ("\(linePath).currency", line.currency),
                          ("\(linePath).partner", line.partner ?? ""), ("\(linePath).reference", line.reference),
                          ("\(linePath).description", line.description)]
                for (amount, field) in [(line.amount, "amount"), (line.functionalAmount ?? 0, "functionalAmount")]
                where amount.magnitude > UInt64(AmountLimit.maximum) {
                    throw LedgerError(.invalidAmount, "\(linePath).\(field) \(amount) is over the largest amount the ledger accepts, 10^15 minor units",
                                      at: SourceLocation(field: "\(linePath).\(field)"))
                }
            }
        }
        for (p, action) in periodActions.enumerated() {
            texts += [("periodActions[\(p)].entity", action.entity), ("periodActions[\(p)].period", action.period),
                      ("periodActions[\(p)].target", action.target)]
        }
        for (f, finding) in findings.enumerated() {
            texts += [("findings[\(f)].id", finding.id), ("findings[\(f)].message", finding.message)]
            texts += finding.evidence.enumerated().flatMap { [("findings[\(f)].evidence[\($0)].kind", $1.kind), ("findings[\(f)].evidence[\($0)].id", $1.id)] }
        }
        texts += evidence.enumerated().flatMap { [("evidence[\($0)].kind", $1.kind), ("evidence[\($0)].id", $1.id)] }
        texts += impact.enumerated().flatMap { [("impact[\($0)].entity", $1.entity), ("impact[\($0)].account", $1.account), ("impact[\($0)].currency", $1.currency)] }
        texts += (inputs ?? []).enumerated().flatMap { [("inputs[\($0)].scope", $1.scope), ("inputs[\($0)].state", $1.state)] }
        for (field, text) in texts {
            try SafeText.check(text, field: field)
        }
    }
}
