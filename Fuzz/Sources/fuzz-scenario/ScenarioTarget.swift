import FuzzSupport
import LedgerCore
import Simulation

// Scenario YAML (`close scenario generate FILE`): read from a file as the CLI does, so that a
// relative `group:` path starts in the scratch folder. Only the reader is fuzzed: generating
// a fuzzed scenario could legitimately take long (scale goes up to a million).

@main
enum ScenarioTarget {
    static func main() {
        Fuzzer.run(seeds: {
            Seeds.fixtures("scenarios") + Seeds.fixtures("bad/scenarios") { $0.hasSuffix(".yaml") }
                + BuiltInScenarios.names.compactMap { name in BuiltInScenarios.text(named: name).map { Seed("builtin-\(name).yaml", Array($0.utf8)) } }
        }, fuzzScenario)
    }
}

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzScenario(_ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
    do {
        let scenario = try ScenarioFile.parse(contentsOf: ScratchFile.write(Property.bytes(data, size), name: "scenario.yaml"))
        guard ScenarioFile.scaleRange.contains(scenario.scale) else { Property.fail("scale \(scenario.scale) accepted") }
        _ = scenario.description
    } catch {
        Property.requireClear(error)
    }
    return 0
}
