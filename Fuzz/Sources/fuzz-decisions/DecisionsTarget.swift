import FuzzSupport
import Governance
import LedgerCore

// Decisions YAML (`close run --decisions FILE`): read from a file as the CLI does; an
// accepted script is asked for the rule of each task of the default close.

@main
enum DecisionsTarget {
    static func main() {
        Fuzzer.run(seeds: { Seeds.fixtures("decisions") }, fuzzDecisions)
    }
}

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzDecisions(_ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
    let script: DecisionScript
    do {
        script = try DecisionScriptFile.parse(contentsOf: ScratchFile.write(Property.bytes(data, size), name: "decisions.yaml"))
    } catch {
        Property.requireClear(error)
        return 0
    }
    for rule in script.rules where !DecisionScriptFile.afterHoursRange.contains(rule.afterHours) {
        Property.fail("a rule decides after \(rule.afterHours) hours, outside \(DecisionScriptFile.afterHoursRange)")
    }
    for (task, kind) in [("cut-off", "cut-off"), ("bank-reconciliation/US01/1000", "bank-reconciliation"), ("lock", "lock")] {
        _ = script.decision(for: task, taskKind: kind)
    }
    return 0
}
