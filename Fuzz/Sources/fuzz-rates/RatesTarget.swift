import FuzzSupport
import Interchange
import LedgerCore
import LedgerStore

// Rates CSV (`close rates import`): parsed, then stored.

@main
enum RatesTarget {
    static func main() {
        Fuzzer.run(seeds: { Seeds.fixtures("rates") + Seeds.fixtures("bad") { $0.hasPrefix("rates-") } + Generated.rates() }, fuzzRates)
    }
}

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzRates(_ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
    let parsed: ParsedRates
    do {
        parsed = try RatesCSV.parse(Property.bytes(data, size), file: "fuzz-rates.csv")
    } catch {
        Property.requireClear(error)
        return 0
    }
    guard parsed.lines.count == parsed.quotes.count else {
        Property.fail("\(parsed.quotes.count) rates but \(parsed.lines.count) line numbers")
    }
    FuzzLedger.check(group: FuzzGroups.demo, "import of \(parsed.quotes.count) rates") { store in
        _ = try store.importRates(parsed.quotes, actor: FuzzLedger.actor, source: "fuzz-rates.csv")
    }
    return 0
}
