import FuzzSupport
import Interchange
import LedgerCore

// ISO 20022 camt.053 (`close bank import` of an XML file): read against the demo group plus
// the banks of the real files; a file without blocking issues is imported.

@main
enum Camt053Target {
    static func main() {
        Fuzzer.run(seeds: { Seeds.external("camt") { $0.hasSuffix(".xml") } + Generated.camt053() }, fuzzCamt053)
    }
}

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzCamt053(_ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
    let result: BankFileImport
    do {
        result = try Camt053Reader.read(Property.bytes(data, size), file: "fuzz.camt053.xml", group: FuzzGroups.banks)
    } catch {
        Property.requireClear(error)
        return 0
    }
    BankImport.check(result, group: FuzzGroups.banks, file: "fuzz.camt053.xml")
    return 0
}
