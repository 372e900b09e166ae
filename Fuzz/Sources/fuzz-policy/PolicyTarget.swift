import FuzzSupport
import Governance
import LedgerCore

// Policy YAML (`close policy set FILE`): read from a file as the CLI does, in a two-decimal
// and a zero-decimal group currency; an accepted policy is checked for satisfiability and
// routes proposals of every size, as the engine does with it.

@main
enum PolicyTarget {
    static func main() {
        Fuzzer.run(seeds: { Seeds.fixtures("policies") + [Seed("builtin-default-policy.yaml", Array(PolicyFile.defaultText.utf8))] }, fuzzPolicy)
    }
}

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzPolicy(_ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
    let path = ScratchFile.write(Property.bytes(data, size), name: "policy.yaml")
    for currency in [Currency.usd, Currency.jpy] {
        let policy: Policy
        do {
            policy = try PolicyFile.parse(contentsOf: path, currency: currency)
        } catch {
            Property.requireClear(error)
            continue
        }
        _ = PolicySatisfiability.problem(policy, group: FuzzGroups.demo, taskKinds: ["cut-off", "bank-reconciliation", "lock"])
        let proposal = Proposal(task: "bank-reconciliation/US01/1000", taskKind: "bank-reconciliation", preparedBy: "agent:bank-reconciliation",
                                summary: "fuzz")
        for amount: Int64 in [0, 1, 99_999, 10_000_000_000, Int64.max, Int64.min + 1] {
            let route = ApprovalRouter.route(proposal, amountMinor: amount, currency: currency, policy: policy, group: FuzzGroups.demo)
            for hours in [0, 1, 25, 8760] { _ = ApprovalRouter.escalate(route, elapsedHours: hours, group: FuzzGroups.demo) }
        }
    }
    return 0
}
