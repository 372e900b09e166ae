import FuzzSupport
import Interchange
import LedgerCore

// SWIFT MT940 (`close bank import` of a .sta file): read against the demo group plus the
// banks of the real files; a file without blocking issues is imported.

@main
enum MT940Target {
    static func main() {
        Fuzzer.run(seeds: { Seeds.external("mt940") { $0.hasSuffix(".sta") } + Seeds.inRepository("mt940") }, fuzzMT940)
    }
}

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzMT940(_ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
    let result: BankFileImport
    do {
        result = try MT940Reader.read(Property.bytes(data, size), file: "fuzz.sta", group: FuzzGroups.banks)
    } catch {
        Property.requireClear(error)
        return 0
    }
    BankImport.check(result, group: FuzzGroups.banks, file: "fuzz.sta")
    return 0
}
